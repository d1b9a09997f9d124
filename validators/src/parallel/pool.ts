/**
 * Validates a JSON or NDJSON stream on worker threads. The main thread only frames records (cheap,
 * sequential) and hands them out in batches, their bytes in one transferred buffer; workers parse,
 * validate and (for {@link validateLinesInWorkers}) serialise; batches come back in input order.
 * Memory stays bounded: at most two batches per worker are in flight.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RecordResult } from '../engine/validate-stream.js';
import type { SchemaChoice } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import type { Frame } from '../readers/frame.js';
import { frameJsonBatches } from '../readers/json.js';
import { DEFAULT_LIMITS, type ReaderLimits } from '../readers/limits.js';
import { frameNdjsonBatches } from '../readers/ndjson.js';
import {
  type BatchRequest,
  type BatchResponse,
  type JsonBatch,
  SLOT_WIDTH,
  SlotFlag,
  type WorkerOutput,
  type WorkerSetup,
} from './protocol.js';

/** Options of {@link validateInWorkers}. */
export interface ParallelOptions {
  source: string;
  format: 'json' | 'ndjson';
  choice?: SchemaChoice;
  limits?: Partial<ReaderLimits>;
  /** Worker threads to use (default: available cores − 1, at least 1). */
  workers?: number;
  /** Records per batch (default 256). */
  batchRecords?: number;
  /** Bytes per batch before it is sent early (default 1 MiB). */
  batchBytes?: number;
}

/**
 * Each worker holds its own heap and compiled schemas (~60 MB resident), so the default stops at
 * three: past that, memory grows faster than throughput (decision 0002).
 */
const MAX_DEFAULT_WORKERS = 3;

/** The default number of workers: leave one core to the reading thread. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1));
}

// Both src/parallel and dist/parallel sit two levels below the package root; workers run the built JS.
const WORKER_URL = new URL('../../dist/parallel/worker.js', import.meta.url);

/** Validates every record of a stream on worker threads; one result per record, in order. */
export async function* validateInWorkers(
  input: AsyncIterable<Uint8Array | string>,
  options: ParallelOptions,
): AsyncGenerator<RecordResult> {
  for await (const batch of validateBatchesInWorkers(input, options)) yield* batch;
}

/** Like {@link validateInWorkers}, one array of results per batch. */
export async function* validateBatchesInWorkers(
  input: AsyncIterable<Uint8Array | string>,
  options: ParallelOptions,
): AsyncGenerator<RecordResult[]> {
  for await (const response of runBatches(input, options, 'results')) yield response.results ?? [];
}

/**
 * Like {@link validateBatchesInWorkers}, but each result arrives as the JSON text `JSON.stringify`
 * gives it, with its verdict alongside: what a JSON or NDJSON report writes, without rebuilding the
 * result objects on the main thread.
 */
export async function* validateLinesInWorkers(
  input: AsyncIterable<Uint8Array | string>,
  options: ParallelOptions,
): AsyncGenerator<ResultLines> {
  for await (const response of runBatches(input, options, 'json'))
    yield new ResultLines(response.json ?? EMPTY_BATCH);
}

const EMPTY_BATCH: JsonBatch = { text: '', ends: new Uint32Array(0), verdicts: new Uint32Array(0) };

/** One batch of results as JSON text (see {@link validateLinesInWorkers}). */
export class ResultLines {
  constructor(private readonly batch: JsonBatch) {}

  /** Results in the batch. */
  get length(): number {
    return this.batch.ends.length;
  }

  /** Result `i` as JSON (no line end). */
  json(i: number): string {
    return this.batch.text.slice(i === 0 ? 0 : this.batch.ends[i - 1], this.batch.ends[i]);
  }

  /** True when result `i` has no error. */
  valid(i: number): boolean {
    return (this.batch.verdicts[i]! & 1) === 1;
  }

  /** Warnings among result `i`'s issues. */
  warnings(i: number): number {
    return this.batch.verdicts[i]! >>> 1;
  }

  /** Result `i` as an object again, for reports that need more than its JSON. */
  result(i: number): RecordResult {
    return JSON.parse(this.json(i)) as RecordResult;
  }
}

/** Frames the input, runs batches on the pool, and yields the responses in input order. */
async function* runBatches(
  input: AsyncIterable<Uint8Array | string>,
  options: ParallelOptions,
  output: WorkerOutput,
): AsyncGenerator<BatchResponse> {
  const limits: ReaderLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const setup: WorkerSetup = { source: options.source, choice: options.choice ?? {}, limits, output };
  const count = options.workers ?? defaultWorkerCount();
  const maxRecords = options.batchRecords ?? 256;
  const maxBytes = options.batchBytes ?? 1024 * 1024;
  // Loaded here, not at the top: a run without workers (and every small file) never needs it.
  const { Worker } = await import('node:worker_threads');
  const pool = Array.from(
    { length: count },
    () => new PooledWorker(new Worker(WORKER_URL, { workerData: setup })),
  );
  const inFlight: Array<Promise<BatchResponse>> = [];
  let nextId = 0;
  let batch: Frame[] = [];
  let batchBytes = 0;

  const send = () => {
    const worker = pool.reduce((a, b) => (b.pending < a.pending ? b : a));
    inFlight.push(worker.run(pack(nextId++, options.source, batch, batchBytes)));
    batch = [];
    batchBytes = 0;
  };

  try {
    const chunks =
      options.format === 'json' ? frameJsonBatches(input, limits) : frameNdjsonBatches(input, limits);
    for await (const frames of chunks) {
      for (const frame of frames) {
        batch.push(frame);
        batchBytes += frame.bytes?.byteLength ?? 0;
        if (batch.length >= maxRecords || batchBytes >= maxBytes) {
          send();
          while (inFlight.length >= count * 2) yield await inFlight.shift()!;
        }
      }
    }
    if (batch.length > 0) send();
    while (inFlight.length > 0) yield await inFlight.shift()!;
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
}

function pack(id: number, source: string, frames: Frame[], totalBytes: number): BatchRequest {
  const buffer = new ArrayBuffer(totalBytes);
  const view = new Uint8Array(buffer);
  const slots = new Uint32Array(frames.length * SLOT_WIDTH);
  const issues: Array<[number, Issue[]]> = [];
  let offset = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const at = i * SLOT_WIDTH;
    slots[at] = frame.index;
    slots[at + 1] = frame.line;
    slots[at + 2] = frame.column ?? 0;
    slots[at + 3] = offset;
    let flags = 0;
    if (frame.bytes) {
      view.set(frame.bytes, offset);
      offset += frame.bytes.byteLength;
      flags |= SlotFlag.hasBytes;
    }
    slots[at + 4] = offset;
    if (frame.truncated) flags |= SlotFlag.truncated;
    if (frame.issues) {
      flags |= SlotFlag.hasIssues;
      issues.push([i, frame.issues]);
    }
    slots[at + 5] = flags;
  }
  return { id, source, buffer, slots, issues };
}

/** One worker with its outstanding batches. */
class PooledWorker {
  private readonly waiting = new Map<
    number,
    { resolve: (r: BatchResponse) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly worker: Worker) {
    worker.on('message', (response: BatchResponse) => {
      const entry = this.waiting.get(response.id);
      if (!entry) return;
      this.waiting.delete(response.id);
      if (response.error !== undefined)
        entry.reject(new Error(`validation worker failed: ${response.error}`));
      else entry.resolve(response);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.waiting.size > 0) this.failAll(new Error(`validation worker exited with code ${code}`));
    });
  }

  get pending(): number {
    return this.waiting.size;
  }

  run(request: BatchRequest): Promise<BatchResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      this.worker.postMessage(request, [request.buffer, request.slots.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const entry of this.waiting.values()) entry.reject(error);
    this.waiting.clear();
  }
}
