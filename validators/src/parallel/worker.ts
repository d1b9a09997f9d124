/**
 * Worker thread: frames (NDJSON), parses, validates and serialises batches of records. Loaded from
 * dist/ by the pool. The validator (and each document type's compiled schema, on first sight) is
 * loaded once per worker and kept for every batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resultJsonText } from '../engine/result-text.js';
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

/**
 * Records parsed and validated at a time. Small on purpose: a record's parsed value then dies young,
 * before the next scavenge, instead of a whole batch's values surviving it (copied, then promoted).
 */
const GROUP = 16;

parentPort?.on('message', async (request: WorkerRequest) => {
  let response: BatchResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    const validator = await ready;
    const frames = framesOf(request);
    // The batch API: one await per new document type, the records themselves synchronously.
    const groups = validateRecordBatches(recordGroups(frames, request.source), validator, setup.choice);
    if (request.output === 'json') {
      const writer = new JsonWriter(frames.length);
      for await (const results of groups) for (const result of results) writer.add(result);
      const json = writer.finish();
      response = { id: request.id, json };
      transfer = [json.ends.buffer as ArrayBuffer, json.verdicts.buffer as ArrayBuffer];
    } else {
      const results: RecordResult[] = [];
      for await (const group of groups) for (const result of group) results.push(result);
      response = { id: request.id, results };
    }
  } catch (error) {
    response = { id: request.id, error: (error as Error).stack ?? String(error) };
  }
  parentPort?.postMessage(response, transfer);
});

function framesOf(request: WorkerRequest): Frame[] {
  if (request.kind === 'lines') return framesOfBatch(request.batch, setup.limits);
  const bytes = new Uint8Array(request.buffer);
  const issues = new Map(request.issues);
  const frames = new Array<Frame>(request.slots.length / SLOT_WIDTH);
  for (let i = 0; i < frames.length; i++) frames[i] = frameOf(request.slots, i, bytes, issues);
  return frames;
}

/** The frames parsed {@link GROUP} at a time, each group only when the validator asks for it. */
async function* recordGroups(frames: Frame[], source: string): AsyncGenerator<RecordRead[]> {
  for (let start = 0; start < frames.length; start += GROUP) {
    const end = Math.min(frames.length, start + GROUP);
    const records = new Array<RecordRead>(end - start);
    for (let i = start; i < end; i++) records[i - start] = frameToRecord(frames[i]!, source, setup.limits);
    yield records;
  }
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
class JsonWriter {
  private readonly ends: Uint32Array;
  private readonly verdicts: Uint32Array;
  private readonly parts: string[] = [];
  private readonly line = resultJsonText();
  private length = 0;
  private valid = 0;
  private warnings = 0;

  constructor(private readonly count: number) {
    this.ends = new Uint32Array(count);
    this.verdicts = new Uint32Array(count);
  }

  add(result: RecordResult): void {
    const i = this.parts.length;
    const json = this.line(result);
    this.parts.push(json);
    this.length += json.length;
    this.ends[i] = this.length;
    this.length++; // the line end
    let warnings = 0;
    for (const problem of result.issues) if (problem.severity === 'warning') warnings++;
    this.verdicts[i] = warnings * 4 + (result.issues.length > 0 ? 2 : 0) + (result.valid ? 1 : 0);
    if (result.valid) this.valid++;
    this.warnings += warnings;
  }

  finish(): JsonBatch {
    if (this.parts.length !== this.count)
      throw new Error(`expected ${this.count} results, got ${this.parts.length}`);
    this.parts.push('');
    return {
      text: this.parts.join('\n'),
      ends: this.ends,
      verdicts: this.verdicts,
      valid: this.valid,
      invalid: this.count - this.valid,
      warnings: this.warnings,
    };
  }
}
