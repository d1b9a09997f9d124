/**
 * The CSV input of `medsupply validate`: flat templates, one per document type (docs/guides/csv-templates.md).
 */
export { readCsvRecords } from './read.js';
export { csvIssueCodes } from './codes.js';
export { type CsvReadOptions, type CsvLimits, DEFAULT_CSV_LIMITS } from './options.js';
export { type CsvTemplate, CSV_TEMPLATE_SCHEMA_VERSION, csvTemplate, csvTemplates } from './templates.js';
export {
  type CellKind,
  type ColumnSpec,
  type Level,
  type Token,
  GS1_SYSTEMS,
  columnTargets,
} from './columns.js';
export { NOTE_COLUMN_PREFIX } from './header.js';
export { LIST_SEPARATOR } from './values.js';
