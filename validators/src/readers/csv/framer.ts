/**
 * Cuts a CSV byte stream into rows (RFC 4180 framing) in bounded memory, and recovers from broken
 * rows. A quoted cell may span lines. When a row that spans lines turns out broken (its quote is
 * still open at the end of the input or after `maxRowBytes`, a quote is misplaced after its first
 * line, or it has another number of cells than the header), the likeliest cause is a quote that was
 * never closed: the row's first line is reported as `CSV_UNCLOSED_QUOTE` and the lines after it are
 * read again as rows of their own, so one stray quote costs one row, not the rest of the file.
 *
 * Framing works on bytes: quote, delimiter, CR and LF are ASCII, so UTF-8 needs no decoding here.
 * See https://www.rfc-editor.org/rfc/rfc4180#section-2.
 */
import { skipBudget } from '../limits.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Why a row cannot be read as CSV. */
export type FrameProblemCode = 'CSV_UNCLOSED_QUOTE' | 'CSV_INVALID_QUOTE' | 'CSV_ROW_TOO_LARGE';

/** A row as framed: its bytes, or what could be kept of a broken row. */
export interface Frame {
  /** 1-based line of the row's first byte. */
  line: number;
  /**
   * The row without its line break. For a broken row, only its first line, cut at `maxRowBytes`
   * (enough to find its `documentId`).
   */
  bytes: Buffer;
  /** Set when the row cannot be read. */
  problem?: FrameProblemCode;
  /** 0-based cell where the problem was seen (quote problems). */
  problemCell?: number;
}

/** Options of {@link RowFramer}. */
export interface FramerOptions {
  /** The cell delimiter as one ASCII byte (`,` or `;`). */
  delimiter: number;
  /** The largest row, quoted line breaks included. */
  maxRowBytes: number;
  /** Cells in the header, when known: a row spanning lines with another count is re-read. */
  expectedCells?: number;
}

/** Where the scanner is inside the current row. */
enum State {
  /** At the start of a cell. */
  CellStart = 0,
  /** Inside an unquoted cell. */
  Unquoted = 1,
  /** Inside a quoted cell. */
  Quoted = 2,
  /** Just after a quote inside a quoted cell: an escaped quote (`""`) or the closing quote. */
  QuoteInQuoted = 3,
  /** A CR after a closing quote; only a LF may follow. */
  ClosedCr = 4,
}

/** Cuts bytes into {@link Frame}s; feed chunks with {@link RowFramer.push}, then call {@link RowFramer.end}. */
export class RowFramer {
  private readonly delimiter: number;
  private readonly maxRowBytes: number;
  private readonly expectedCells: number | undefined;
  /** Line of the next byte. */
  private line = 1;
  /** Line where the current row started. */
  private startLine = 1;
  /** Bytes of the current row from earlier chunks (copied, so chunks can be released). */
  private parts: Buffer[] = [];
  private size = 0;
  private state = State.CellStart;
  private cell = 0;
  private problem: FrameProblemCode | undefined;
  private problemCell: number | undefined;
  /** Offset in the row just after its first line break inside quotes, or -1. */
  private innerBreak = -1;
  /** The cell that was open at that line break. */
  private spanningCell = 0;
  /** The row is too large: its bytes are dropped up to the next LF. */
  private skipping = false;
  /** Bytes dropped while skipping; past `skipBudget` there is no row end in sight. */
  private skipped = 0;
  /**
   * True once a row ran on `skipBudget` bytes past the limit without a line end (/dev/zero, a
   * binary file): the row has been reported and the rest of the input should not be read.
   */
  abandoned = false;
  private started = false;
  /** The first bytes, while too few to tell whether they start with a byte order mark. */
  private head: Buffer = Buffer.alloc(0);

  constructor(options: FramerOptions) {
    this.delimiter = options.delimiter;
    this.maxRowBytes = options.maxRowBytes;
    this.expectedCells = options.expectedCells;
  }

  /** Frames the rows completed by this chunk. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let buf = chunk;
    if (!this.started) {
      buf = this.head.length > 0 ? Buffer.concat([this.head, chunk]) : chunk;
      // A UTF-8 byte order mark is an encoding signature, not data (Excel writes one).
      if (buf.length < BOM.length && BOM.subarray(0, buf.length).equals(buf)) {
        this.head = Buffer.from(buf);
        return out;
      }
      this.started = true;
      this.head = Buffer.alloc(0);
      if (buf.subarray(0, BOM.length).equals(BOM)) buf = buf.subarray(BOM.length);
    }
    this.drain([buf], out);
    return out;
  }

  /** Frames what is left at the end of the input. */
  end(): Frame[] {
    const out: Frame[] = [];
    if (!this.started && this.head.length > 0) {
      // Fewer bytes than a byte order mark: they are data.
      this.started = true;
      this.drain([this.head], out);
    }
    for (;;) {
      if (this.skipping) {
        this.emitTooLarge(out);
        return out;
      }
      if (this.size === 0 && this.state === State.CellStart && this.cell === 0) return out;
      const bytes = this.take();
      const unclosed =
        this.state === State.Quoted ||
        (this.innerBreak >= 0 && this.problem === undefined && this.wrongCellCount());
      if (!unclosed) {
        this.finishRow(bytes, out);
        return out;
      }
      const leftover = this.unclosed(bytes, out);
      if (leftover === undefined) return out;
      this.drain([leftover], out);
    }
  }

  private drain(queue: Buffer[], out: Frame[]): void {
    while (queue.length > 0) this.scan(queue.shift()!, queue, out);
  }

  private scan(buf: Buffer, queue: Buffer[], out: Frame[]): void {
    const delimiter = this.delimiter;
    const length = buf.length;
    let segmentStart = 0;
    let i = 0;
    while (i < length) {
      if (this.skipping) {
        const newline = buf.indexOf(LF, i);
        if (newline === -1) {
          this.skipped += length - i;
          if (this.skipped > skipBudget(this.maxRowBytes) && !this.abandoned) {
            this.abandoned = true;
            this.emitTooLarge(out);
          }
          return;
        }
        this.skipped = 0;
        this.emitTooLarge(out);
        this.nextRow();
        i = newline + 1;
        segmentStart = i;
        continue;
      }
      const b = buf[i]!;
      let misplaced = false;
      let rowEnd = false;
      switch (this.state) {
        case State.CellStart:
          if (b === QUOTE) this.state = State.Quoted;
          else if (b === delimiter) this.cell++;
          else if (b === LF) rowEnd = true;
          else this.state = State.Unquoted;
          break;
        case State.Unquoted:
          if (b === delimiter) {
            this.state = State.CellStart;
            this.cell++;
          } else if (b === LF) rowEnd = true;
          else if (b === QUOTE) misplaced = true;
          break;
        case State.Quoted:
          if (b === QUOTE) this.state = State.QuoteInQuoted;
          else if (b === LF) {
            this.line++;
            const rowSize = this.size + (i + 1 - segmentStart);
            if (this.innerBreak < 0) {
              this.innerBreak = rowSize;
              this.spanningCell = this.cell;
            }
            if (rowSize > this.maxRowBytes) {
              this.reread(buf, segmentStart, i + 1, queue, out);
              return;
            }
          }
          break;
        case State.QuoteInQuoted:
          if (b === QUOTE) this.state = State.Quoted;
          else if (b === delimiter) {
            this.state = State.CellStart;
            this.cell++;
          } else if (b === LF) rowEnd = true;
          else if (b === CR) this.state = State.ClosedCr;
          else {
            misplaced = true;
            this.state = State.Unquoted;
          }
          break;
        case State.ClosedCr:
          if (b === LF) rowEnd = true;
          else {
            misplaced = true;
            // Read this byte again as part of an unquoted cell.
            this.state = State.Unquoted;
            i--;
          }
          break;
      }
      if (misplaced) {
        if (this.innerBreak >= 0) {
          // A misplaced quote after the first line: the quote that spanned lines was never closed.
          this.reread(buf, segmentStart, i + 1, queue, out);
          return;
        }
        if (this.problem === undefined) {
          this.problem = 'CSV_INVALID_QUOTE';
          this.problemCell = this.cell;
        }
      } else if (rowEnd) {
        if (this.innerBreak >= 0 && this.problem === undefined && this.wrongCellCount()) {
          this.reread(buf, segmentStart, i + 1, queue, out);
          return;
        }
        this.finishRow(this.take(buf, segmentStart, i), out);
        segmentStart = i + 1;
      }
      i++;
    }
    if (this.skipping || segmentStart >= length) return;
    // Keep the unfinished row; copy so the stream's chunk can be released.
    const rest = Buffer.from(buf.subarray(segmentStart));
    this.parts.push(rest);
    this.size += rest.length;
    if (this.size <= this.maxRowBytes) return;
    if (this.state === State.Quoted && this.innerBreak >= 0) {
      const leftover = this.unclosed(this.take(), out);
      if (leftover) queue.unshift(leftover);
    } else {
      this.skipping = true;
    }
  }

  private wrongCellCount(): boolean {
    return this.expectedCells !== undefined && this.cell + 1 !== this.expectedCells;
  }

  /** Reports the current row as unclosed and queues its lines after the first, then the rest of `buf`. */
  private reread(buf: Buffer, segmentStart: number, upTo: number, queue: Buffer[], out: Frame[]): void {
    const leftover = this.unclosed(this.take(buf, segmentStart, upTo), out);
    queue.unshift(...(leftover ? [leftover] : []), buf.subarray(upTo));
  }

  /** Returns the current row's bytes (earlier parts plus `buf[from, to)`) and forgets them. */
  private take(buf?: Buffer, from = 0, to = 0): Buffer {
    const tail = buf === undefined || to <= from ? undefined : buf.subarray(from, to);
    let bytes: Buffer;
    if (this.parts.length === 0) bytes = tail ?? Buffer.alloc(0);
    else if (tail === undefined && this.parts.length === 1) bytes = this.parts[0]!;
    else bytes = Buffer.concat(tail === undefined ? this.parts : [...this.parts, tail]);
    this.parts = [];
    this.size = 0;
    return bytes;
  }

  /** Emits a complete row (ended by LF or the end of the input). Blank lines are not rows. */
  private finishRow(raw: Buffer, out: Frame[]): void {
    const bytes = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, raw.length - 1) : raw;
    if (bytes.length > this.maxRowBytes) {
      out.push({
        line: this.startLine,
        bytes: firstLine(bytes, this.maxRowBytes),
        problem: 'CSV_ROW_TOO_LARGE',
      });
    } else if (bytes.length > 0) {
      const frame: Frame = { line: this.startLine, bytes };
      if (this.problem !== undefined) {
        frame.problem = this.problem;
        frame.problemCell = this.problemCell;
      }
      out.push(frame);
    }
    this.nextRow();
  }

  /**
   * Reports a row whose quote never closed, at its first line, and returns the bytes after that line
   * to be read again (undefined when the row has one line).
   */
  private unclosed(bytes: Buffer, out: Frame[]): Buffer | undefined {
    const cut = this.innerBreak;
    out.push({
      line: this.startLine,
      bytes: firstLine(bytes, this.maxRowBytes),
      problem: 'CSV_UNCLOSED_QUOTE',
      problemCell: cut >= 0 ? this.spanningCell : this.cell,
    });
    const restart = this.startLine + 1;
    this.nextRow();
    if (cut < 0) return undefined;
    this.line = restart;
    this.startLine = restart;
    return bytes.subarray(cut);
  }

  private emitTooLarge(out: Frame[]): void {
    out.push({
      line: this.startLine,
      bytes: firstLine(this.take(), this.maxRowBytes),
      problem: 'CSV_ROW_TOO_LARGE',
    });
  }

  private nextRow(): void {
    this.line++;
    this.startLine = this.line;
    this.parts = [];
    this.size = 0;
    this.state = State.CellStart;
    this.cell = 0;
    this.problem = undefined;
    this.problemCell = undefined;
    this.innerBreak = -1;
    this.spanningCell = 0;
    this.skipping = false;
  }
}

/** The first line of some bytes (without CR), at most `max` bytes long. */
function firstLine(bytes: Buffer, max: number): Buffer {
  const newline = bytes.indexOf(LF);
  let end = newline === -1 ? bytes.length : newline;
  if (end > 0 && bytes[end - 1] === CR) end--;
  return bytes.subarray(0, Math.min(end, max));
}
