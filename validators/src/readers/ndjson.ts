/**
 * NDJSON / JSON Lines reader: one record per line, read in constant memory. A line longer than the
 * record limit is skipped without being buffered and reported as one invalid record.
 */
import { issue } from '../issue.js';
import { type Frame, frameToRecord } from './frame.js';
import { DEFAULT_LIMITS, type ReaderLimits, emptyInputIssue, skipBudget } from './limits.js';
import type { RecordRead } from './record.js';

const NEWLINE = 0x0a;

/** Options of the line readers. */
export interface ReaderOptions {
  /** File path or `-`, copied into every record. */
  source: string;
  /** Limits (defaults: {@link DEFAULT_LIMITS}). */
  limits?: Partial<ReaderLimits>;
}

/** Reads NDJSON records from a byte stream. Blank lines are not records. */
export async function* readNdjson(
  input: AsyncIterable<Uint8Array | string>,
  options: ReaderOptions,
): AsyncGenerator<RecordRead> {
  const limits: ReaderLimits = { ...DEFAULT_LIMITS, ...options.limits };
  for await (const frames of frameNdjsonBatches(input, limits)) {
    for (const frame of frames) yield frameToRecord(frame, options.source, limits);
  }
}

/** Cuts an NDJSON byte stream into one frame per non-blank line (BOM and CR removed). */
export async function* frameNdjson(
  input: AsyncIterable<Uint8Array | string>,
  limits: ReaderLimits,
): AsyncGenerator<Frame> {
  for await (const frames of frameNdjsonBatches(input, limits)) yield* frames;
}

/** The same frames, one array per input chunk: fewer awaits on the hot path. */
export async function* frameNdjsonBatches(
  input: AsyncIterable<Uint8Array | string>,
  limits: ReaderLimits,
): AsyncGenerator<Frame[]> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let oversized = false;
  /** Bytes of an oversized line skipped so far; past `skipBudget` the input is abandoned. */
  let overflow = 0;
  let line = 1;
  let index = 0;
  let first = true;

  const finish = (bytes: Buffer | undefined, truncated: boolean, abandoned = false): Frame | undefined => {
    const startLine = line;
    line++;
    if (oversized) {
      oversized = false;
      overflow = 0;
      first = false;
      const rest = abandoned ? '; no line end follows, the rest of the input was not read' : '';
      const problem = issue(
        'error',
        'RECORD_TOO_LARGE',
        '',
        `line is longer than ${limits.maxRecordBytes} bytes${rest}`,
        { maxRecordBytes: limits.maxRecordBytes, ...(abandoned ? { abandoned: true } : {}) },
      );
      return { index: index++, line: startLine, issues: [problem] };
    }
    if (bytes === undefined) return undefined;
    let body = bytes;
    if (first) {
      first = false;
      if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
    }
    if (body.length > 0 && body[body.length - 1] === 0x0d) body = body.subarray(0, body.length - 1);
    if (isBlank(body)) return undefined;
    return truncated
      ? { index: index++, line: startLine, bytes: body, truncated }
      : { index: index++, line: startLine, bytes: body };
  };

  for await (const raw of input) {
    const batch: Frame[] = [];
    const chunk =
      typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let start = 0;
    while (start <= chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      if (oversized) {
        overflow += end - start;
      } else if (partBytes + (end - start) > limits.maxRecordBytes) {
        oversized = true;
        parts = [];
        partBytes = 0;
      } else if (end > start) {
        parts.push(chunk.subarray(start, end));
        partBytes += end - start;
      }
      if (oversized && overflow > skipBudget(limits.maxRecordBytes)) {
        // No line end within `skipBudget` bytes (/dev/zero, a binary file): stop reading.
        batch.push(finish(undefined, false, true)!);
        yield batch;
        return;
      }
      if (newline === -1) {
        // Keep the unfinished line; copy so the stream's chunk can be released.
        if (parts.length > 0 && parts[parts.length - 1]!.buffer === chunk.buffer) {
          parts[parts.length - 1] = Buffer.from(parts[parts.length - 1]!);
        }
        break;
      }
      const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes);
      parts = [];
      partBytes = 0;
      const frame = finish(bytes, false);
      if (frame) batch.push(frame);
      start = newline + 1;
    }
    if (batch.length > 0) yield batch;
  }
  if (oversized || partBytes > 0) {
    const frame = finish(partBytes > 0 ? Buffer.concat(parts, partBytes) : undefined, true);
    if (frame) yield [frame];
  }
  if (index === 0) yield [{ index: index++, line: 1, issues: [emptyInputIssue('no line holds a record')] }];
}

function isBlank(bytes: Uint8Array): boolean {
  // Indexed, not for…of: this runs on every line, and a line of a record ends the loop at its first byte.
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}
