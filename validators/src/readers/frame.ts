import type { Issue } from '../issue.js';
import type { ReaderLimits } from './limits.js';
import { parseRecord } from './parse-record.js';
import type { RecordRead } from './record.js';

/**
 * One record's bytes as a framer cut them from the input, before parsing. Framing is cheap and
 * sequential; parsing and validating frames can then run anywhere (see ../parallel).
 */
export interface Frame {
  /** 0-based position of the record in its source. */
  index: number;
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based column (in bytes) where the record starts on that line, when not 1 (JSON array elements). */
  column?: number;
  /** The record's bytes; absent when the framer already knows the record is broken (`issues`). */
  bytes?: Uint8Array;
  /** Problems found while framing (record too large, empty element, content after the array). */
  issues?: Issue[];
  /** The input ended inside this record. */
  truncated?: boolean;
}

/** Parses a frame into a record. */
export function frameToRecord(frame: Frame, source: string, limits: ReaderLimits): RecordRead {
  if (frame.bytes === undefined)
    return { source, index: frame.index, line: frame.line, issues: frame.issues ?? [] };
  const parsed = parseRecord(frame.bytes, limits, frame.truncated ?? false, {
    line: frame.line,
    column: frame.column ?? 1,
  });
  const record: RecordRead = { source, index: frame.index, line: frame.line, issues: parsed.issues };
  if (parsed.value !== undefined) record.value = parsed.value;
  return record;
}
