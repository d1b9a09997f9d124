/**
 * Worker thread: parses and validates batches of framed records. Loaded from dist/ by the pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { validateRecord } from '../engine/validate-stream.js';
import { createValidator } from '../engine/validator.js';
import { frameToRecord } from '../readers/frame.js';
import type { BatchRequest, BatchResponse, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const ready = createValidator({ preload: false });
const prepared = new Set<string>();

parentPort?.on('message', async (request: BatchRequest) => {
  let response: BatchResponse;
  try {
    const validator = await ready;
    const bytes = new Uint8Array(request.buffer);
    const results = [];
    for (const slot of request.slots) {
      const frame = slot.hasBytes
        ? {
            index: slot.index,
            line: slot.line,
            ...(slot.column === undefined ? {} : { column: slot.column }),
            bytes: bytes.subarray(slot.start, slot.end),
            ...(slot.truncated ? { truncated: true } : {}),
          }
        : { index: slot.index, line: slot.line, issues: slot.issues ?? [] };
      results.push(
        await validateRecord(
          frameToRecord(frame, request.source, setup.limits),
          validator,
          setup.choice,
          prepared,
        ),
      );
    }
    response = { id: request.id, results };
  } catch (error) {
    response = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort?.postMessage(response);
});
