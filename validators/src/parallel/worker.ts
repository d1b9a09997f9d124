/**
 * Worker thread: parses and validates batches of framed records. Loaded from dist/ by the pool.
 * The validator (and each document type's compiled schema, on first sight) is loaded once per
 * worker and kept for every batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RecordResult, validateRecordBatches } from '../engine/validate-stream.js';
import { createValidator } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import { type Frame, frameToRecord } from '../readers/frame.js';
import {
  type BatchRequest,
  type BatchResponse,
  type JsonBatch,
  SLOT_WIDTH,
  SlotFlag,
  type WorkerSetup,
} from './protocol.js';

const setup = workerData as WorkerSetup;
const ready = createValidator({ preload: false });

parentPort?.on('message', async (request: BatchRequest) => {
  let response: BatchResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const validator = await ready;
    const bytes = new Uint8Array(request.buffer);
    const issues = new Map(request.issues);
    const records = new Array(request.slots.length / SLOT_WIDTH);
    for (let i = 0; i < records.length; i++) {
      records[i] = frameToRecord(frameOf(request.slots, i, bytes, issues), request.source, setup.limits);
    }
    // The batch API: one await per new document type, the records themselves synchronously.
    let results: RecordResult[] = [];
    for await (const batch of validateRecordBatches(once(records), validator, setup.choice)) results = batch;
    if (request.output === 'json') {
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

function frameOf(slots: Uint32Array, i: number, bytes: Uint8Array, issues: Map<number, Issue[]>): Frame {
  const at = i * SLOT_WIDTH;
  const flags = slots[at + 5]!;
  const frame: Frame = { index: slots[at]!, line: slots[at + 1]! };
  if (flags & SlotFlag.hasBytes) {
    frame.bytes = bytes.subarray(slots[at + 3], slots[at + 4]);
    if (slots[at + 2]! > 0) frame.column = slots[at + 2]!;
    if (flags & SlotFlag.truncated) frame.truncated = true;
  } else {
    frame.issues = issues.get(i) ?? [];
  }
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
