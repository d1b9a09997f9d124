/**
 * JSON reader: a file holds one document or an array of documents. Arrays are split into elements
 * by a byte-level scanner (strings and nesting aware), so a file of any size is read in constant
 * memory and one broken element does not stop the others.
 */
import { issue } from '../issue.js';
import { type Frame, frameToRecord } from './frame.js';
import { DEFAULT_LIMITS, type ReaderLimits, emptyInputIssue, skipBudget } from './limits.js';
import type { ReaderOptions } from './ndjson.js';
import type { RecordRead } from './record.js';

/** Where the scanner is. */
const Mode = {
  /** Before the first significant byte. */
  Start: 0,
  /** Inside the top-level array, between elements. */
  BetweenElements: 1,
  /** Inside an element. */
  InElement: 2,
  /** After the closing bracket. */
  AfterArray: 3,
  /** The file is one document. */
  SingleDocument: 4,
} as const;
type Mode = (typeof Mode)[keyof typeof Mode];

/** Reads records from a JSON file holding one document or an array of documents. */
export async function* readJson(
  input: AsyncIterable<Uint8Array | string>,
  options: ReaderOptions,
): AsyncGenerator<RecordRead> {
  const limits: ReaderLimits = { ...DEFAULT_LIMITS, ...options.limits };
  for await (const frames of frameJsonBatches(input, limits)) {
    for (const frame of frames) yield frameToRecord(frame, options.source, limits);
  }
}

/** Cuts a JSON byte stream into frames: the whole document, or one per top-level array element. */
export async function* frameJson(
  input: AsyncIterable<Uint8Array | string>,
  limits: ReaderLimits,
): AsyncGenerator<Frame> {
  for await (const frames of frameJsonBatches(input, limits)) yield* frames;
}

/** The same frames, one array per input chunk: fewer awaits on the hot path. */
export async function* frameJsonBatches(
  input: AsyncIterable<Uint8Array | string>,
  limits: ReaderLimits,
): AsyncGenerator<Frame[]> {
  let mode = Mode.Start as Mode;
  let line = 1;
  let index = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let oversized = false;
  /** Bytes of the current record seen past the limit; bounded too, so /dev/zero cannot run forever. */
  let overflow = 0;
  let elementLine = 1;
  let elementColumn = 1;
  /** Bytes since the last line break, at the start of the current chunk. */
  let lineBytesBefore = 0;
  /** Column (1-based) of byte `i` of `chunk`: found from the last line break only when needed. */
  const columnAt = (chunk: Buffer, i: number) => {
    const newline = chunk.lastIndexOf(0x0a, i);
    return newline === -1 ? lineBytesBefore + i + 1 : i - newline;
  };
  let bomChecked = false;
  let trailingReported = false;
  let records: Frame[] = [];

  const take = (chunk: Buffer, from: number, to: number) => {
    if (to <= from) return;
    if (oversized) {
      overflow += to - from;
      return;
    }
    if (partBytes + (to - from) > limits.maxRecordBytes) {
      oversized = true;
      parts = [];
      partBytes = 0;
      return;
    }
    parts.push(chunk.subarray(from, to));
    partBytes += to - from;
  };
  const emit = (truncated: boolean, abandoned = false) => {
    const record: Frame = { index: index++, line: elementLine };
    if (elementColumn !== 1) record.column = elementColumn;
    if (oversized) {
      const rest = abandoned ? '; the rest of the input was not read' : '';
      record.issues = [
        issue(
          'error',
          'RECORD_TOO_LARGE',
          '',
          `record is larger than ${limits.maxRecordBytes} bytes${rest}`,
          {
            maxRecordBytes: limits.maxRecordBytes,
            ...(abandoned ? { abandoned: true } : {}),
          },
        ),
      ];
    } else {
      // Copy: the parts may point into the stream's chunks, which must not be kept alive.
      record.bytes = parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts, partBytes);
      if (truncated) record.truncated = true;
    }
    parts = [];
    partBytes = 0;
    oversized = false;
    overflow = 0;
    records.push(record);
  };

  for await (const raw of input) {
    let chunk =
      typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (!bomChecked && chunk.length > 0) {
      bomChecked = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let elementStart = mode === Mode.InElement || mode === Mode.SingleDocument ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === 0x0a) line++;
      if (mode === Mode.SingleDocument) continue;
      if (mode === Mode.InElement) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth > 0) depth--;
          else if (c === 0x5d) {
            // The closing bracket of the top-level array ends the last element.
            take(chunk, elementStart, i);
            emit(false);
            mode = Mode.AfterArray;
          }
        } else if (c === 0x2c && depth === 0) {
          take(chunk, elementStart, i);
          emit(false);
          mode = Mode.BetweenElements;
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (mode === Mode.Start) {
        if (c === 0x5b) {
          mode = Mode.BetweenElements;
        } else {
          mode = Mode.SingleDocument;
          elementLine = line;
          elementColumn = columnAt(chunk, i);
          elementStart = i;
        }
      } else if (mode === Mode.BetweenElements) {
        if (c === 0x5d && index === 0 && partBytes === 0) {
          mode = Mode.AfterArray; // empty array: no records
        } else if (c === 0x2c) {
          // A stray comma (`[,{}]` or `[{},,{}]`): an empty element, reported as a syntax error.
          records.push({
            index: index++,
            line,
            issues: [issue('error', 'JSON_SYNTAX', '', 'empty array element')],
          });
        } else {
          mode = Mode.InElement;
          elementLine = line;
          elementColumn = columnAt(chunk, i);
          elementStart = i;
          depth = 0;
          inString = false;
          escaped = false;
          // The element's first byte is handled by the InElement branch.
          i--;
          if (c === 0x0a) line--;
        }
      } else if (mode === Mode.AfterArray && !trailingReported) {
        trailingReported = true;
        records.push({
          index: index++,
          line,
          issues: [
            issue('error', 'JSON_SYNTAX', '', 'unexpected content after the closing bracket of the array'),
          ],
        });
      }
    }
    if ((mode === Mode.InElement || mode === Mode.SingleDocument) && elementStart >= 0) {
      take(chunk, elementStart, chunk.length);
      if (parts.length > 0 && parts[parts.length - 1]!.buffer === chunk.buffer)
        parts[parts.length - 1] = Buffer.from(parts[parts.length - 1]!);
    }
    const lastNewline = chunk.lastIndexOf(0x0a);
    lineBytesBefore = lastNewline === -1 ? lineBytesBefore + chunk.length : chunk.length - lastNewline - 1;
    // A whole document over the limit, or an element still unfinished `skipBudget` bytes later
    // bytes later (no record boundary in sight, as in /dev/zero): stop reading rather than scan on.
    if (oversized && (mode === Mode.SingleDocument || overflow > skipBudget(limits.maxRecordBytes))) {
      emit(false, true);
      yield records;
      return;
    }
    if (records.length > 0) {
      yield records;
      records = [];
    }
  }
  if (mode === Mode.SingleDocument) emit(false);
  else if (mode === Mode.InElement) emit(true);
  else if (mode === Mode.BetweenElements) {
    records.push({
      index: index++,
      line,
      issues: [
        issue('error', 'TRUNCATED_RECORD', '', 'the input ends before the closing bracket of the array'),
      ],
    });
  }
  if (index === 0) {
    const detail = mode === Mode.AfterArray ? 'an empty array' : '0 bytes, or only white space';
    records.push({ index: index++, line: 1, issues: [emptyInputIssue(detail)] });
  }
  if (records.length > 0) yield records;
}
