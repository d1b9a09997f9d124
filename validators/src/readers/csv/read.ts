/**
 * The CSV reader: bytes → rows (framer.ts) → cells (cells.ts) → documents (assemble.ts), one chunk
 * at a time, so memory stays bounded by one row, one chunk and the open document.
 */
import type { Readable } from 'node:stream';
import { type Issue, issue } from '../../issue.js';
import type { RecordRead } from '../record.js';
import { type AssembledRecord, DocumentAssembler } from './assemble.js';
import { type CellContext, type RowRead, isBroken, readCells } from './cells.js';
import { type Frame, RowFramer } from './framer.js';
import { type Header, isHeaderFailure, readHeader, unknownColumns } from './header.js';
import { type CsvLimits, type CsvReadOptions, csvLimits } from './options.js';
import { type CsvTemplate, csvTemplate, csvTemplates } from './templates.js';

/**
 * Reads CSV documents written with the medsupply flat templates (docs/guides/csv-templates.md).
 *
 * Every row is accounted for: each document built from consecutive rows with the same `documentId`
 * is one record, and so is each row that cannot be read (with its line and a `CSV_*` code) unless
 * its `documentId` places it in a document, which then carries the issue. Reading goes on after a
 * broken row. Issues carry `params.line` and, when one cell is at fault, `params.column`; `locate`
 * maps a pointer inside a built document back to its row and column.
 *
 * UTF-8 only (a byte order mark is skipped); lines end with LF or CRLF; cells are separated by `,`,
 * or by `;` when the header uses `;` and no `,` (RFC 4180 quoting).
 *
 * @example
 * for await (const record of readCsvRecords(createReadStream(path), { source: path })) { … }
 */
export async function* readCsvRecords(
  input: Readable | AsyncIterable<Uint8Array | string>,
  options: CsvReadOptions,
): AsyncGenerator<RecordRead> {
  const reader = new CsvReader(options);
  if (reader.done) {
    yield* reader.drain();
    return;
  }
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    yield* reader.push(toBuffer(chunk));
    // A header that cannot be read ends the reading; leaving the loop releases the input.
    if (reader.done) return;
  }
  yield* reader.end();
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const LF = 0x0a;

class CsvReader {
  done = false;
  private readonly source: string;
  private readonly limits: CsvLimits;
  private readonly chosen: CsvTemplate | undefined;
  private index = 0;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private lineHasText = false;
  private framer: RowFramer | undefined;
  private readonly context: CellContext;
  private header: Header | undefined;
  private assembler: DocumentAssembler | undefined;
  /** `documentId` of the last row of unknown type, so one document is reported once. */
  private unknownKey: string | undefined;
  private queued: RecordRead[] = [];

  constructor(options: CsvReadOptions) {
    this.source = options.source;
    this.limits = csvLimits(options);
    this.context = {
      delimiter: ',',
      maxFieldBytes: this.limits.maxFieldBytes,
      maxRowBytes: this.limits.maxRowBytes,
      keyIndex: -1,
      typeIndex: -1,
    };
    if (options.documentType !== undefined) {
      this.chosen = csvTemplate(options.documentType);
      if (this.chosen === undefined) {
        const known = [...csvTemplates.keys()];
        this.fail({
          line: 0,
          issues: [
            issue(
              'error',
              'DOCUMENT_TYPE_UNKNOWN',
              '',
              `no CSV template for document type ${JSON.stringify(options.documentType)} (known: ${known.join(', ')})`,
              {
                documentType: options.documentType,
                known,
              },
            ),
          ],
        });
      }
    }
  }

  /** Records produced before any input was read (a wrong option). */
  drain(): RecordRead[] {
    const out = this.queued;
    this.queued = [];
    return out;
  }

  push(chunk: Buffer): RecordRead[] {
    if (this.done) return [];
    if (this.framer === undefined) {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      // Look at each byte once: until the header line is complete, chunks are only collected.
      if (!this.headerLineIn(chunk) && this.waitingBytes <= this.limits.maxRowBytes) return [];
      const start = Buffer.concat(this.waiting, this.waitingBytes);
      const layout = headerLayout(start);
      this.waiting = [];
      return this.frames(this.startFraming(layout).push(start));
    }
    const records = this.frames(this.framer.push(chunk));
    // A row without end in sight has been reported; reading on would never finish.
    if (this.framer.abandoned) this.done = true;
    return records;
  }

  end(): RecordRead[] {
    if (this.done) return this.drain();
    const out: RecordRead[] = [];
    if (this.framer === undefined) {
      const start = Buffer.concat(this.waiting, this.waitingBytes);
      out.push(...this.frames(this.startFraming(headerLayout(start)).push(start)));
    }
    out.push(...this.frames(this.framer!.end()));
    if (!this.done && this.assembler !== undefined) out.push(...this.stamp(this.assembler.finish()));
    return out;
  }

  /** True once a chunk completes the first non-blank line. */
  private headerLineIn(chunk: Buffer): boolean {
    for (const b of chunk) {
      if (b === LF) {
        if (this.lineHasText) return true;
      } else if (b !== 0x20 && b !== 0x09 && b !== 0x0d && !(b === 0xef || b === 0xbb || b === 0xbf)) {
        this.lineHasText = true;
      }
    }
    return false;
  }

  private startFraming(layout: HeaderLayout): RowFramer {
    this.context.delimiter = layout.delimiter;
    this.framer = new RowFramer({
      delimiter: layout.delimiter.charCodeAt(0),
      maxRowBytes: this.limits.maxRowBytes,
      expectedCells: layout.cells,
    });
    return this.framer;
  }

  private frames(frames: Frame[]): RecordRead[] {
    const out: RecordRead[] = [];
    let next = 0;
    // Rows up to the header are read one by one: the header sets the column count for the rest.
    while (this.header === undefined && next < frames.length && !this.done) {
      for (const row of readCells([frames[next++]!], this.context)) out.push(...this.row(row));
    }
    if (next < frames.length && !this.done) {
      for (const row of readCells(frames.slice(next), this.context)) out.push(...this.row(row));
    }
    return [...this.drain(), ...out];
  }

  private row(row: RowRead): RecordRead[] {
    if (this.done) return [];
    if (this.header === undefined) {
      this.readHeaderRow(row);
      return [];
    }
    if (this.assembler !== undefined) {
      return this.stamp(isBroken(row) ? this.assembler.addBroken(row) : this.assembler.addRow(row));
    }
    // No template yet: the first row with a known documentType chooses it, even a broken row.
    const type = isBroken(row) ? (row.type ?? '') : row.cells[this.header.typeIndex]!;
    const template = csvTemplate(type);
    if (template !== undefined) {
      const out = this.startTemplate(template);
      return [...out, ...this.row(row)];
    }
    if (isBroken(row)) {
      this.unknownKey = undefined;
      return this.stamp([{ line: row.line, issues: [row.broken] }]);
    }
    const key = this.header.keyIndex >= 0 ? row.cells[this.header.keyIndex]! : '';
    if (key !== '' && key === this.unknownKey) return [];
    this.unknownKey = key;
    const known = [...csvTemplates.keys()];
    return this.stamp([
      {
        line: row.line,
        issues: [
          issue(
            'error',
            'DOCUMENT_TYPE_UNKNOWN',
            '/documentType',
            `line ${row.line} has ${type === '' ? 'no documentType' : `documentType ${JSON.stringify(type)}`}; expected one of ${known.join(', ')}`,
            { line: row.line, column: 'documentType', known },
          ),
        ],
      },
    ]);
  }

  private readHeaderRow(row: RowRead): void {
    if (isBroken(row)) {
      this.fail({ line: row.line, issues: [row.broken] });
      return;
    }
    const header = readHeader(row.line, row.cells, this.limits.maxColumns);
    if (isHeaderFailure(header)) {
      this.fail({ line: row.line, issues: [header.fatal] });
      return;
    }
    this.header = header;
    this.context.header = header.names;
    this.context.keyIndex = header.keyIndex;
    this.context.typeIndex = header.typeIndex;
    if (this.chosen !== undefined) {
      this.queued.push(...this.startTemplate(this.chosen));
    } else if (header.typeIndex < 0) {
      this.fail({
        line: row.line,
        issues: [
          issue(
            'error',
            'DOCUMENT_TYPE_UNKNOWN',
            '',
            'the header has no documentType column and no document type was given (--schema); the template is unknown',
            { line: row.line, column: 'documentType' },
          ),
        ],
      });
    }
  }

  /** Sets the template; returns the header's record when the header has problems. */
  private startTemplate(template: CsvTemplate): RecordRead[] {
    const header = this.header!;
    this.assembler = new DocumentAssembler(template, header, this.limits);
    const issues: Issue[] = [...header.issues, ...unknownColumns(header, template)];
    const max = this.limits.maxIssuesPerRecord;
    if (issues.length > max) {
      issues.splice(
        max,
        issues.length,
        issue('info', 'CSV_ISSUES_TRUNCATED', '', `more than ${max} header issues; the rest are not listed`, {
          line: header.line,
          maxIssues: max,
        }),
      );
    }
    return issues.length > 0 ? this.stamp([{ line: header.line, issues }]) : [];
  }

  /** Reports a problem that stops the reading. */
  private fail(record: AssembledRecord): void {
    this.queued.push(...this.stamp([record]));
    this.done = true;
  }

  private stamp(records: AssembledRecord[]): RecordRead[] {
    return records.map((record) => {
      const read: RecordRead = { source: this.source, index: this.index++, issues: record.issues };
      if (record.line > 0) read.line = record.line;
      if (record.value !== undefined) read.value = record.value;
      if (record.locate !== undefined) read.locate = record.locate;
      return read;
    });
  }
}

/** The delimiter and the number of cells of the header line. */
export interface HeaderLayout {
  delimiter: ',' | ';';
  cells: number;
}

/**
 * Looks at the first non-blank line (the header, complete or cut at the row limit): the delimiter
 * is `;` when that line has semicolons and no commas outside quotes, else `,`.
 */
export function headerLayout(bytes: Buffer): HeaderLayout {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (;;) {
    const newline = bytes.indexOf(LF, start);
    const end = newline === -1 ? bytes.length : newline;
    let commas = 0;
    let semicolons = 0;
    let quoted = false;
    let blank = true;
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b === 0x22) quoted = !quoted;
      else if (!quoted && b === 0x2c) commas++;
      else if (!quoted && b === 0x3b) semicolons++;
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) blank = false;
    }
    if (!blank || newline === -1) {
      return semicolons > 0 && commas === 0
        ? { delimiter: ';', cells: semicolons + 1 }
        : { delimiter: ',', cells: commas + 1 };
    }
    start = newline + 1;
  }
}
