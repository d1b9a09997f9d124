/**
 * Builds canonical documents from rows: consecutive rows with the same `documentId` form one
 * document; document-level cells must repeat on every row; each row adds one item (a stock line,
 * a shipment line, a forecast value, a product) and StockReport rows sharing a location share a
 * listing. Only the open document is held in memory, bounded by `maxRowsPerDocument`.
 *
 * Objects are built only with member names from the templates, never from the input.
 */
import { type Issue, issue } from '../../issue.js';
import { joinPointer } from '../../pointer.js';
import type { SourceLocation } from '../record.js';
import type { BrokenRow, CellRow } from './cells.js';
import { type ColumnSpec, type Level, type Token, columnTargets } from './columns.js';
import type { Header } from './header.js';
import { type DocumentLines, documentLocator, get } from './locate.js';
import type { CsvLimits } from './options.js';
import { CSV_TEMPLATE_SCHEMA_VERSION, type CsvTemplate } from './templates.js';
import { booleanCell, listCell, marketScopeCell, numberCell } from './values.js';

/** A record as assembled (the reader adds `source` and `index`). */
export interface AssembledRecord {
  line: number;
  value?: unknown;
  issues: Issue[];
  locate?: (pointer: string) => SourceLocation | undefined;
}

type Json = Record<string | number, unknown>;

/** How many `documentId`s are remembered to tell a document split in parts (bounded memory). */
export const RECENT_DOCUMENTS = 10_000;

interface Draft {
  /** The `documentId` cell; '' when the rows have none (each row is then a document). */
  key: string;
  lines: DocumentLines;
  value: Json | undefined;
  issues: Issue[];
  rows: number;
  /** Document-level cells of the first readable row, to compare later rows with. */
  documentCells: string[];
  groups: Map<string, { object: Json; items: number[]; index: number }>;
  overflow: boolean;
  truncated: boolean;
}

interface PlacedColumn {
  column: ColumnSpec;
  position: number;
  /** Pointer of the member, relative to the level (for issues). */
  pointer: string;
}

/** Assembles documents of one template from rows in file order. */
export class DocumentAssembler {
  private readonly template: CsvTemplate;
  private readonly header: Header;
  private readonly limits: CsvLimits;
  private readonly byLevel: Record<Level, PlacedColumn[]>;
  private readonly unnamed: number[];
  private readonly present: ReadonlySet<string>;
  private readonly maxRows: number;
  private open: Draft | undefined;
  /** `documentId`s of the documents built last (oldest first), to notice a document whose rows are not consecutive. */
  private readonly recent = new Set<string>();

  constructor(template: CsvTemplate, header: Header, limits: CsvLimits) {
    this.template = template;
    this.header = header;
    this.limits = limits;
    this.byLevel = { document: [], group: [], item: [] };
    for (const column of template.columns) {
      const position = header.positions.get(column.name);
      if (position === undefined) continue;
      const first = columnTargets(column)[0]!;
      this.byLevel[column.level].push({ column, position, pointer: joinPointer('', ...first) });
    }
    this.unnamed = header.names.flatMap((name, position) => (name === '' ? [position] : []));
    this.present = new Set(header.positions.keys());
    this.maxRows = Math.min(template.maxRows ?? Number.POSITIVE_INFINITY, limits.maxRowsPerDocument);
  }

  /** Adds a readable row; returns the documents it completes. */
  addRow(row: CellRow): AssembledRecord[] {
    const key = this.header.keyIndex >= 0 ? row.cells[this.header.keyIndex]! : '';
    const out = this.continues(key) ? [] : this.startDocument(key, row.line);
    const draft = this.open!;
    draft.rows++;
    if (draft.rows > this.maxRows) {
      if (!draft.overflow) {
        draft.overflow = true;
        const one = this.maxRows === 1 && this.template.maxRows === 1;
        this.addIssue(
          draft,
          issue(
            'error',
            'CSV_TOO_MANY_ROWS',
            '',
            one
              ? `a ${this.template.documentType} has one row; line ${row.line} repeats documentId ${JSON.stringify(key)}`
              : `the document has more than ${this.maxRows} rows; rows from line ${row.line} on are not read`,
            { line: row.line, maxRows: this.maxRows },
          ),
        );
      }
      return out;
    }
    for (const position of this.unnamed) {
      if (row.cells[position]!.trim() !== '') {
        this.addIssue(
          draft,
          issue(
            'error',
            'CSV_UNKNOWN_COLUMN',
            '',
            `line ${row.line} has a value in column ${position + 1}, which has no name in the header`,
            {
              line: row.line,
              column: `#${position + 1}`,
            },
          ),
        );
      }
    }
    if (draft.value === undefined) this.firstRow(draft, row);
    else this.checkRepeated(draft, row);
    this.addItem(draft, row);
    return out;
  }

  /** Adds a row that could not be read; returns the documents it completes. */
  addBroken(row: BrokenRow): AssembledRecord[] {
    const key = row.key ?? '';
    if (key !== '' && this.continues(key)) {
      this.addIssue(this.open!, row.broken);
      return [];
    }
    const out = this.startDocument(key, row.line);
    this.addIssue(this.open!, row.broken);
    if (key === '') out.push(...this.close());
    return out;
  }

  /** Completes the open document at the end of the input. */
  finish(): AssembledRecord[] {
    return this.close();
  }

  private continues(key: string): boolean {
    return this.open !== undefined && key !== '' && key === this.open.key;
  }

  private startDocument(key: string, line: number): AssembledRecord[] {
    const out = this.close();
    const draft: Draft = {
      key,
      lines: { line, groups: [], items: [] },
      value: undefined,
      issues: [],
      rows: 0,
      documentCells: [],
      groups: new Map(),
      overflow: false,
      truncated: false,
    };
    if (key !== '' && this.recent.has(key)) {
      this.addIssue(
        draft,
        issue(
          'error',
          'CSV_DOCUMENT_SPLIT',
          '/documentId',
          `the rows of document ${JSON.stringify(key)} are not consecutive: it starts again at line ${line}`,
          { line, column: 'documentId' },
        ),
      );
    }
    this.open = draft;
    return out;
  }

  private close(): AssembledRecord[] {
    const draft = this.open;
    if (draft === undefined) return [];
    this.open = undefined;
    // Only built documents are remembered: a record made only of broken rows may have read its
    // documentId from a broken cell.
    if (draft.value !== undefined && draft.key !== '') this.remember(draft.key);
    const record: AssembledRecord = { line: draft.lines.line, issues: draft.issues };
    if (draft.value !== undefined) {
      record.value = draft.value;
      record.locate = documentLocator(this.template, this.present, draft.value, draft.lines);
    }
    return [record];
  }

  private remember(key: string): void {
    this.recent.delete(key);
    this.recent.add(key);
    if (this.recent.size > RECENT_DOCUMENTS) this.recent.delete(this.recent.values().next().value!);
  }

  private firstRow(draft: Draft, row: CellRow): void {
    // Defaults first, so they lead the document; cells override them.
    const value: Json = {
      schemaVersion: CSV_TEMPLATE_SCHEMA_VERSION,
      documentType: this.template.documentType,
    };
    draft.value = value;
    this.apply(value, 'document', () => '', row, draft);
    draft.documentCells = this.byLevel.document.map(({ position }) => row.cells[position]!);
    const type = value.documentType;
    if (type !== this.template.documentType) {
      this.addIssue(
        draft,
        issue(
          'error',
          'CSV_DOCUMENT_TYPE_MISMATCH',
          '/documentType',
          `line ${row.line} is a ${JSON.stringify(type)} row in a ${this.template.documentType} file`,
          { line: row.line, column: 'documentType', expected: this.template.documentType, actual: type },
        ),
      );
    }
    value.documentType = this.template.documentType;
    if (this.template.group !== undefined) value[this.template.group.array] = [];
    else if (this.template.item !== undefined) value[this.template.item.array] = [];
  }

  private checkRepeated(draft: Draft, row: CellRow): void {
    this.byLevel.document.forEach(({ column, position, pointer }, i) => {
      if (row.cells[position] === draft.documentCells[i]) return;
      this.addIssue(
        draft,
        issue(
          'error',
          'CSV_INCONSISTENT_VALUE',
          pointer,
          `column ${column.name} at line ${row.line} differs from the document's first row (line ${draft.lines.line}); repeat document columns on every row`,
          { line: row.line, column: column.name, firstLine: draft.lines.line },
        ),
      );
    });
  }

  private addItem(draft: Draft, row: CellRow): void {
    const { group, item } = this.template;
    const value = draft.value!;
    let parent = value;
    let parentPointer = () => '';
    let itemLines = draft.lines.items;
    if (group !== undefined) {
      const groupKey = JSON.stringify(this.byLevel.group.map(({ position }) => row.cells[position]));
      let entry = draft.groups.get(groupKey);
      const listings = value[group.array] as Json[];
      if (entry === undefined) {
        const object: Json = {};
        const index = listings.length;
        this.apply(object, 'group', () => joinPointer('', group.array, index), row, draft);
        entry = { object, items: [], index: listings.length };
        draft.groups.set(groupKey, entry);
        draft.lines.groups.push({ line: row.line, items: entry.items });
        listings.push(object);
        if (item !== undefined) object[item.array] = [];
      }
      parent = entry.object;
      const index = entry.index;
      parentPointer = () => joinPointer('', group.array, index);
      itemLines = entry.items;
    }
    if (item === undefined) return;
    const items = parent[item.array] as Json[];
    const object: Json = {};
    const index = items.length;
    this.apply(object, 'item', () => joinPointer(parentPointer(), item.array, index), row, draft);
    items.push(object);
    itemLines.push(row.line);
  }

  /** Fills `target` from the row's cells of one level, in template order. */
  private apply(target: Json, level: Level, pointer: () => string, row: CellRow, draft: Draft): void {
    const byShortcut = new Set<string>();
    for (const { column, position } of this.byLevel[level]) {
      const cell = row.cells[position]!;
      if (cell === '') continue;
      for (const base of column.quantities ?? [[]]) {
        // Quantity-wide columns (unit, package) apply to the quantities this row fills.
        if (column.quantities !== undefined && typeof get(target, base) !== 'object') continue;
        const path = [...base, ...column.path];
        switch (column.kind) {
          case 'gs1':
            set(target, [...path, 'system'], column.system);
            set(target, [...path, 'value'], cell);
            byShortcut.add(path.join('/'));
            break;
          case 'idSystem':
          case 'idValue': {
            if (byShortcut.has(path.join('/'))) {
              this.addIssue(
                draft,
                issue(
                  'error',
                  'CSV_CONFLICTING_COLUMNS',
                  joinPointer(pointer(), ...path),
                  `line ${row.line} gives this identifier twice, by its GS1 column and by ${column.name}; fill one of them`,
                  { line: row.line, column: column.name },
                ),
              );
              break;
            }
            set(target, [...path, column.kind === 'idSystem' ? 'system' : 'value'], cell);
            break;
          }
          default:
            set(target, path, convert(column, cell));
        }
      }
    }
  }

  private addIssue(draft: Draft, found: Issue): void {
    if (draft.issues.length < this.limits.maxIssuesPerRecord) {
      draft.issues.push(found);
    } else if (!draft.truncated) {
      draft.truncated = true;
      draft.issues.push(
        issue(
          'info',
          'CSV_ISSUES_TRUNCATED',
          '',
          `more than ${this.limits.maxIssuesPerRecord} reader issues; the rest are not listed`,
          {
            line: draft.lines.line,
            maxIssues: this.limits.maxIssuesPerRecord,
          },
        ),
      );
    }
  }
}

function convert(column: ColumnSpec, cell: string): unknown {
  switch (column.kind) {
    case 'number':
      return numberCell(cell);
    case 'boolean':
      return booleanCell(cell);
    case 'list':
      return listCell(cell);
    case 'marketScope':
      return marketScopeCell(cell);
    default:
      return cell;
  }
}

/** Sets a member, creating the objects and arrays on the way (names come from the templates). */
function set(target: Json, path: readonly Token[], value: unknown): void {
  let current: Json = target;
  for (let i = 0; i < path.length - 1; i++) {
    const token = path[i]!;
    let next = current[token];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      current[token] = next;
    }
    current = next as Json;
  }
  current[path[path.length - 1]!] = value;
}
