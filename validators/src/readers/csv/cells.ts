/**
 * Turns framed rows into cells with csv-parse, and checks what framing cannot: UTF-8, cell sizes and
 * the number of cells. Rows arrive well framed (see framer.ts), so csv-parse parses a whole chunk's
 * rows in one call; a row it still rejects is parsed alone, so a failure stays with its row.
 */
import { parse } from 'csv-parse/sync';
import { type Issue, issue } from '../../issue.js';
import type { Frame } from './framer.js';
import { isUtf8 } from './utf8.js';

/** A row read into cells. */
export interface CellRow {
  line: number;
  cells: string[];
}

/** A row that could not be read, with its `documentId` and `documentType` cells when they could still be read. */
export interface BrokenRow {
  line: number;
  broken: Issue;
  key?: string;
  type?: string;
}

/** One row as read. */
export type RowRead = CellRow | BrokenRow;

/** True when the row could not be read. */
export function isBroken(row: RowRead): row is BrokenRow {
  return 'broken' in row;
}

/** What the cell reader knows about the file. */
export interface CellContext {
  delimiter: ',' | ';';
  maxFieldBytes: number;
  maxRowBytes: number;
  /** Column names, once the header is read. */
  header?: readonly string[];
  /** Position of the `documentId` column, or -1. */
  keyIndex: number;
  /** Position of the `documentType` column, or -1. */
  typeIndex: number;
}

/** Reads the cells of framed rows; rows whose cells are all blank are left out. */
export function readCells(frames: readonly Frame[], context: CellContext): RowRead[] {
  const utf8 = frames.map((frame) => frame.problem !== undefined || isUtf8(frame.bytes));
  const parsed = parseBatch(
    frames.filter((frame, i) => frame.problem === undefined && utf8[i]),
    context.delimiter,
  );
  const rows: RowRead[] = [];
  let next = 0;
  for (const [i, frame] of frames.entries()) {
    if (frame.problem !== undefined) {
      rows.push(broken(frame, framingIssue(frame, context), context));
    } else if (!utf8[i]) {
      rows.push(broken(frame, utf8Issue(frame), context));
    } else {
      const result = parsed[next++]!;
      if (result instanceof Error) {
        rows.push(broken(frame, invalidQuote(frame.line, undefined, context), context));
        continue;
      }
      const row = checkCells(frame.line, result, context);
      if (row !== undefined) rows.push(row);
    }
  }
  return rows;
}

const parseOptions = (delimiter: string) =>
  ({
    delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: '\n',
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
    encoding: 'utf8',
  }) as const;

/** Parses many rows in one csv-parse call; falls back to one call per row if the batch fails. */
function parseBatch(frames: readonly Frame[], delimiter: string): Array<string[] | Error> {
  if (frames.length === 0) return [];
  const options = parseOptions(delimiter);
  const joined: Buffer[] = [];
  for (const frame of frames) joined.push(frame.bytes, NEWLINE);
  try {
    const records = parse(Buffer.concat(joined), options);
    if (records.length === frames.length) return records;
  } catch {
    // Fall through: find the row at fault.
  }
  return frames.map((frame) => {
    try {
      const records = parse(frame.bytes, options);
      return records.length === 1 ? records[0]! : new Error('not one record');
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
}

const NEWLINE = Buffer.from('\n');

function checkCells(line: number, cells: string[], context: CellContext): RowRead | undefined {
  if (cells.every((cell) => cell.trim() === '')) return undefined;
  const { header } = context;
  if (header !== undefined && cells.length !== header.length) {
    const row: BrokenRow = {
      line,
      broken: issue(
        'error',
        'CSV_COLUMN_COUNT',
        '',
        `line ${line} has ${cells.length} cells, the header has ${header.length}`,
        {
          line,
          expected: header.length,
          actual: cells.length,
        },
      ),
    };
    return withCells(row, cells, context);
  }
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    // A character takes 1 to 3 UTF-8 bytes (4 for a surrogate pair, which is 2 characters).
    if (cell.length * 3 > context.maxFieldBytes && Buffer.byteLength(cell) > context.maxFieldBytes) {
      const column = columnName(i, context);
      const row: BrokenRow = {
        line,
        broken: issue(
          'error',
          'CSV_FIELD_TOO_LARGE',
          '',
          `cell ${column} at line ${line} is larger than ${context.maxFieldBytes} bytes`,
          {
            line,
            column,
            maxFieldBytes: context.maxFieldBytes,
          },
        ),
      };
      return withCells(row, cells, context, i);
    }
  }
  return { line, cells };
}

/** Adds the `documentId` and `documentType` cells of a broken row, unless they are the cell at fault. */
function withCells(
  row: BrokenRow,
  cells: readonly string[],
  context: CellContext,
  faulty?: number,
): BrokenRow {
  const cell = (index: number) => (index >= 0 && index !== faulty ? cells[index] : undefined);
  const key = cell(context.keyIndex);
  const type = cell(context.typeIndex);
  if (key !== undefined && key !== '') row.key = key;
  if (type !== undefined && type !== '') row.type = type;
  return row;
}

function broken(frame: Frame, found: Issue, context: CellContext): BrokenRow {
  const row: BrokenRow = { line: frame.line, broken: found };
  const cell = (index: number) =>
    index >= 0 && index !== frame.problemCell
      ? leadingCell(frame.bytes, context.delimiter, index)
      : undefined;
  const key = cell(context.keyIndex);
  const type = cell(context.typeIndex);
  if (key !== undefined && key !== '') row.key = key;
  if (type !== undefined && type !== '') row.type = type;
  return row;
}

function framingIssue(frame: Frame, context: CellContext): Issue {
  const { line } = frame;
  switch (frame.problem) {
    case 'CSV_UNCLOSED_QUOTE': {
      const column = columnName(frame.problemCell ?? 0, context);
      return issue(
        'error',
        'CSV_UNCLOSED_QUOTE',
        '',
        `the quote opened in cell ${column} at line ${line} is never closed`,
        {
          line,
          column,
        },
      );
    }
    case 'CSV_ROW_TOO_LARGE':
      return issue(
        'error',
        'CSV_ROW_TOO_LARGE',
        '',
        `the row at line ${line} is larger than ${context.maxRowBytes} bytes`,
        {
          line,
          maxRowBytes: context.maxRowBytes,
        },
      );
    default:
      return invalidQuote(line, frame.problemCell, context);
  }
}

function invalidQuote(line: number, cell: number | undefined, context: CellContext): Issue {
  if (cell === undefined) {
    return issue('error', 'CSV_INVALID_QUOTE', '', `misplaced quote at line ${line}`, { line });
  }
  const column = columnName(cell, context);
  return issue(
    'error',
    'CSV_INVALID_QUOTE',
    '',
    `misplaced quote in cell ${column} at line ${line}: quote the whole cell and double quotes inside it`,
    { line, column },
  );
}

function utf8Issue(frame: Frame): Issue {
  const { line, bytes } = frame;
  const utf16 =
    line === 1 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) {
    return issue(
      'error',
      'INVALID_UTF8',
      '',
      'the file is UTF-16; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)',
      {
        line,
        encoding: 'UTF-16',
      },
    );
  }
  return issue('error', 'INVALID_UTF8', '', `line ${line} is not valid UTF-8`, { line });
}

/** The header name of a 0-based cell position, or `#n` (1-based) when there is none. */
export function columnName(cell: number, context: Pick<CellContext, 'header'>): string {
  const name = context.header?.[cell];
  return name !== undefined && name !== '' ? name : `#${cell + 1}`;
}

/**
 * Reads one cell of a row leniently (quotes honoured, stops at the first line break), to find out
 * which document a broken row belongs to. Undefined when the row ends before that cell does.
 */
export function leadingCell(bytes: Buffer, delimiter: string, index: number): string | undefined {
  const sep = delimiter.charCodeAt(0);
  let cell = 0;
  let i = 0;
  while (i <= bytes.length) {
    if (bytes[i] === 0x22) {
      // Quoted cell: up to the closing quote, with "" for a quote.
      const chunks: Buffer[] = [];
      let from = i + 1;
      let j = from;
      for (;;) {
        const quote = bytes.indexOf(0x22, j);
        if (quote === -1) return undefined;
        if (bytes[quote + 1] === 0x22) {
          chunks.push(bytes.subarray(from, quote + 1));
          from = j = quote + 2;
          continue;
        }
        chunks.push(bytes.subarray(from, quote));
        i = quote + 1;
        break;
      }
      if (cell === index) return Buffer.concat(chunks).toString('utf8');
      while (i < bytes.length && bytes[i] !== sep && bytes[i] !== 0x0a) i++;
    } else {
      let end = i;
      while (end < bytes.length && bytes[end] !== sep && bytes[end] !== 0x0a) end++;
      if (cell === index) return bytes.subarray(i, end).toString('utf8');
      i = end;
    }
    if (i >= bytes.length || bytes[i] === 0x0a) return undefined;
    i++; // past the delimiter
    cell++;
  }
  return undefined;
}
