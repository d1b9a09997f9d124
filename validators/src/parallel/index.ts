export {
  ResultLines,
  defaultWorkerCount,
  validateBatchesInWorkers,
  validateInWorkers,
  validateLinesInWorkers,
} from './pool.js';
export type { ParallelOptions } from './pool.js';
