export { defaultWorkerCount, validateBatchesInWorkers, validateInWorkers } from './pool.js';
export type { ParallelOptions } from './pool.js';
