/**
 * NDJSON for worker threads, cut as raw bytes. The main thread only finds line ends and counts
 * lines and records (so that each batch knows its first line and record number); it never decodes,
 * never builds a string or an object per line. Workers then frame, parse, validate and serialise.
 * Both halves decide what a line is with {@link lineKind}, so they agree with each other and with
 * the single-threaded reader (`frameNdjsonBatches`): BOM on the first line only, one trailing CR
 * removed, blank lines are not records, a line over the record limit is one RECORD_TOO_LARGE record.
 */
import { issue } from '../issue.js';
import type { Frame } from '../readers/frame.js';
import { type ReaderLimits, emptyInputIssue, skipBudget } from '../readers/limits.js';

const NEWLINE = 0x0a;

/** What one line of an NDJSON input is. */
export const LineKind = { blank: 0, record: 1, tooLarge: 2 } as const;

/**
 * The kind of the line `bytes[start, end)` (its line end excluded). `first`: the input's first line,
 * where a BOM is not content.
 */
export function lineKind(
  bytes: Uint8Array,
  start: number,
  end: number,
  first: boolean,
  maxRecordBytes: number,
): number {
  if (end - start > maxRecordBytes) return LineKind.tooLarge;
  let i = start;
  if (first && end - i >= 3 && bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) i += 3;
  // A record's line ends this loop at its first byte.
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return LineKind.record;
  }
  return LineKind.blank;
}

/**
 * A run of whole lines of one input, in a buffer of its own (transferred to a worker, not copied).
 * Lines the main thread dropped because they were too long to keep are empty lines here, listed in
 * `dropped`.
 */
export interface LineBatch {
  bytes: Uint8Array;
  /** 1-based line number of the batch's first line. */
  firstLine: number;
  /** 0-based record index of the batch's first record. */
  firstIndex: number;
  /** Records in the batch (for the next batch's `firstIndex`, and a check). */
  records: number;
  /** The batch starts the input (its first line may carry a BOM). */
  atStart: boolean;
  /** The batch ends the input: a last line without a line end is a record cut short. */
  atEnd: boolean;
  /** The input holds no records at all: the batch is the one EMPTY_INPUT record. */
  emptyInput: boolean;
  /** Line offsets (0-based, in this batch) of over-long lines dropped while reading; negative: abandoned there. */
  dropped: number[];
}

/** Options of {@link cutLineBatches}. */
export interface CutOptions {
  limits: ReaderLimits;
  /** A batch is sent once it holds at least this many bytes (it always ends at a line end). */
  batchBytes: number;
}

/**
 * Cuts an NDJSON byte stream into batches of whole lines. Memory stays bounded: at most one batch,
 * plus one unfinished line up to the record limit (a longer line is skipped, not kept, and given up
 * on past the reader's skip budget, as the single-threaded reader does).
 */
export async function* cutLineBatches(
  input: AsyncIterable<Uint8Array | string>,
  options: CutOptions,
): AsyncGenerator<LineBatch> {
  const max = options.limits.maxRecordBytes;
  const budget = skipBudget(max);
  let complete: Uint8Array[] = [];
  let completeBytes = 0;
  let partial: Uint8Array[] = [];
  let partialBytes = 0;
  let dropped: number[] = [];
  let skipping = false;
  let skipped = 0;
  let line = 1;
  let index = 0;
  let atStart = true;

  const take = (atEnd: boolean): LineBatch => {
    // Its own memory (not from Node's shared pool, not zero-filled): the buffer is transferred.
    const bytes = Buffer.allocUnsafeSlow(completeBytes);
    let at = 0;
    for (const part of complete) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    const batch: LineBatch = {
      bytes,
      firstLine: line,
      firstIndex: index,
      records: 0,
      atStart,
      atEnd,
      emptyInput: false,
      dropped,
    };
    const counted = countLines(batch, max);
    batch.records = counted.records;
    line += counted.lines;
    index += counted.records;
    complete = [];
    completeBytes = 0;
    dropped = [];
    atStart = false;
    return batch;
  };

  /** Lines in `complete` so far: counted only when a line is dropped (rare), to place it. */
  const completeLines = () => {
    let n = 0;
    for (const part of complete) n += countNewlines(part);
    return n;
  };

  const dropLine = (abandoned: boolean) => {
    const at = completeLines();
    dropped.push(abandoned ? -1 - at : at);
    if (!abandoned) {
      complete.push(LINE_END);
      completeBytes++;
    }
  };

  for await (const raw of input) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : asBuffer(raw);
    if (skipping) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        skipped += chunk.byteLength;
        if (skipped > budget) {
          // No line end within the skip budget (/dev/zero, a binary file): stop reading.
          dropLine(true);
          yield take(true);
          return;
        }
        continue;
      }
      skipping = false;
      skipped = 0;
      dropLine(false);
      chunk = chunk.subarray(newline + 1);
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      partial.push(chunk);
      partialBytes += chunk.byteLength;
      if (partialBytes > max) {
        skipping = true;
        partial = [];
        partialBytes = 0;
      }
      continue;
    }
    // Whole lines: the unfinished one from earlier chunks, then this chunk up to its last line end.
    // Lines within are counted in take(): one newline scan per batch, over one buffer.
    for (const part of partial) complete.push(part);
    complete.push(chunk.subarray(0, last + 1));
    completeBytes += partialBytes + last + 1;
    partial = last + 1 < chunk.byteLength ? [chunk.subarray(last + 1)] : [];
    partialBytes = chunk.byteLength - last - 1;
    if (completeBytes >= options.batchBytes) yield take(false);
  }
  if (skipping) {
    dropped.push(completeLines());
  } else {
    for (const part of partial) complete.push(part);
    completeBytes += partialBytes;
  }
  const end = take(true);
  if (index === 0) end.emptyInput = true;
  yield end;
}

const LINE_END = new Uint8Array([NEWLINE]);

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) n++;
  return n;
}

/** Lines and records in a batch, as {@link framesOfBatch} will frame them. */
function countLines(batch: LineBatch, max: number): { lines: number; records: number } {
  let lines = 0;
  let records = 0;
  forEachLine(batch, max, (kind) => {
    lines++;
    if (kind !== LineKind.blank) records++;
  });
  return { lines, records };
}

/**
 * Calls `visit` for each line of a batch with its kind, offset in the batch, and bounds (CR and BOM
 * not yet removed). The last line of the input counts when it has bytes or was dropped, as in the
 * single-threaded reader.
 */
function forEachLine(
  batch: LineBatch,
  max: number,
  visit: (kind: number, offset: number, start: number, end: number, dropped: 0 | 1 | 2) => void,
): void {
  const { dropped } = batch;
  const bytes = asBuffer(batch.bytes);
  let offset = 0;
  let start = 0;
  const droppedAt = (at: number): 0 | 1 | 2 => {
    if (dropped.length === 0) return 0;
    for (const d of dropped) {
      if (d === at) return 1;
      if (d === -1 - at) return 2;
    }
    return 0;
  };
  while (start < bytes.byteLength) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.byteLength : newline;
    const d = droppedAt(offset);
    const kind =
      d !== 0 ? LineKind.tooLarge : lineKind(bytes, start, end, batch.atStart && offset === 0, max);
    visit(kind, offset, start, end, d);
    offset++;
    start = end + 1;
  }
  // A dropped last line without a line end (or an abandoned one) has no bytes at all.
  const d = droppedAt(offset);
  if (d !== 0) visit(LineKind.tooLarge, offset, start, start, d);
}

/**
 * The same bytes as a Buffer: its `indexOf` is a native byte search, a Uint8Array's (what a
 * transferred batch arrives as) compares element by element in JavaScript.
 */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The frames of a batch, numbered from its first line and record: what the reader would have cut. */
export function framesOfBatch(batch: LineBatch, limits: ReaderLimits): Frame[] {
  const frames: Frame[] = [];
  if (batch.emptyInput && batch.records === 0) {
    frames.push({ index: 0, line: 1, issues: [emptyInputIssue('no line holds a record')] });
    return frames;
  }
  const bytes = asBuffer(batch.bytes);
  const max = limits.maxRecordBytes;
  let index = batch.firstIndex;
  forEachLine(batch, max, (kind, offset, start, end, dropped) => {
    if (kind === LineKind.blank) return;
    const line = batch.firstLine + offset;
    if (kind === LineKind.tooLarge) {
      const abandoned = dropped === 2;
      const rest = abandoned ? '; no line end follows, the rest of the input was not read' : '';
      const problem = issue('error', 'RECORD_TOO_LARGE', '', `line is longer than ${max} bytes${rest}`, {
        maxRecordBytes: max,
        ...(abandoned ? { abandoned: true } : {}),
      });
      frames.push({ index: index++, line, issues: [problem] });
      return;
    }
    let from = start;
    let to = end;
    if (
      batch.atStart &&
      offset === 0 &&
      bytes[from] === 0xef &&
      bytes[from + 1] === 0xbb &&
      bytes[from + 2] === 0xbf
    )
      from += 3;
    if (to > from && bytes[to - 1] === 0x0d) to--;
    const frame: Frame = { index: index++, line, bytes: bytes.subarray(from, to) };
    if (batch.atEnd && end === bytes.byteLength) frame.truncated = true;
    frames.push(frame);
  });
  return frames;
}
