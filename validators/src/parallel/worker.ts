/**
 * Worker thread: frames (NDJSON), parses, validates and serialises batches of records. Loaded from
 * dist/ by the pool. The validator (and each document type's compiled schema, on first sight) is
 * loaded once per worker and kept for every batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RecordResult, validateRecordBatches } from '../engine/validate-stream.js';
import { createValidator } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import { type Frame, frameToRecord } from '../readers/frame.js';
import type { RecordRead } from '../readers/record.js';
import { framesOfBatch } from './line-batches.js';
import {
  type BatchResponse,
  type JsonBatch,
  SLOT_WIDTH,
  SlotFlag,
  type WorkerRequest,
  type WorkerSetup,
} from './protocol.js';

const setup = workerData as WorkerSetup;
const ready = createValidator({ preload: false });

parentPort?.on('message', async (request: WorkerRequest) => {
  let response: BatchResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const validator = await ready;
    const records = recordsOf(request);
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

function recordsOf(request: WorkerRequest): RecordRead[] {
  if (request.kind === 'lines') {
    const frames = framesOfBatch(request.batch, setup.limits);
    const records = new Array<RecordRead>(frames.length);
    for (let i = 0; i < frames.length; i++)
      records[i] = frameToRecord(frames[i]!, request.source, setup.limits);
    return records;
  }
  const bytes = new Uint8Array(request.buffer);
  const issues = new Map(request.issues);
  const records = new Array<RecordRead>(request.slots.length / SLOT_WIDTH);
  for (let i = 0; i < records.length; i++) {
    records[i] = frameToRecord(frameOf(request.slots, i, bytes, issues), request.source, setup.limits);
  }
  return records;
}

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

/** Each result as `JSON.stringify` writes it, one per line (the form the JSON and NDJSON reports print). */
function serialise(results: RecordResult[]): JsonBatch {
  const ends = new Uint32Array(results.length);
  const verdicts = new Uint32Array(results.length);
  const parts: string[] = new Array(results.length);
  const line = cleanResultLine();
  let length = 0;
  let valid = 0;
  let warningsTotal = 0;
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const json = line(result) ?? JSON.stringify(result);
    parts[i] = json;
    length += json.length;
    ends[i] = length;
    length++; // the line end
    let warnings = 0;
    for (const problem of result.issues) if (problem.severity === 'warning') warnings++;
    verdicts[i] = warnings * 2 + (result.valid ? 1 : 0);
    if (result.valid) valid++;
    warningsTotal += warnings;
  }
  parts.push('');
  return {
    text: parts.join('\n'),
    ends,
    verdicts,
    valid,
    invalid: results.length - valid,
    warnings: warningsTotal,
  };
}

/**
 * `JSON.stringify(result)` for a result without issues, from pieces kept for the last source and
 * document type; undefined for any other result. Most records of a feed are clean and differ only
 * in their line and index. (The CLI's `resultLine` does the same for the single-threaded run; the
 * workers test and the CLI's byte-for-byte test hold both to `JSON.stringify`.)
 */
function cleanResultLine(): (result: RecordResult) => string | undefined {
  let source: string | undefined;
  let head = '';
  let documentType: string | null | undefined;
  let schemaVersion: string | null | undefined;
  let valid: boolean | undefined;
  let tail = '';
  return (result) => {
    if (
      result.issues.length > 0 ||
      !Number.isSafeInteger(result.index) ||
      result.line === undefined ||
      !Number.isSafeInteger(result.line) ||
      typeof result.documentType !== 'string' ||
      typeof result.schemaVersion !== 'string'
    ) {
      return undefined;
    }
    if (result.source !== source) {
      source = result.source;
      head = `{"source":${JSON.stringify(source)},"line":`;
    }
    if (
      result.documentType !== documentType ||
      result.schemaVersion !== schemaVersion ||
      result.valid !== valid
    ) {
      documentType = result.documentType;
      schemaVersion = result.schemaVersion;
      valid = result.valid;
      tail = `,"documentType":${JSON.stringify(documentType)},"schemaVersion":${JSON.stringify(schemaVersion)},"valid":${valid},"issues":[]}`;
    }
    return `${head}${result.line},"index":${result.index}${tail}`;
  };
}
