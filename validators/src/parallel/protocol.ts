import type { RecordResult } from '../engine/validate-stream.js';
import type { SchemaChoice } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import type { ReaderLimits } from '../readers/limits.js';

/** Set once per worker. */
export interface WorkerSetup {
  source: string;
  choice: SchemaChoice;
  limits: ReaderLimits;
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

/** Worker → main: the results of one batch, in frame order, or the failure that stopped it. */
export interface BatchResponse {
  id: number;
  results?: RecordResult[];
  error?: string;
}
