import type { Identifier, Location, Party, Period, Product, Quantity } from '@medsupply/types';
import { type Issue, issue } from '@medsupply/validators';
import type { FhirResource, FhirVersion } from '../types.js';
import { own, ownString } from '../util/json.js';

/** A resource found in the input, with where it sits (JSON Pointer) and how it can be referred to. */
export interface Located {
  resource: FhirResource;
  /** JSON Pointer of the resource in the input (`/entry/3/resource`, `/2`, `` for a lone resource). */
  path: string;
  /** The Bundle entry fullUrl, when there is one. */
  fullUrl?: string;
  /** The resource this one is contained in. */
  container?: Located;
}

/** A canonical reference by identifier. */
export interface ByIdentifier {
  identifier: Identifier;
}

/** Reads one FHIR value found at `path` in the resource `at`; reports its own issues. */
export type ValueReader<T> = (
  ctx: FromFhirContext,
  value: unknown,
  at: Located,
  path: string,
) => T | undefined;

/**
 * Readers of the values that nest inside each other: an identifier's assigner is an Organization with
 * identifiers, an extension holds a Quantity with extensions, a Location's operator is an Organization.
 * The lower modules of this folder reach these readers through the context instead of importing the
 * modules that define them, so imports run one way (the table is filled in `readers.ts`).
 */
export interface ValueReaders {
  party: ValueReader<Party | ByIdentifier>;
  location: ValueReader<Location | ByIdentifier>;
  product: ValueReader<Product | ByIdentifier>;
  supplySource: ValueReader<Party | Location | ByIdentifier>;
  quantity: ValueReader<Quantity>;
  period: ValueReader<Period>;
}

/** How far references are followed from one document (an identifier's assigner's identifier's ...). */
const MAX_REFERENCE_DEPTH = 12;

/**
 * Finds the targets of literal references: `#id` (contained), a fullUrl (`urn:uuid:...` or absolute
 * URL), or `Type/id` (relative, or the tail of an absolute URL) (https://hl7.org/fhir/R5/references.html).
 */
export class Resolver {
  private readonly byFullUrl = new Map<string, Located>();
  private readonly byTypeAndId = new Map<string, Located>();

  constructor(resources: readonly Located[]) {
    for (const located of resources) {
      if (located.container !== undefined) continue;
      if (located.fullUrl !== undefined && !this.byFullUrl.has(located.fullUrl))
        this.byFullUrl.set(located.fullUrl, located);
      const id = ownString(located.resource, 'id');
      const key = id === undefined ? undefined : `${located.resource.resourceType}/${id}`;
      if (key !== undefined && !this.byTypeAndId.has(key)) this.byTypeAndId.set(key, located);
    }
  }

  /** The resource a Reference points to, if it is in the input. */
  resolve(reference: unknown, from: Located): Located | undefined {
    const target = ownString(reference, 'reference');
    if (target === undefined) return undefined;
    if (target.startsWith('#')) {
      const host = from.container ?? from;
      const id = target.slice(1);
      return containedOf(host).find((c) => ownString(c.resource, 'id') === id);
    }
    const exact = this.byFullUrl.get(target);
    if (exact !== undefined) return exact;
    const match = /([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
      target,
    );
    return match === null ? undefined : this.byTypeAndId.get(`${match[1]}/${match[2]}`);
  }
}

/** The contained resources of a located resource, located in their turn. */
export function containedOf(host: Located): Located[] {
  const contained = own(host.resource, 'contained');
  if (!Array.isArray(contained)) return [];
  const found: Located[] = [];
  contained.forEach((resource, index) => {
    if (typeof ownString(resource, 'resourceType') === 'string') {
      found.push({
        resource: resource as FhirResource,
        path: `${host.path}/contained/${index}`,
        container: host,
      });
    }
  });
  return found;
}

/** State of one FHIR → canonical conversion. */
export class FromFhirContext {
  readonly issues: Issue[] = [];
  private errors = 0;
  private readonly following: Located[] = [];

  constructor(
    readonly version: FhirVersion,
    readonly resolver: Resolver,
    readonly readers: ValueReaders,
  ) {}

  /** Records a problem at a JSON Pointer into the FHIR input. */
  report(
    severity: Issue['severity'],
    code: string,
    path: string,
    message: string,
    params?: Record<string, unknown>,
  ): void {
    if (severity === 'error') this.errors++;
    this.issues.push(issue(severity, code, path, message, params));
  }

  /** Errors so far; a document is produced only if mapping it added none. */
  get errorCount(): number {
    return this.errors;
  }

  /** Reports a required canonical member that the FHIR content does not give. */
  missing(path: string, canonicalPath: string, message: string): void {
    this.report('error', 'FHIR_REQUIRED_DATA_MISSING', path, message, { canonicalPath });
  }

  /**
   * Runs `read` on a referenced resource unless it is already being read further up (a reference
   * cycle) or references nest too deep; returns undefined then.
   */
  follow<T>(target: Located, read: () => T): T | undefined {
    if (this.following.includes(target) || this.following.length >= MAX_REFERENCE_DEPTH) return undefined;
    this.following.push(target);
    try {
      return read();
    } finally {
      this.following.pop();
    }
  }
}
