/**
 * The header row: column names to positions. Names are only ever looked up in Maps, never used
 * as object keys, so a hostile header (`__proto__`, `constructor`) is just an unknown column.
 */
import { type Issue, issue } from '../../issue.js';
import { ALL_CSV_COLUMNS, type CsvTemplate } from './templates.js';

/** Columns whose name starts with this are notes for people (`#productName`) and are not read. */
export const NOTE_COLUMN_PREFIX = '#';

/** What the header says. */
export interface Header {
  line: number;
  /** Names as written, trimmed, by position. */
  names: string[];
  /** First position of each name. */
  positions: Map<string, number>;
  /** Duplicate names (problems that do not depend on the template). */
  issues: Issue[];
  /** Position of `documentId`, or -1. */
  keyIndex: number;
  /** Position of `documentType`, or -1. */
  typeIndex: number;
}

/** Why the header cannot be used at all. */
export interface HeaderFailure {
  fatal: Issue;
}

/** Reads the header row; fails when it names no template column or has too many columns. */
export function readHeader(
  line: number,
  cells: readonly string[],
  maxColumns: number,
): Header | HeaderFailure {
  if (cells.length > maxColumns) {
    return {
      fatal: issue(
        'error',
        'CSV_TOO_MANY_COLUMNS',
        '',
        `the header has ${cells.length} columns, more than ${maxColumns}`,
        {
          line,
          columns: cells.length,
          maxColumns,
        },
      ),
    };
  }
  const names = cells.map((cell) => cell.trim());
  if (!names.some((name) => ALL_CSV_COLUMNS.has(name))) {
    return {
      fatal: issue(
        'error',
        'CSV_NO_HEADER',
        '',
        `line ${line} names no template column: the first row must be the header (columns separated by "," or ";")`,
        { line },
      ),
    };
  }
  const positions = new Map<string, number>();
  const issues: Issue[] = [];
  names.forEach((name, position) => {
    if (name === '') return;
    if (positions.has(name)) {
      if (name.startsWith(NOTE_COLUMN_PREFIX)) return;
      issues.push(
        issue(
          'error',
          'CSV_DUPLICATE_COLUMN',
          '',
          `column ${name} appears twice in the header; the second is not read`,
          {
            line,
            column: name,
          },
        ),
      );
    } else positions.set(name, position);
  });
  return {
    line,
    names,
    positions,
    issues,
    keyIndex: positions.get('documentId') ?? -1,
    typeIndex: positions.get('documentType') ?? -1,
  };
}

/** Header problems relative to a template: columns it does not have (notes and unnamed columns aside). */
export function unknownColumns(header: Header, template: CsvTemplate): Issue[] {
  const known = new Map<string, string>();
  for (const column of template.columns) known.set(column.name, column.name);
  const lowerCase = new Map<string, string>();
  for (const column of template.columns) lowerCase.set(column.name.toLowerCase(), column.name);
  const issues: Issue[] = [];
  for (const name of header.positions.keys()) {
    if (known.has(name) || name.startsWith(NOTE_COLUMN_PREFIX)) continue;
    const suggestion = lowerCase.get(name.toLowerCase());
    const params: Record<string, unknown> = { line: header.line, column: name };
    if (suggestion !== undefined) params.suggestion = suggestion;
    issues.push(
      issue(
        'error',
        'CSV_UNKNOWN_COLUMN',
        '',
        `the ${template.documentType} template has no column ${JSON.stringify(name)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; its cells are not read`,
        params,
      ),
    );
  }
  return issues;
}

/** True when a failure, not a header. */
export function isHeaderFailure(result: Header | HeaderFailure): result is HeaderFailure {
  return 'fatal' in result;
}
