/**
 * Validates a stream of records: every record read becomes exactly one result, valid or invalid,
 * so `records = valid + invalid` always holds.
 */
import { type Issue, hasErrors } from '../issue.js';
import type { RecordRead } from '../readers/record.js';
import type { SchemaChoice, Validator } from './validator.js';

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
  const prepared = new Set<string>();
  for await (const record of records) {
    // Awaits only to load a schema the first time its type appears; otherwise validation is synchronous.
    const loading = prepareFor(record, validator, choice, prepared);
    if (loading !== undefined) await loading;
    yield resultOf(record, validator, choice);
  }
}

/** Loads the schema a record needs, unless loaded; settles at once (no promise) when there is nothing to load. */
function prepareFor(
  record: RecordRead,
  validator: Validator,
  choice: SchemaChoice,
  prepared: Set<string>,
): Promise<void> | undefined {
  if (record.value === undefined || hasErrors(record.issues)) return undefined;
  const selection = validator.select(record.value, choice);
  if (!selection.ok) return undefined;
  const key = `${selection.documentType}@${selection.schemaVersion}`;
  if (prepared.has(key)) return undefined;
  return validator.prepare(selection.documentType, selection.schemaVersion).then(() => {
    prepared.add(key);
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
  const prepared = new Set<string>();
  for await (const batch of batches) {
    const results: RecordResult[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const record = batch[i]!;
      const selection = record.value === undefined ? undefined : validator.select(record.value, choice);
      if (selection?.ok) {
        const key = `${selection.documentType}@${selection.schemaVersion}`;
        if (!prepared.has(key)) {
          await validator.prepare(selection.documentType, selection.schemaVersion);
          prepared.add(key);
        }
      }
      results[i] = resultOf(record, validator, choice);
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
  if (record.value !== undefined && !hasErrors(record.issues)) {
    const selection = validator.select(record.value, choice);
    if (selection.ok) {
      const key = `${selection.documentType}@${selection.schemaVersion}`;
      if (!prepared.has(key)) {
        await validator.prepare(selection.documentType, selection.schemaVersion);
        prepared.add(key);
      }
    }
  }
  return resultOf(record, validator, choice);
}

/** The result of one record whose schema (if it has one) is loaded. */
function resultOf(record: RecordRead, validator: Validator, choice: SchemaChoice): RecordResult {
  // Built member by member, never spread: one object per record. Member order is the order reports
  // print (source, line, index, …), and `line` is absent, not undefined, when the input has no lines.
  if (record.value === undefined || hasErrors(record.issues)) {
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
  const result = validator.validate(record.value, choice);
  let issues = record.issues.length > 0 ? [...record.issues, ...result.issues] : result.issues;
  if (record.locate) issues = issues.map((i) => locateIssue(i, record));
  const valid = !hasErrors(issues);
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
