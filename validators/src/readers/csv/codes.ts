import type { IssueCodeTable } from '../../issue.js';

/**
 * Codes raised by the CSV reader. A row that cannot be read is reported with its line and reading
 * goes on at the next line; `params` always carries `line` and, when one cell is at fault, `column`.
 * The reader also raises `INVALID_UTF8` and `DOCUMENT_TYPE_UNKNOWN` from the reader table.
 */
export const csvIssueCodes: IssueCodeTable = {
  CSV_NO_HEADER: {
    severity: 'error',
    description:
      'The first row names no template column (the header row is missing or the delimiter is not `,` or `;`); nothing is read.',
  },
  CSV_UNKNOWN_COLUMN: {
    severity: 'error',
    description:
      'A header names a column the template does not have, or a cell under an unnamed column holds a value; its cells are not read.',
  },
  CSV_DUPLICATE_COLUMN: {
    severity: 'error',
    description: 'A header names the same column twice; only the first is read.',
  },
  CSV_TOO_MANY_COLUMNS: {
    severity: 'error',
    description: 'The header has more columns than the reader allows; nothing is read.',
  },
  CSV_UNCLOSED_QUOTE: {
    severity: 'error',
    description:
      'A quoted cell is still open at the end of the input or after the row size limit; reading resumes on the next line.',
  },
  CSV_INVALID_QUOTE: {
    severity: 'error',
    description:
      'A quote inside an unquoted cell, or a character other than a delimiter or line break right after a closing quote.',
  },
  CSV_COLUMN_COUNT: { severity: 'error', description: 'A row has more or fewer cells than the header.' },
  CSV_FIELD_TOO_LARGE: {
    severity: 'error',
    description: 'A cell is larger than the reader allows (`maxFieldBytes`).',
  },
  CSV_ROW_TOO_LARGE: {
    severity: 'error',
    description:
      'A row is larger than the reader allows (`maxRowBytes`); it is skipped up to the next line break.',
  },
  CSV_TOO_MANY_ROWS: {
    severity: 'error',
    description:
      'A document has more rows than the reader allows, or a one-row template (CapacityReport) has several rows.',
  },
  CSV_INCONSISTENT_VALUE: {
    severity: 'error',
    description:
      'A document-level cell (envelope, header, stock location) differs from the first row of its document.',
  },
  CSV_CONFLICTING_COLUMNS: {
    severity: 'error',
    description:
      'An identifier is given twice in one row: by its GS1 column (`…Gln`, `…Gtin`) and by `…IdSystem`/`…IdValue`.',
  },
  CSV_DOCUMENT_SPLIT: {
    severity: 'error',
    description:
      'Rows of one document are not consecutive: its `documentId` starts again after other rows (checked over the last 10,000 documents).',
  },
  CSV_DOCUMENT_TYPE_MISMATCH: {
    severity: 'error',
    description:
      'A row names another `documentType` than the template chosen for the file (by `--schema` or the first row).',
  },
  CSV_ISSUES_TRUNCATED: {
    severity: 'info',
    description:
      'A document or the header has more reader issues than are listed; only the first ones are kept.',
  },
};
