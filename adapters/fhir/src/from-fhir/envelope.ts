import { ENVELOPE_FIELDS, fieldUrl } from '../extensions/specs.js';
import {
  CONFIDENTIALITY_SYSTEM,
  DOCUMENT_ID_SYSTEM,
  ENVELOPE_EXTENSIONS_URL,
  URN_IDENTIFIER_SYSTEM,
  V3_CONFIDENTIALITY_SYSTEM,
} from '../urls.js';
import { own, ownArray, ownString, stableStringify } from '../util/json.js';
import { isUuid, nameBasedUuid } from '../util/uuid.js';
import type { FromFhirContext, Located } from './context.js';
import { dateTimeFromFhir } from './datatypes.js';
import { readFields } from './fields.js';
import { partyFromReference } from './party.js';

/** Where a resource keeps what the envelope needs when no medsupply extension says it. */
export interface EnvelopeFallbacks {
  /** A native element holding the creation time (InventoryReport.reportedDateTime). */
  createdAt?: { value: unknown; path: string };
  /** A native reference to the sending organisation (supplier, requester, author). */
  sender?: { reference: unknown; path: string };
}

const NAMESPACE = /^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/;
const MAX_EXTENSION_JSON = 1 << 20;

/** The documentId a resource carries (medsupply identifier, urn:uuid identifier, or a UUID id), if any. */
export function carriedDocumentId(at: Located): string | undefined {
  const identifiers = ownArray(at.resource, 'identifier');
  for (const identifier of identifiers) {
    if (ownString(identifier, 'system') === DOCUMENT_ID_SYSTEM && own(identifier, 'use') !== 'old') {
      const value = ownString(identifier, 'value');
      if (value !== undefined) return value;
    }
  }
  for (const identifier of identifiers) {
    const value = ownString(identifier, 'value') ?? '';
    if (
      ownString(identifier, 'system') === URN_IDENTIFIER_SYSTEM &&
      value.startsWith('urn:uuid:') &&
      isUuid(value.slice(9))
    ) {
      return value.slice(9).toLowerCase();
    }
  }
  const id = ownString(at.resource, 'id');
  return id !== undefined && isUuid(id) ? id.toLowerCase() : undefined;
}

/**
 * The canonical envelope of the resource that carries a document. Returns undefined for a resource
 * marked entered-in-error that is not a medsupply cancel document: FHIR asks readers to treat it as
 * never having existed.
 */
export function readEnvelope(
  ctx: FromFhirContext,
  at: Located,
  documentType: string,
  fallbacks: EnvelopeFallbacks,
): Record<string, unknown> | undefined {
  const resource = at.resource;
  const fields = readFields(
    ctx,
    ownArray(resource, 'extension'),
    ENVELOPE_FIELDS,
    fieldUrl('Envelope'),
    at,
    at.path,
  );
  const declaredStatus = ['original', 'replace', 'cancel'].includes(fields.documentStatus as string)
    ? (fields.documentStatus as string)
    : undefined;
  if (own(resource, 'status') === 'entered-in-error' && declaredStatus !== 'cancel') {
    ctx.report(
      'info',
      'FHIR_ENTERED_IN_ERROR_SKIPPED',
      `${at.path}/status`,
      'the resource is entered-in-error; it gives no document',
    );
    return undefined;
  }
  const envelope: Record<string, unknown> = {
    documentType,
    schemaVersion: ctx.settings.schemaVersion,
    documentId: documentId(ctx, at),
  };
  const supersedes = ownArray(resource, 'identifier').find(
    (id) => ownString(id, 'system') === DOCUMENT_ID_SYSTEM && own(id, 'use') === 'old',
  );
  envelope.documentStatus = declaredStatus ?? (supersedes === undefined ? 'original' : 'replace');
  if (supersedes !== undefined) envelope.supersedes = ownString(supersedes, 'value');
  envelope.createdAt =
    fields.createdAt ?? createdAtFallback(ctx, at, fallbacks) ?? vouched(ctx, at, 'createdAt');
  if (envelope.createdAt === undefined)
    ctx.missing(
      at.path,
      '/createdAt',
      'no value for /createdAt (no creation time with offset; the converter can be given one)',
    );
  envelope.sender =
    fields.sender ??
    (fallbacks.sender === undefined
      ? undefined
      : partyFromReference(ctx, fallbacks.sender.reference, at, fallbacks.sender.path)) ??
    vouched(ctx, at, 'sender');
  if (envelope.sender === undefined)
    ctx.missing(
      at.path,
      '/sender',
      'no value for /sender (no sending organisation with an identifier; give the sender to the converter)',
    );
  if (fields.recipient !== undefined) envelope.recipient = fields.recipient;
  envelope.confidentiality = confidentiality(ctx, at);
  const extensions = namespacedExtensions(ctx, at);
  if (extensions !== undefined) envelope.extensions = extensions;
  return envelope;
}

/** A value the integrator vouched for, used because the source gives none (reported as such). */
function vouched(ctx: FromFhirContext, at: Located, member: 'sender' | 'createdAt'): unknown {
  const value = ctx.settings[member];
  if (value === undefined) return undefined;
  ctx.report('info', 'FHIR_ENVELOPE_VOUCHED', at.path, `/${member} is the one given to the converter`, {
    member,
  });
  return value;
}

function documentId(ctx: FromFhirContext, at: Located): string {
  const carried = carriedDocumentId(at);
  if (carried !== undefined) return carried;
  const resource = at.resource;
  const id = ownString(resource, 'id');
  const firstIdentifier = ownArray(resource, 'identifier')[0];
  const identity =
    at.fullUrl ??
    (id !== undefined ? `${resource.resourceType}/${id}` : undefined) ??
    (firstIdentifier !== undefined
      ? `${resource.resourceType}|${stableStringify(firstIdentifier)}`
      : undefined) ??
    stableStringify(resource);
  const derived = nameBasedUuid(`fhir|${identity}`);
  ctx.report(
    'info',
    'FHIR_DOCUMENT_ID_DERIVED',
    at.path,
    `documentId ${derived} derived from ${identity.slice(0, 120)}`,
    {
      documentId: derived,
    },
  );
  return derived;
}

function createdAtFallback(
  ctx: FromFhirContext,
  at: Located,
  fallbacks: EnvelopeFallbacks,
): string | undefined {
  if (fallbacks.createdAt?.value !== undefined) {
    const read = dateTimeFromFhir(ctx, fallbacks.createdAt.value, fallbacks.createdAt.path);
    if (read !== undefined) return read;
  }
  const lastUpdated = own(own(at.resource, 'meta'), 'lastUpdated');
  if (lastUpdated === undefined) return undefined;
  const read = dateTimeFromFhir(ctx, lastUpdated, `${at.path}/meta/lastUpdated`);
  if (read !== undefined) {
    ctx.report(
      'info',
      'FHIR_CREATED_FROM_LAST_UPDATED',
      `${at.path}/meta/lastUpdated`,
      'createdAt read from meta.lastUpdated',
    );
  }
  return read;
}

/** meta.security → confidentiality: the medsupply code, else HL7 v3 (U = public, other levels = restricted). */
function confidentiality(ctx: FromFhirContext, at: Located): string {
  const labels = ownArray(own(at.resource, 'meta'), 'security');
  const ours = labels.find((l) => ownString(l, 'system') === CONFIDENTIALITY_SYSTEM);
  const code = ownString(ours, 'code');
  if (code === 'public' || code === 'restricted' || code === 'commercial-in-confidence') return code;
  const v3 = labels.find((l) => ownString(l, 'system') === V3_CONFIDENTIALITY_SYSTEM);
  const level = ownString(v3, 'code');
  if (level === 'U') return 'public';
  if (level !== undefined) return 'restricted';
  ctx.report(
    'warning',
    'FHIR_CONFIDENTIALITY_ASSUMED',
    at.path,
    'no confidentiality label; restricted assumed',
  );
  return 'restricted';
}

function namespacedExtensions(ctx: FromFhirContext, at: Located): Record<string, unknown> | undefined {
  let result: Record<string, unknown> | undefined;
  ownArray(at.resource, 'extension').forEach((extension, index) => {
    if (ownString(extension, 'url') !== ENVELOPE_EXTENSIONS_URL) return;
    const parts = ownArray(extension, 'extension');
    const namespace = ownString(
      parts.find((p) => ownString(p, 'url') === 'namespace'),
      'valueString',
    );
    const text = ownString(
      parts.find((p) => ownString(p, 'url') === 'value'),
      'valueString',
    );
    const path = `${at.path}/extension/${index}`;
    if (
      namespace === undefined ||
      !NAMESPACE.test(namespace) ||
      namespace.length > 128 ||
      text === undefined
    ) {
      ctx.report(
        'warning',
        'FHIR_EXTENSION_INVALID',
        path,
        'an envelope extension needs a reverse-domain namespace and a value',
      );
      return;
    }
    if (text.length > MAX_EXTENSION_JSON) {
      ctx.report(
        'warning',
        'FHIR_EXTENSION_INVALID',
        path,
        `the value of ${namespace} is longer than ${MAX_EXTENSION_JSON} characters`,
      );
      return;
    }
    try {
      result ??= {};
      result[namespace] = JSON.parse(text);
    } catch {
      ctx.report('warning', 'FHIR_EXTENSION_INVALID', path, `the value of ${namespace} is not JSON`);
    }
  });
  return result;
}
