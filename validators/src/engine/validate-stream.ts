/**
 * Validates a stream of records: every record read becomes exactly one result, valid or invalid,
 * so `records = valid + invalid` always holds.
 */
import { type Issue, hasErrors } from '../issue.js';
import type { RecordRead } from '../readers/record.js';
import {
  type SchemaChoice,
  type Selection,
  type ValidationResult,
  type Validator,
  validateSelected,
} from './validator.js';

/** The verdict on one record of a stream. */
export interface RecordResult {
  /** File path, or `-` for stdin. */
  source: string;
  /** 1-based line where the record starts, when the input has lines. */
  line?: number;
  /** 0-based index of the record in its source. */
  index: number;
  documentType: string | null;
  schemaVersion: string | null;
  valid: boolean;
  issues: Issue[];
}

/** Validates records as they come; schemas are loaded the first time a document type appears. */
export async function* validateRecords(
  records: AsyncIterable<RecordRead>,
  validator: Validator,
  choice: SchemaChoice = {},
): AsyncGenerator<RecordResult> {
  const loaded: Loaded = new Map();
  for await (const record of records) {
    // Awaits only to load a schema the first time its type appears; otherwise validation is synchronous.
    const selection = selectionFor(record, validator, choice);
    const loading = selection === undefined ? undefined : prepareLoaded(selection, validator, loaded);
    if (loading !== undefined) await loading;
    yield resultOf(record, validator, choice, selection);
  }
}

/** The schema selection of a record the reader could read, or undefined when it could not. */
function selectionFor(record: RecordRead, validator: Validator, choice: SchemaChoice): Selection | undefined {
  if (record.value === undefined || hasErrors(record.issues)) return undefined;
  return validator.select(record.value, choice);
}

/** Loads the schema a selection needs, unless loaded; settles at once (no promise) when there is nothing to load. */
function prepareFor(
  selection: Selection,
  validator: Validator,
  prepared: Set<string>,
): Promise<void> | undefined {
  if (!selection.ok) return undefined;
  const key = `${selection.documentType}@${selection.schemaVersion}`;
  if (prepared.has(key)) return undefined;
  return validator.prepare(selection.documentType, selection.schemaVersion).then(() => {
    prepared.add(key);
  });
}

/** Schemas the streams have loaded, as document type → versions: found without building a key string. */
type Loaded = Map<string, Set<string>>;

/** {@link prepareFor} for the streams, which look a record's schema up in a {@link Loaded} map. */
function prepareLoaded(
  selection: Selection,
  validator: Validator,
  loaded: Loaded,
): Promise<void> | undefined {
  if (!selection.ok) return undefined;
  const { documentType, schemaVersion } = selection;
  if (loaded.get(documentType)?.has(schemaVersion)) return undefined;
  return validator.prepare(documentType, schemaVersion).then(() => {
    const versions = loaded.get(documentType);
    if (versions === undefined) loaded.set(documentType, new Set([schemaVersion]));
    else versions.add(schemaVersion);
  });
}

/**
 * Validates batches of records (see `readRecordBatches`): one result array per batch, in order.
 * Schemas load on first sight of a document type; everything else is synchronous per batch.
 */
export async function* validateRecordBatches(
  batches: AsyncIterable<RecordRead[]>,
  validator: Validator,
  choice: SchemaChoice = {},
): AsyncGenerator<RecordResult[]> {
  const loaded: Loaded = new Map();
  for await (const batch of batches) {
    const results: RecordResult[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const record = batch[i]!;
      // Selected once: the same selection loads the schema and then validates the record.
      const selection = selectionFor(record, validator, choice);
      const loading = selection === undefined ? undefined : prepareLoaded(selection, validator, loaded);
      if (loading !== undefined) await loading;
      results[i] = resultOf(record, validator, choice, selection);
    }
    yield results;
  }
}

/** Validates one record read from a stream (loading its schema if needed). */
export async function validateRecord(
  record: RecordRead,
  validator: Validator,
  choice: SchemaChoice = {},
  prepared: Set<string> = new Set(),
): Promise<RecordResult> {
  const selection = selectionFor(record, validator, choice);
  const loading = selection === undefined ? undefined : prepareFor(selection, validator, prepared);
  if (loading !== undefined) await loading;
  return resultOf(record, validator, choice, selection);
}

/**
 * The result of one record whose schema (if it has one) is loaded. `selection` is what
 * {@link selectionFor} returned for it: undefined exactly when the reader could not read the record.
 */
function resultOf(
  record: RecordRead,
  validator: Validator,
  choice: SchemaChoice,
  selection: Selection | undefined,
): RecordResult {
  // Built member by member, never spread: one object per record. Member order is the order reports
  // print (source, line, index, …), and `line` is absent, not undefined, when the input has no lines.
  if (selection === undefined) {
    return record.line === undefined
      ? {
          source: record.source,
          index: record.index,
          documentType: null,
          schemaVersion: null,
          valid: false,
          issues: record.issues,
        }
      : {
          source: record.source,
          line: record.line,
          index: record.index,
          documentType: null,
          schemaVersion: null,
          valid: false,
          issues: record.issues,
        };
  }
  const result: ValidationResult = validateSelected(validator, record.value, selection, choice);
  // Arrays are copied only when there is something to add or to locate, never for a clean record.
  let issues = result.issues;
  if (record.issues.length > 0) issues = issues.length > 0 ? record.issues.concat(issues) : record.issues;
  if (record.locate && issues.length > 0) issues = issues.map((i) => locateIssue(i, record));
  const valid = issues.length === 0 || !hasErrors(issues);
  return record.line === undefined
    ? {
        source: record.source,
        index: record.index,
        documentType: result.documentType,
        schemaVersion: result.schemaVersion,
        valid,
        issues,
      }
    : {
        source: record.source,
        line: record.line,
        index: record.index,
        documentType: result.documentType,
        schemaVersion: result.schemaVersion,
        valid,
        issues,
      };
}

function locateIssue(problem: Issue, record: RecordRead): Issue {
  const where = record.locate?.(problem.path);
  if (!where) return problem;
  const cell =
    where.column === undefined ? `line ${where.line}` : `line ${where.line}, column ${where.column}`;
  return { ...problem, message: `${problem.message} (${cell})`, params: { ...where, ...problem.params } };
}
