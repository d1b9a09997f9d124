import type { Routing } from '@medsupply/queue';
/**
 * The shape check a queue-mode server does before publishing: the record is JSON within the limits and
 * its envelope names a `documentId`, a known `documentType` and a sender, which is what routing and
 * de-duplication need. The full validation is the workers' job.
 */
import { type Issue, type ReaderLimits, issue, parseRecord } from '@medsupply/validators';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record fit to publish, or why not. */
export type Shape =
  | { documentId: string; routing: Routing; issues?: undefined }
  | { documentId?: string; routing?: undefined; issues: Issue[] };

/** Checks one record's bytes (the bytes are published as they are). */
export function checkShape(
  bytes: Uint8Array,
  limits: ReaderLimits,
  documentTypes: readonly string[],
  truncated = false,
): Shape {
  const parsed = parseRecord(bytes, limits, truncated);
  if (parsed.value === undefined || parsed.issues.some((i) => i.severity === 'error'))
    return { issues: parsed.issues.length > 0 ? parsed.issues : [unreadable()] };
  const doc = parsed.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { issues: [issue('error', 'DOCUMENT_INVALID', '', 'expected a document (a JSON object)')] };
  const { documentId, documentType, sender } = doc as Record<string, unknown>;
  const issues: Issue[] = [];
  const id = typeof documentId === 'string' && UUID.test(documentId) ? documentId.toLowerCase() : undefined;
  if (!id) issues.push(issue('error', 'DOCUMENT_INVALID', '/documentId', 'expected a UUID'));
  if (typeof documentType !== 'string' || !documentTypes.includes(documentType))
    issues.push(
      issue('error', 'DOCUMENT_INVALID', '/documentType', `expected one of ${documentTypes.join(', ')}`),
    );
  const identifier = (sender as Record<string, unknown> | null | undefined)?.identifier as
    | Record<string, unknown>
    | undefined;
  const value = identifier?.value;
  if (typeof value !== 'string' || value === '')
    issues.push(issue('error', 'DOCUMENT_INVALID', '/sender/identifier/value', 'expected the sender'));
  if (issues.length > 0) return id ? { documentId: id, issues } : { issues };
  const system = typeof identifier?.system === 'string' ? `${identifier.system}|` : '';
  return {
    documentId: id!,
    routing: { documentType: documentType as string, sender: `${system}${value as string}` },
  };
}

function unreadable(): Issue {
  return issue('error', 'BODY_MALFORMED', '', 'the record could not be read');
}
