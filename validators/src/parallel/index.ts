export {
  ResultLines,
  ValidationPool,
  defaultWorkerCount,
  validateBatchesInWorkers,
  validateInWorkers,
  validateLinesInWorkers,
} from './pool.js';
export type { ParallelOptions, PoolInput, PoolOptions } from './pool.js';
