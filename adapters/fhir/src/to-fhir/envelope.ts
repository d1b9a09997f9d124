import { ENVELOPE_FIELDS, fieldUrl } from '../extensions/specs.js';
import type { FhirBundleRequest, FhirCoding, FhirExtension, FhirIdentifier, FhirMeta } from '../types.js';
import {
  CONFIDENTIALITY_SYSTEM,
  DOCUMENT_ID_SYSTEM,
  DOCUMENT_PART_SYSTEM,
  ENVELOPE_EXTENSIONS_URL,
  V3_CONFIDENTIALITY_SYSTEM,
} from '../urls.js';
import { isObject, own, ownString } from '../util/json.js';
import { identifierQuery } from '../util/search.js';
import { nameBasedUuid } from '../util/uuid.js';
import type { Holder, ToFhirContext } from './context.js';
import { writeFields } from './fields.js';

/**
 * Identifiers of a resource carrying a document: part 0 (the resource with the envelope) gets the
 * documentId, further parts `<documentId>/<part>`; a replaced document's id follows with use `old`,
 * which is what a conditional update of the replacement matches on.
 */
export function documentIdentifiers(document: unknown, part: number): FhirIdentifier[] {
  const documentId = ownString(document, 'documentId') ?? '';
  const supersedes = ownString(document, 'supersedes');
  const system = part === 0 ? DOCUMENT_ID_SYSTEM : DOCUMENT_PART_SYSTEM;
  const value = (id: string) => (part === 0 ? id : `${id}/${part}`);
  const identifiers: FhirIdentifier[] = [{ use: 'official', system, value: value(documentId) }];
  if (supersedes !== undefined) identifiers.push({ use: 'old', system, value: value(supersedes) });
  return identifiers;
}

/**
 * The transaction entry parts of a document resource: an original is a conditional create on its
 * documentId (a re-send does not duplicate); a replace or cancel is a conditional update of the
 * resource that holds the superseded document (https://hl7.org/fhir/R5/http.html#cond-update).
 */
export function documentEntry(
  document: unknown,
  resourceType: string,
  part: number,
): { fullUrl: string; request: FhirBundleRequest } {
  const documentId = ownString(document, 'documentId') ?? '';
  const supersedes = ownString(document, 'supersedes');
  const status = ownString(document, 'documentStatus');
  const system = part === 0 ? DOCUMENT_ID_SYSTEM : DOCUMENT_PART_SYSTEM;
  const value = (id: string) => (part === 0 ? id : `${id}/${part}`);
  const fullUrl = `urn:uuid:${nameBasedUuid(`document|${documentId}|${part}`)}`;
  if (status !== 'original' && supersedes !== undefined) {
    return {
      fullUrl,
      request: { method: 'PUT', url: `${resourceType}?${identifierQuery(system, value(supersedes))}` },
    };
  }
  return {
    fullUrl,
    request: { method: 'POST', url: resourceType, ifNoneExist: identifierQuery(system, value(documentId)) },
  };
}

/**
 * Confidentiality as security labels: HL7 v3 Confidentiality for every FHIR consumer (public = U,
 * otherwise R), plus the exact medsupply code for commercial-in-confidence.
 */
export function securityLabels(document: unknown): FhirCoding[] {
  const confidentiality = ownString(document, 'confidentiality');
  if (confidentiality === 'public') return [{ system: V3_CONFIDENTIALITY_SYSTEM, code: 'U' }];
  const labels: FhirCoding[] = [{ system: V3_CONFIDENTIALITY_SYSTEM, code: 'R' }];
  if (confidentiality === 'commercial-in-confidence') {
    labels.push({ system: CONFIDENTIALITY_SYSTEM, code: 'commercial-in-confidence' });
  }
  return labels;
}

/** `meta` of a document resource: its security labels, and a profile when one applies. */
export function documentMeta(document: unknown, profile?: string): FhirMeta {
  return profile === undefined
    ? { security: securityLabels(document) }
    : { profile: [profile], security: securityLabels(document) };
}

/** True for a cancel document: FHIR statuses become `entered-in-error`. */
export function isCancel(document: unknown): boolean {
  return own(document, 'documentStatus') === 'cancel';
}

/**
 * Envelope members with no FHIR element, as extensions: createdAt (unless the resource has a native
 * element for it), sender, recipient, documentStatus, and each namespace of `extensions` as JSON text.
 */
export function envelopeExtensions(
  ctx: ToFhirContext,
  document: unknown,
  path: string,
  holder: Holder | undefined,
  options: { nativeCreatedAt: boolean },
): FhirExtension[] {
  const fields = options.nativeCreatedAt
    ? ENVELOPE_FIELDS.filter((f) => f.name !== 'createdAt')
    : ENVELOPE_FIELDS;
  const extensions = writeFields(ctx, document, fields, fieldUrl('Envelope'), path, holder);
  const namespaces = own(document, 'extensions');
  if (isObject(namespaces)) {
    for (const namespace of Object.keys(namespaces)) {
      extensions.push({
        url: ENVELOPE_EXTENSIONS_URL,
        extension: [
          { url: 'namespace', valueString: namespace },
          { url: 'value', valueString: JSON.stringify(namespaces[namespace]) },
        ],
      });
    }
  }
  return extensions;
}
