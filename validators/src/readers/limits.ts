import { type Issue, issue } from '../issue.js';

/** Bounds that keep readers safe on hostile input; every one can be raised by the caller. */
export interface ReaderLimits {
  /** Largest record (NDJSON line, JSON array element, whole JSON document) in bytes. Default 16 MiB. */
  maxRecordBytes: number;
  /** Deepest nesting of arrays and objects in one record. Default 128 (documents need about 10). */
  maxDepth: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: Readonly<ReaderLimits> = {
  maxRecordBytes: 16 * 1024 * 1024,
  maxDepth: 128,
};

/** The record that stands for an input without any: an empty export must not pass as valid. */
export function emptyInputIssue(detail: string): Issue {
  return issue('error', 'EMPTY_INPUT', '', `the input holds no records (${detail})`);
}

/**
 * How far past the record limit a reader skips, looking for the end of an oversized record, before
 * it gives up on the input: 4× the limit, at least 64 MiB. Long enough to step over one huge line
 * and read on; short enough that a stream without any boundary (/dev/zero) ends within a second.
 */
export function skipBudget(maxRecordBytes: number): number {
  return Math.max(4 * maxRecordBytes, 64 * 1024 * 1024);
}
