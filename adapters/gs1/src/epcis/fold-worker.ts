/**
 * Worker thread of {@link EpcisFoldThread}: folds read items into Shipments and sends back NDJSON lines
 * and issues. Loaded from dist/ by fold-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { type FoldRequest, FoldThreadSide } from './fold-protocol.js';

const side = new FoldThreadSide();
parentPort?.on('message', (request: FoldRequest) => {
  parentPort?.postMessage(side.handle(request));
});
