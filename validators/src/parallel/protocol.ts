import type { RecordResult } from '../engine/validate-stream.js';
import type { SchemaChoice } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import type { ReaderLimits } from '../readers/limits.js';

/**
 * What a worker sends back per batch: result objects (copied by structured clone), or each result
 * already serialised as JSON, which is what the JSON and NDJSON reports print. Serialising on the
 * worker leaves the main thread only framing and writing (decision 0022).
 */
export type WorkerOutput = 'results' | 'json';

/** Set once per worker. */
export interface WorkerSetup {
  source: string;
  choice: SchemaChoice;
  limits: ReaderLimits;
  output: WorkerOutput;
}

/** Where one frame's bytes sit in a batch buffer, and what the framer already knew. */
export interface FrameSlot {
  index: number;
  line: number;
  /** 1-based column where the record starts on its line, when not 1. */
  column?: number;
  start: number;
  end: number;
  truncated?: boolean;
  issues?: Issue[];
  hasBytes: boolean;
}

/** Main → worker: validate these frames. The buffer is transferred, not copied. */
export interface BatchRequest {
  id: number;
  source: string;
  buffer: ArrayBuffer;
  slots: FrameSlot[];
}

/**
 * The results of one batch as text: `text` holds every result's JSON one after the other, result
 * `i` ending at `ends[i]`; `verdicts[i]` is `warnings * 2 + (valid ? 1 : 0)`. Both arrays are
 * transferred, the text is one string: one copy per batch instead of one object graph per record.
 */
export interface JsonBatch {
  text: string;
  ends: Uint32Array;
  verdicts: Uint32Array;
}

/** Worker → main: the results of one batch, in frame order, or the failure that stopped it. */
export interface BatchResponse {
  id: number;
  results?: RecordResult[];
  json?: JsonBatch;
  error?: string;
}
