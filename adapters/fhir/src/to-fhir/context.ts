import { isDeepStrictEqual } from 'node:util';
import { type Issue, issue } from '@medsupply/validators';
import type {
  FhirBundleEntry,
  FhirBundleRequest,
  FhirPeriod,
  FhirQuantity,
  FhirReference,
  FhirResource,
  FhirVersion,
} from '../types.js';
import { stableStringify } from '../util/json.js';
import { identifierQuery } from '../util/search.js';
import { nameBasedUuid } from '../util/uuid.js';

/**
 * A resource being built that can hold contained resources (a copy of shared data that conflicts
 * with the copy already in the Bundle). Contained resources cannot contain others, so a holder
 * that is itself contained is `undefined`.
 */
export interface Holder {
  contained: FhirResource[];
}

/** Writes one canonical value found at `path` as FHIR; reports its own issues. */
export type ValueWriter<T> = (
  ctx: ToFhirContext,
  value: unknown,
  path: string,
  holder: Holder | undefined,
) => T;

/**
 * Writers of the values that nest inside each other: an identifier's issuer is a party with
 * identifiers, a Quantity's extensions hold identifiers, a product's extensions hold parties. The lower
 * modules of this folder reach these writers through the context instead of importing the modules
 * that define them, so imports run one way (the table is filled in `writers.ts`).
 */
export interface ValueWriters {
  party: ValueWriter<FhirReference>;
  location: ValueWriter<FhirReference>;
  product: ValueWriter<FhirReference>;
  supplySource: ValueWriter<FhirReference>;
  quantity: ValueWriter<FhirQuantity>;
  period: ValueWriter<FhirPeriod>;
}

/** Where a shared resource is keyed: its type and first business identifier. */
export interface SharedKey {
  resourceType: string;
  system: string;
  value: string;
}

/**
 * State of one canonical → FHIR conversion: the Bundle entries, the shared resources already
 * emitted (by business identifier) and the issues.
 */
export class ToFhirContext {
  readonly entries: FhirBundleEntry[] = [];
  readonly issues: Issue[] = [];
  private readonly shared = new Map<string, { canonical: unknown; fullUrl: string }>();

  constructor(
    readonly version: FhirVersion,
    readonly writers: ValueWriters,
  ) {}

  /** Records a problem at a JSON Pointer into the canonical input. */
  report(
    severity: Issue['severity'],
    code: string,
    path: string,
    message: string,
    params?: Record<string, unknown>,
  ): void {
    this.issues.push(issue(severity, code, path, message, params));
  }

  /**
   * A reference to a shared resource (Organization, Location, Medication, InventoryItem), emitted once
   * per business identifier as a conditional create. When the same identifier comes back with other
   * content, that copy is contained in `holder` (or, without a holder, emitted as its own entry).
   */
  sharedReference(
    key: SharedKey,
    canonical: unknown,
    build: (canContain: boolean) => FhirResource,
    path: string,
    holder: Holder | undefined,
  ): FhirReference {
    const mapKey = `${key.resourceType}|${key.system}|${key.value}`;
    const known = this.shared.get(mapKey);
    // The identifier rides along, so a reader without the target (a server search without _include)
    // can still refer to it by identifier.
    const reference = (target: string): FhirReference => ({
      reference: target,
      type: key.resourceType,
      identifier: { system: key.system, value: key.value },
    });
    // Key order does not matter; isDeepStrictEqual compares without building text.
    if (known !== undefined && isDeepStrictEqual(known.canonical, canonical)) return reference(known.fullUrl);
    if (known === undefined) {
      const fullUrl = `urn:uuid:${nameBasedUuid(`shared|${mapKey}`)}`;
      this.shared.set(mapKey, { canonical, fullUrl });
      const resource = build(true);
      // Without an identifier (only in an invalid document) there is nothing to make the create conditional on.
      const request: FhirBundleRequest =
        key.system === '' || key.value === ''
          ? { method: 'POST', url: key.resourceType }
          : { method: 'POST', url: key.resourceType, ifNoneExist: identifierQuery(key.system, key.value) };
      this.entries.push({ fullUrl, resource, request });
      return reference(fullUrl);
    }
    this.report(
      'info',
      'FHIR_SHARED_RESOURCE_CONFLICT',
      path,
      `${key.system}|${key.value} was already given with other content; this copy is kept apart`,
      { system: key.system, value: key.value },
    );
    if (holder !== undefined) {
      const id = `c${holder.contained.length + 1}`;
      const { resourceType, ...rest } = build(false);
      holder.contained.push({ resourceType, id, ...rest });
      return reference(`#${id}`);
    }
    const fullUrl = `urn:uuid:${nameBasedUuid(`shared|${mapKey}|${stableStringify(canonical)}`)}`;
    if (!this.entries.some((e) => e.fullUrl === fullUrl)) {
      this.entries.push({
        fullUrl,
        resource: build(true),
        request: { method: 'POST', url: key.resourceType },
      });
    }
    return reference(fullUrl);
  }

  /** Adds a resource that carries (part of) a document. */
  addDocumentEntry(entry: FhirBundleEntry): void {
    this.entries.push(entry);
  }
}
