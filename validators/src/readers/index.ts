/**
 * Picks the reader for an input: by file extension, by the caller's choice, or by sniffing stdin.
 */
import { frameToRecord } from './frame.js';
import { frameJsonBatches, readJson } from './json.js';
import { DEFAULT_LIMITS, type ReaderLimits, emptyInputIssue } from './limits.js';
import { frameNdjsonBatches, readNdjson } from './ndjson.js';
import type { RecordRead } from './record.js';

/** Input formats the readers understand. */
export type InputFormat = 'json' | 'ndjson' | 'csv';

/** Options of {@link readRecords}. */
export interface ReadOptions {
  /** File path or `-`; copied into every record. */
  source: string;
  /** The input format; when absent it is taken from the extension of `source`, else sniffed. */
  format?: InputFormat;
  /** For CSV: the document type of the template, when the file has no `documentType` column. */
  documentType?: string;
  /** Reader limits. */
  limits?: Partial<ReaderLimits>;
}

/** A reader of one input format. */
export type RecordReader = (
  input: AsyncIterable<Uint8Array | string>,
  options: ReadOptions,
) => AsyncIterable<RecordRead>;

const readers: Partial<Record<InputFormat, RecordReader>> = {
  json: readJson,
  ndjson: readNdjson,
  // Loaded on first use: most runs read no CSV, and start-up time matters for small files.
  csv: async function* (input, options) {
    const { readCsvRecords } = await import('./csv/index.js');
    yield* readCsvRecords(input, {
      source: options.source,
      ...(options.documentType ? { documentType: options.documentType } : {}),
    });
  },
};

/** Registers (or replaces) the reader of a format; used to plug in CSV. */
export function registerReader(format: InputFormat, reader: RecordReader): void {
  readers[format] = reader;
}

/** The format a file name implies, or undefined. */
export function formatFromPath(path: string): InputFormat | undefined {
  switch (extensionOf(path).toLowerCase()) {
    case '.json':
      return 'json';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.csv':
      return 'csv';
    default:
      return undefined;
  }
}

/** The extension of the last path segment, as `node:path` extname gives it (here without Node, for browsers). */
function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

/**
 * Reads every record of an input stream. Every record read is yielded, parsed or with the issues
 * that kept it from being parsed, so callers can count each one as valid or invalid.
 */
export async function* readRecords(
  input: AsyncIterable<Uint8Array | string>,
  options: ReadOptions,
): AsyncGenerator<RecordRead> {
  for await (const batch of readRecordBatches(input, options)) yield* batch;
}

/**
 * Like {@link readRecords}, but one array of records per input chunk: the form the CLI and the
 * stream validator use, since one await per chunk is much cheaper than one per record.
 */
export async function* readRecordBatches(
  input: AsyncIterable<Uint8Array | string>,
  options: ReadOptions,
): AsyncGenerator<RecordRead[]> {
  let format = options.format ?? formatFromPath(options.source);
  let stream = input;
  if (format === undefined) {
    const sniffed = await sniff(input);
    format = sniffed.format;
    stream = sniffed.stream;
  }
  if (format === 'json' || format === 'ndjson') {
    const limits: ReaderLimits = { ...DEFAULT_LIMITS, ...options.limits };
    const frames = format === 'json' ? frameJsonBatches(stream, limits) : frameNdjsonBatches(stream, limits);
    for await (const batch of frames)
      yield batch.map((frame) => frameToRecord(frame, options.source, limits));
    return;
  }
  const reader = readers[format];
  if (!reader) throw new Error(`no reader for ${format} input`);
  let records = 0;
  for await (const record of reader(stream, options)) {
    records++;
    yield [record];
  }
  if (records === 0) {
    yield [{ source: options.source, index: 0, line: 1, issues: [emptyInputIssue('no data row')] }];
  }
}

/**
 * Decides the format of stdin from its first line: a header row of column names means CSV; `[`
 * starts a JSON array; a first line
 * that is a whole JSON value, or ends like one (`}`: a broken NDJSON record), means NDJSON; anything
 * else (`{` or `{"resourceType": "Bundle",` of a pretty-printed document) means one JSON document.
 */
async function sniff(
  input: AsyncIterable<Uint8Array | string>,
): Promise<{ format: InputFormat; stream: AsyncIterable<Uint8Array | string> }> {
  const iterator = input[Symbol.asyncIterator]();
  const seen: Array<Uint8Array | string> = [];
  let head = '';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    head += typeof next.value === 'string' ? next.value : new TextDecoder().decode(next.value);
    if (head.trimStart().includes('\n') || head.length > SNIFF_BYTES) break;
  }
  const firstLine =
    head
      .replace(/^\uFEFF/, '')
      .trimStart()
      .split('\n', 1)[0]
      ?.trim() ?? '';
  const format: InputFormat = looksLikeCsvHeader(firstLine)
    ? 'csv'
    : firstLine.startsWith('[') || !looksLikeNdjsonLine(firstLine)
      ? 'json'
      : 'ndjson';
  async function* replay() {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { format, stream: replay() };
}

/** How much of stdin may be read before deciding its format. */
const SNIFF_BYTES = 1 << 20;

/**
 * A CSV template starts with a header row of column names (`documentType,documentId,…`, or with `;`
 * as Excel writes in many locales): no JSON value starts that way, since a document starts with `{`.
 */
function looksLikeCsvHeader(line: string): boolean {
  return !/^[[{]/.test(line) && /^"?[A-Za-z_][\w.]*"?[,;]/.test(line);
}

function looksLikeNdjsonLine(line: string): boolean {
  if (line === '' || line.endsWith('}')) return true;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

export { csvIssueCodes } from './csv/codes.js';
export { readJson } from './json.js';
export { readNdjson, type ReaderOptions } from './ndjson.js';
export { DEFAULT_LIMITS, type ReaderLimits } from './limits.js';
export { parseRecord, deeperThan } from './parse-record.js';
export { findDuplicateMember } from './duplicate-members.js';
