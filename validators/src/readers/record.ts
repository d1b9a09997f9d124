import type { Issue } from '../issue.js';

/** Where a record, or a value inside it, sits in its input. */
export interface SourceLocation {
  /** 1-based line (NDJSON line, first line of a JSON array element, CSV row line). */
  line?: number;
  /** CSV column name, when the value came from one cell. */
  column?: string;
}

/**
 * One record as a reader delivers it: parsed, or not parsable with the reader's issues.
 * Every record read is delivered, so `records = valid + invalid` holds downstream.
 */
export interface RecordRead {
  /** File path, or `-` for stdin. */
  source: string;
  /** 0-based position of the record in its source. */
  index: number;
  /** 1-based line where the record starts, when the format has lines. */
  line?: number;
  /** The parsed value; absent when the record could not be parsed. */
  value?: unknown;
  /** Problems the reader found (syntax, size, encoding); errors make the record invalid. */
  issues: Issue[];
  /** Maps a JSON Pointer inside `value` back to the input (used by CSV to name row and column). */
  locate?: (pointer: string) => SourceLocation | undefined;
}
