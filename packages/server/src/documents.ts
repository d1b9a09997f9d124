/**
 * From submitted bytes to a document the store can keep: parsed with the validators' limits,
 * validated by the same engine as the CLI, and indexed (sender, products, locations, content hash).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_LIMITS, type Issue, type Validator, parseRecord } from '@medsupply/validators';
import type { PreparedDocument } from './store/types.js';

/** Members whose identifiers a `product=` filter matches. */
const PRODUCT_KEYS = new Set(['product', 'products', 'packageRef']);
/** Members whose identifiers a `location=` filter matches. */
const LOCATION_KEYS = new Set(['location', 'locations', 'site', 'sites', 'shipFrom', 'shipTo']);

/** A submission after validation: stored only when `document` is present. */
export type Preparation =
  | { document: PreparedDocument; issues: Issue[] }
  | { document?: undefined; issues: Issue[] };

/**
 * Parses and validates one document's bytes. The schema must be loaded (the server preloads all).
 * Bytes are kept exactly as given.
 */
export function prepareDocument(
  bytes: Uint8Array,
  validator: Validator,
  maxDepth = DEFAULT_LIMITS.maxDepth,
): Preparation {
  const parsed = parseRecord(bytes, { ...DEFAULT_LIMITS, maxRecordBytes: bytes.length, maxDepth });
  if (parsed.value === undefined || parsed.issues.some((i) => i.severity === 'error'))
    return { issues: parsed.issues };
  return prepareParsed(parsed.value, bytes, validator);
}

/** Like {@link prepareDocument} for a value already parsed from `bytes`. */
export function prepareParsed(value: unknown, bytes: Uint8Array, validator: Validator): Preparation {
  const result = validator.validate(value);
  if (!result.valid) return { issues: result.issues };
  const doc = value as Record<string, unknown>;
  const sender = identifierKeys((doc.sender as Record<string, unknown> | undefined)?.identifier);
  const prepared: PreparedDocument = {
    documentId: String(doc.documentId).toLowerCase(),
    documentType: result.documentType!,
    schemaVersion: result.schemaVersion!,
    documentStatus: doc.documentStatus as PreparedDocument['documentStatus'],
    createdAt: String(doc.createdAt),
    sender: sender.at(-1) ?? '',
    senderKeys: sender,
    products: collectIdentifiers(doc, PRODUCT_KEYS),
    locations: collectIdentifiers(doc, LOCATION_KEYS),
    contentHash: contentHash(value),
    body: bytes,
    warnings: result.issues,
  };
  if (typeof doc.supersedes === 'string') prepared.supersedes = doc.supersedes.toLowerCase();
  return { document: prepared, issues: result.issues };
}

/** `value` and `system|value` of an identifier, when it is one. */
function identifierKeys(identifier: unknown): string[] {
  if (identifier === null || typeof identifier !== 'object') return [];
  const { system, value } = identifier as Record<string, unknown>;
  if (typeof value !== 'string') return [];
  return typeof system === 'string' ? [value, `${system}|${value}`] : [value];
}

/** Identifier keys of every object found under the given member names, anywhere in the document. */
function collectIdentifiers(document: unknown, keys: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, collecting: boolean) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, collecting);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (collecting) for (const key of identifierKeys(record.identifier)) found.add(key);
    for (const [key, member] of Object.entries(record)) {
      if (key !== 'identifier') visit(member, keys.has(key));
    }
  };
  visit(document, false);
  return [...found];
}

/** SHA-256 of the canonical form (members sorted, no spacing): same content, same hash. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    .join(',')}}`;
}
