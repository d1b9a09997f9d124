import type { RecordResult } from '../engine/validate-stream.js';
import type { SchemaChoice } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import type { ReaderLimits } from '../readers/limits.js';
import type { LineBatch } from './line-batches.js';

/**
 * What a worker sends back per batch: result objects (copied by structured clone), or each result
 * already serialised as JSON, which is what the JSON and NDJSON reports print. Serialising on the
 * worker leaves the main thread only framing and writing (decision 0022).
 */
export type WorkerOutput = 'results' | 'json';

/** Set once per worker. */
export interface WorkerSetup {
  choice: SchemaChoice;
  limits: ReaderLimits;
}

/**
 * Each frame of a batch as {@link SLOT_WIDTH} numbers in `BatchRequest.slots`: its index, line and
 * column (0: none), where its bytes start and end in the buffer, and {@link SlotFlag}s: one
 * transferred array instead of an object per record for the main thread (which does not scale) to
 * build and structured clone to copy.
 */
export const SLOT_WIDTH = 6;

/** Bits of a slot's last number. */
export const SlotFlag = { hasBytes: 1, truncated: 2, hasIssues: 4 } as const;

/** Main → worker: validate these frames (JSON arrays). The buffer and the slots are transferred, not copied. */
export interface BatchRequest {
  id: number;
  kind: 'frames';
  source: string;
  output: WorkerOutput;
  buffer: ArrayBuffer;
  slots: Uint32Array;
  /** The framer's issues of the frames that have some, by position in the batch (rare). */
  issues: Array<[number, Issue[]]>;
}

/**
 * Main → worker: frame, parse and validate these NDJSON lines (raw bytes, transferred). The worker
 * numbers lines and records from the batch's first ones.
 */
export interface LinesRequest {
  id: number;
  kind: 'lines';
  source: string;
  output: WorkerOutput;
  batch: LineBatch;
}

/** Any request of the main thread. */
export type WorkerRequest = BatchRequest | LinesRequest;

/**
 * The results of one batch as text: `text` holds every result's JSON, each followed by a line end
 * (what the NDJSON report prints, as it is), result `i` ending at `ends[i]` (line end excluded);
 * `verdicts[i]` is `warnings * 4 + (any issue ? 2 : 0) + (valid ? 1 : 0)`; the batch's counts beside. Both arrays are
 * transferred, the text is one string: one copy per batch instead of one object graph per record.
 */
export interface JsonBatch {
  text: string;
  ends: Uint32Array;
  verdicts: Uint32Array;
  valid: number;
  invalid: number;
  warnings: number;
}

/** Worker → main: the results of one batch, in frame order, or the failure that stopped it. */
export interface BatchResponse {
  id: number;
  results?: RecordResult[];
  json?: JsonBatch;
  error?: string;
}
