/**
 * Worker thread: parses and validates batches of framed records. Loaded from dist/ by the pool.
 * The validator (and each document type's compiled schema, on first sight) is loaded once per
 * worker and kept for every batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RecordResult, validateRecordBatches } from '../engine/validate-stream.js';
import { createValidator } from '../engine/validator.js';
import { type Frame, frameToRecord } from '../readers/frame.js';
import type { BatchRequest, BatchResponse, FrameSlot, JsonBatch, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const ready = createValidator({ preload: false });

parentPort?.on('message', async (request: BatchRequest) => {
  let response: BatchResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const validator = await ready;
    const bytes = new Uint8Array(request.buffer);
    const records = request.slots.map((slot) =>
      frameToRecord(frameOf(slot, bytes), request.source, setup.limits),
    );
    // The batch API: one await per new document type, the records themselves synchronously.
    let results: RecordResult[] = [];
    for await (const batch of validateRecordBatches(once(records), validator, setup.choice)) results = batch;
    if (setup.output === 'json') {
      const json = serialise(results);
      response = { id: request.id, json };
      transfer = [json.ends.buffer as ArrayBuffer, json.verdicts.buffer as ArrayBuffer];
    } else {
      response = { id: request.id, results };
    }
  } catch (error) {
    response = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort?.postMessage(response, transfer);
});

async function* once<T>(item: T): AsyncGenerator<T> {
  yield item;
}

function frameOf(slot: FrameSlot, bytes: Uint8Array): Frame {
  if (!slot.hasBytes) return { index: slot.index, line: slot.line, issues: slot.issues ?? [] };
  const frame: Frame = { index: slot.index, line: slot.line, bytes: bytes.subarray(slot.start, slot.end) };
  if (slot.column !== undefined) frame.column = slot.column;
  if (slot.truncated) frame.truncated = true;
  return frame;
}

/** Each result as `JSON.stringify` writes it (the form the JSON and NDJSON reports print). */
function serialise(results: RecordResult[]): JsonBatch {
  const ends = new Uint32Array(results.length);
  const verdicts = new Uint32Array(results.length);
  const parts: string[] = new Array(results.length);
  let length = 0;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    parts[i] = JSON.stringify(result);
    length += parts[i]!.length;
    ends[i] = length;
    let warnings = 0;
    for (const problem of result.issues) if (problem.severity === 'warning') warnings++;
    verdicts[i] = warnings * 2 + (result.valid ? 1 : 0);
  }
  return { text: parts.join(''), ends, verdicts };
}
