import type { MedsupplyDocument } from '@medsupply/types';
import { type Issue, issue } from '@medsupply/validators';
import { canonicalToFhir } from '../to-fhir/index.js';
import type { FhirBundle, FhirBundleEntry, FhirVersion } from '../types.js';
import { type FhirExchangeClient, type FhirReply, FhirRequestError, failureCode } from './client.js';
import { type JsonObject, arrayMember, isObject, member, stringMember } from './json.js';
import { blamedEntry, entryStatusCode, outcomeDiagnostics } from './outcome.js';

/** How a Bundle is sent: all or nothing (`transaction`) or entry by entry (`batch`). */
export type PushBundleType = 'transaction' | 'batch';

/**
 * What became of one entry:
 * `created`, `exists` (a conditional create matched, nothing stored twice), `updated`, `deleted`
 * and `stored` (another 2xx) are successes; `failed` (the server refused the entry),
 * `rolled-back` (its transaction failed), `not-sent` (the request never reached the server) and
 * `unknown` (the server may have stored it; no reply confirmed it) are not.
 */
export type PushEntryOutcome =
  | 'created'
  | 'exists'
  | 'updated'
  | 'deleted'
  | 'stored'
  | 'failed'
  | 'rolled-back'
  | 'not-sent'
  | 'unknown';

const SUCCESS: ReadonlySet<PushEntryOutcome> = new Set(['created', 'exists', 'updated', 'deleted', 'stored']);

/** True for the outcomes that mean the server holds the entry. */
export function isStoredOutcome(outcome: PushEntryOutcome): boolean {
  return SUCCESS.has(outcome);
}

/** The report line of one Bundle entry. */
export interface PushEntryReport {
  /** 0-based index of the entry in the Bundle sent. */
  entry: number;
  resourceType: string;
  /** Business identifier as `system|value` (first identifier, or the conditional create's search). */
  identifier?: string;
  /** The entry's request, such as `POST Organization` (without the conditional query). */
  request: string;
  /** HTTP status of the entry, or of the whole request when it failed as a whole. */
  status?: number;
  outcome: PushEntryOutcome;
  /** Where the server stored it (`Organization/123/_history/1`). */
  location?: string;
  /** OperationOutcome text (`expression: message`), or the transport error. */
  diagnostics: string[];
}

/** Result of sending one Bundle. */
export interface PushBundleResult {
  /** The Bundle type of the request that produced the entry outcomes (batch after a fallback). */
  bundleType: PushBundleType;
  entries: PushEntryReport[];
  /** Problems; `params.entry` names the entry concerned. */
  issues: Issue[];
  /** HTTP attempts made, retries and fallback included. */
  attempts: number;
  /** True when every entry is stored. */
  stored: boolean;
}

/** Options of {@link pushBundle}. */
export interface PushBundleOptions {
  /** Default `transaction`. */
  bundleType?: PushBundleType;
  /** Send a transaction that the server refuses as a whole again as a batch. */
  batchFallback?: boolean;
}

/** HTTP statuses by which a server refuses a transaction as such, where a batch may still go through. */
const FALLBACK_STATUSES: ReadonlySet<number> = new Set([400, 404, 405, 409, 412, 422, 501]);

/**
 * Sends one transaction or batch Bundle and reports every entry. A transaction the server refuses
 * as a whole is re-sent as a batch when `batchFallback` is set: conditional creates make that safe.
 */
export async function pushBundle(
  client: FhirExchangeClient,
  bundle: FhirBundle,
  options: PushBundleOptions = {},
): Promise<PushBundleResult> {
  const bundleType = options.bundleType ?? 'transaction';
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const described = entries.map(describeEntry);
  const idempotent = entries.every(isIdempotentEntry);
  const first = await send(client, bundle, bundleType, described, idempotent);
  if (
    bundleType === 'transaction' &&
    options.batchFallback === true &&
    first.refusedStatus !== undefined &&
    FALLBACK_STATUSES.has(first.refusedStatus)
  ) {
    const second = await send(client, bundle, 'batch', described, idempotent);
    const note = issue(
      'info',
      'FHIR_BATCH_FALLBACK',
      '',
      `the transaction was refused (HTTP ${first.refusedStatus}); sent again as a batch`,
      {
        status: first.refusedStatus,
        diagnostics: [...new Set(first.result.entries.flatMap((e) => e.diagnostics))].slice(0, 10),
      },
    );
    return {
      ...second.result,
      issues: [note, ...second.result.issues],
      attempts: first.result.attempts + second.result.attempts,
    };
  }
  return first.result;
}

/** What is known of an entry before sending it. */
interface DescribedEntry {
  resourceType: string;
  identifier?: string;
  request: string;
  method: string;
  /** A conditional create (`ifNoneExist`). */
  conditional: boolean;
}

async function send(
  client: FhirExchangeClient,
  bundle: FhirBundle,
  bundleType: PushBundleType,
  described: readonly DescribedEntry[],
  idempotent: boolean,
): Promise<{ result: PushBundleResult; refusedStatus?: number }> {
  let reply: FhirReply;
  try {
    reply = await client.postBundle({ ...bundle, type: bundleType } as JsonObject, idempotent);
  } catch (error) {
    if (!(error instanceof FhirRequestError)) throw error;
    return requestFailed(error, bundleType, described);
  }
  return { result: readResponse(reply, bundleType, described) };
}

/** Maps a transaction/batch response Bundle back onto the entries sent (same order, same count). */
function readResponse(
  reply: FhirReply,
  bundleType: PushBundleType,
  described: readonly DescribedEntry[],
): PushBundleResult {
  const body = reply.body;
  const responses = arrayMember(body, 'entry');
  if (body.resourceType !== 'Bundle' || responses.length !== described.length) {
    const message =
      body.resourceType === 'Bundle'
        ? `the ${bundleType} response has ${responses.length} entries for ${described.length} sent`
        : `the ${bundleType} response is a ${String(body.resourceType)}, not a Bundle`;
    return finish(
      bundleType,
      described.map((d, entry) =>
        entryReport(d, entry, 'unknown', reply.status, ['no confirmation from the server']),
      ),
      [issue('error', 'FHIR_RESPONSE_INVALID', '', message, { status: reply.status })],
      reply.attempts,
    );
  }
  const issues: Issue[] = [];
  const reports = described.map((d, entry) => {
    const response = member(responses[entry], 'response');
    const status = entryStatusCode(member(response, 'status'));
    const diagnostics = outcomeDiagnostics(
      member(response, 'outcome'),
      status !== undefined && status < 400 ? 'warning' : 'information',
    );
    const location = stringMember(response, 'location');
    if (status === undefined) {
      issues.push(
        issue('error', 'FHIR_RESPONSE_INVALID', '', `response entry ${entry} has no status`, { entry }),
      );
      return entryReport(d, entry, 'unknown', undefined, diagnostics);
    }
    const outcome = successOutcome(status, d);
    if (outcome === undefined) {
      issues.push(entryRejected(d, entry, status, diagnostics));
      return entryReport(d, entry, 'failed', status, diagnostics);
    }
    return entryReport(d, entry, outcome, status, diagnostics, location);
  });
  return finish(bundleType, reports, issues, reply.attempts);
}

/** The request as a whole failed: a refused transaction, or an error no retry could mend. */
function requestFailed(
  error: FhirRequestError,
  bundleType: PushBundleType,
  described: readonly DescribedEntry[],
): { result: PushBundleResult; refusedStatus?: number } {
  const { status, body, maybeProcessed } = error.details;
  const diagnostics = outcomeDiagnostics(body);
  const details = diagnostics.length > 0 ? diagnostics : [error.message];
  const refused =
    error.reason === 'http' && status !== undefined && status >= 400 && status < 500 && status !== 429;
  // Authentication refusals are about the client, not the transaction's content.
  if (bundleType === 'transaction' && refused && status !== 401 && status !== 403 && status !== 407) {
    const blamed = blamedEntry(
      body,
      described.map((d) => d.resourceType),
    );
    const issues: Issue[] = [
      issue(
        'error',
        'FHIR_TRANSACTION_REJECTED',
        '',
        `the server refused the transaction (HTTP ${status}): ${details.join('; ')}; nothing was stored`,
        {
          status,
          diagnostics: details,
          batchMayHelp: FALLBACK_STATUSES.has(status),
          ...(blamed === undefined ? {} : { entry: blamed }),
        },
      ),
    ];
    const reports = described.map((d, entry) => {
      if (blamed === undefined || blamed === entry) return entryReport(d, entry, 'failed', status, details);
      return entryReport(d, entry, 'rolled-back', status, [`rolled back: entry ${blamed} failed`]);
    });
    if (blamed !== undefined) issues.push(entryRejected(described[blamed]!, blamed, status, details));
    return { result: finish(bundleType, reports, issues, error.attempts), refusedStatus: status };
  }
  const code = failureCode(error.reason);
  const outcome: PushEntryOutcome =
    refused || (status !== undefined && !maybeProcessed) ? 'failed' : maybeProcessed ? 'unknown' : 'not-sent';
  const issues = [
    issue('error', code, '', error.message, {
      ...(status === undefined ? {} : { status }),
      ...(error.details.errorCode === undefined ? {} : { errorCode: error.details.errorCode }),
      ...(error.details.retryAfterMs === undefined ? {} : { retryAfterMs: error.details.retryAfterMs }),
      attempts: error.attempts,
      diagnostics: details,
    }),
  ];
  return {
    result: finish(
      bundleType,
      described.map((d, entry) => entryReport(d, entry, outcome, status, details)),
      issues,
      error.attempts,
    ),
    ...(refused ? { refusedStatus: status } : {}),
  };
}

function finish(
  bundleType: PushBundleType,
  entries: PushEntryReport[],
  issues: Issue[],
  attempts: number,
): PushBundleResult {
  return { bundleType, entries, issues, attempts, stored: entries.every((e) => isStoredOutcome(e.outcome)) };
}

function entryReport(
  d: DescribedEntry,
  entry: number,
  outcome: PushEntryOutcome,
  status: number | undefined,
  diagnostics: string[],
  location?: string,
): PushEntryReport {
  return {
    entry,
    resourceType: d.resourceType,
    ...(d.identifier === undefined ? {} : { identifier: d.identifier }),
    request: d.request,
    ...(status === undefined ? {} : { status }),
    outcome,
    ...(location === undefined ? {} : { location: location.slice(0, 300) }),
    diagnostics,
  };
}

function entryRejected(
  d: DescribedEntry,
  entry: number,
  status: number | undefined,
  diagnostics: string[],
): Issue {
  const what = d.identifier === undefined ? d.resourceType : `${d.resourceType} ${d.identifier}`;
  const why = diagnostics.length > 0 ? `: ${diagnostics.join('; ')}` : '';
  return issue(
    'error',
    'FHIR_ENTRY_REJECTED',
    '',
    `entry ${entry} ${what} refused (HTTP ${status ?? '?'})${why}`,
    {
      entry,
      resourceType: d.resourceType,
      ...(d.identifier === undefined ? {} : { identifier: d.identifier }),
      ...(status === undefined ? {} : { status }),
      diagnostics,
    },
  );
}

/** Reads a success status: what the server did with the entry, or undefined for an error status. */
function successOutcome(status: number, entry: DescribedEntry): PushEntryOutcome | undefined {
  if (status === 201) return 'created';
  if (status === 304) return 'exists';
  if (status < 200 || status >= 300) return undefined;
  // 200 to a conditional create: it matched a resource already there (https://hl7.org/fhir/R4/http.html#ccreate).
  if (entry.method === 'POST') return entry.conditional ? 'exists' : 'stored';
  if (entry.method === 'PUT' || entry.method === 'PATCH') return 'updated';
  if (entry.method === 'DELETE') return 'deleted';
  return 'stored';
}

/** Resource type, business identifier and request of an entry, from what was sent. */
function describeEntry(entry: FhirBundleEntry): DescribedEntry {
  const request = isObject(entry.request) ? entry.request : undefined;
  const method = typeof request?.method === 'string' ? request.method : '?';
  const url = typeof request?.url === 'string' ? request.url : '';
  const path = url.split('?')[0] ?? '';
  const resourceType =
    stringMember(entry.resource, 'resourceType') ?? /^[A-Z][A-Za-z]{1,63}/.exec(path)?.[0] ?? 'unknown';
  const identifier =
    firstIdentifier(entry.resource) ??
    identifierFromQuery(request?.ifNoneExist) ??
    identifierFromQuery(url.split('?')[1]);
  return {
    resourceType,
    method,
    conditional: typeof request?.ifNoneExist === 'string' && request.ifNoneExist.length > 0,
    request: `${method} ${path}`.slice(0, 200),
    ...(identifier === undefined ? {} : { identifier }),
  };
}

function firstIdentifier(resource: unknown): string | undefined {
  for (const identifier of arrayMember(resource, 'identifier')) {
    const system = stringMember(identifier, 'system');
    const value = stringMember(identifier, 'value');
    if (value !== undefined) return (system === undefined ? value : `${system}|${value}`).slice(0, 300);
  }
  return undefined;
}

function identifierFromQuery(query: unknown): string | undefined {
  if (typeof query !== 'string') return undefined;
  const value = new URLSearchParams(query.slice(0, 2000)).get('identifier');
  return value === null || value === '' ? undefined : value.replace(/\\([\\|,$])/g, '$1').slice(0, 300);
}

/** True when sending the entry twice stores nothing twice: reads, keyed writes and conditional creates. */
export function isIdempotentEntry(entry: FhirBundleEntry): boolean {
  const method = isObject(entry.request) ? entry.request.method : undefined;
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE') return true;
  return (
    method === 'POST' &&
    typeof entry.request?.ifNoneExist === 'string' &&
    entry.request.ifNoneExist.length > 0
  );
}

/** A record to push, as readers deliver it (`RecordRead` from @medsupply/validators). */
export interface PushRecord {
  /** File path, or `-` for stdin. */
  source: string;
  /** 0-based position in its source. */
  index: number;
  /** 1-based line, when known. */
  line?: number;
  /** The parsed document; absent when the reader could not parse it. */
  value?: unknown;
  /** The reader's problems. */
  issues: Issue[];
}

/** The outcome of pushing one canonical document. */
export interface PushDocumentReport {
  source: string;
  index: number;
  line?: number;
  documentType?: string;
  documentId?: string;
  /** The Bundle type the entries were finally sent as; absent when nothing was sent. */
  bundleType?: PushBundleType;
  entries: PushEntryReport[];
  /** Reader, validation, mapping and exchange issues, in that order. */
  issues: Issue[];
  attempts: number;
  /** True when the document was converted and every entry is stored. */
  stored: boolean;
}

/** Maps documents to a FHIR Bundle; {@link canonicalToFhir} unless a test replaces it. */
export type ToFhirBundle = (
  documents: readonly MedsupplyDocument[],
  options: { fhirVersion: FhirVersion },
) => { bundle: FhirBundle; issues: Issue[] };

/** Options of {@link pushDocuments}. */
export interface PushDocumentsOptions extends PushBundleOptions {
  client: FhirExchangeClient;
  fhirVersion: FhirVersion;
  /** Checks a document before it is mapped (the CLI passes the medsupply validator); errors stop it. */
  check?: (document: unknown) => Issue[] | Promise<Issue[]>;
  /** The mapping; default {@link canonicalToFhir}. */
  toFhir?: ToFhirBundle;
}

/**
 * Pushes canonical documents one by one, each as its own transaction (or batch) Bundle, and yields
 * a report per document. A document that does not read, check or map cleanly is not sent. One
 * document per request keeps a failure to its own document and the per-entry report readable.
 */
export async function* pushDocuments(
  records: AsyncIterable<PushRecord> | Iterable<PushRecord>,
  options: PushDocumentsOptions,
): AsyncGenerator<PushDocumentReport> {
  const toFhir = options.toFhir ?? canonicalToFhir;
  for await (const record of records) {
    const base = {
      source: record.source,
      index: record.index,
      ...(record.line === undefined ? {} : { line: record.line }),
      ...documentLabels(record.value),
    };
    const issues = [...record.issues];
    if (record.value === undefined || issues.some((i) => i.severity === 'error')) {
      yield { ...base, entries: [], issues, attempts: 0, stored: false };
      continue;
    }
    if (options.check !== undefined) issues.push(...(await options.check(record.value)));
    if (issues.some((i) => i.severity === 'error')) {
      yield { ...base, entries: [], issues, attempts: 0, stored: false };
      continue;
    }
    const mapped = toFhir([record.value as MedsupplyDocument], { fhirVersion: options.fhirVersion });
    // The mapping saw an array of one document: make its paths relative to the document.
    issues.push(...mapped.issues.map((i) => (i.path.startsWith('/0') ? { ...i, path: i.path.slice(2) } : i)));
    if (
      mapped.issues.some((i) => i.severity === 'error') ||
      !Array.isArray(mapped.bundle.entry) ||
      mapped.bundle.entry.length === 0
    ) {
      issues.push(
        issue(
          'error',
          'FHIR_DOCUMENT_NOT_CONVERTED',
          '',
          'the document was not mapped to FHIR, so it was not sent',
        ),
      );
      yield { ...base, entries: [], issues, attempts: 0, stored: false };
      continue;
    }
    const result = await pushBundle(options.client, mapped.bundle, options);
    yield {
      ...base,
      bundleType: result.bundleType,
      entries: result.entries,
      issues: [...issues, ...result.issues],
      attempts: result.attempts,
      stored: result.stored,
    };
  }
}

function documentLabels(value: unknown): { documentType?: string; documentId?: string } {
  const documentType = stringMember(value, 'documentType');
  const documentId = stringMember(value, 'documentId');
  return {
    ...(documentType === undefined ? {} : { documentType: documentType.slice(0, 64) }),
    ...(documentId === undefined ? {} : { documentId: documentId.slice(0, 128) }),
  };
}
