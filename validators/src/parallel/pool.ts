/**
 * Validates a JSON or NDJSON stream on worker threads. For NDJSON the main thread only cuts raw bytes
 * at line ends and counts lines (see ./line-batches.ts); a JSON array it frames into records. Batches
 * go out in one transferred buffer each; workers frame, parse, validate and (for
 * {@link validateLinesInWorkers}) serialise; batches come back in input order. Memory stays
 * bounded: at most two batches per worker are in flight.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RecordResult } from '../engine/validate-stream.js';
import type { SchemaChoice } from '../engine/validator.js';
import type { Issue } from '../issue.js';
import type { Frame } from '../readers/frame.js';
import { frameJsonBatches } from '../readers/json.js';
import { DEFAULT_LIMITS, type ReaderLimits } from '../readers/limits.js';
import { cutLineBatches } from './line-batches.js';
import {
  type BatchRequest,
  type BatchResponse,
  type JsonBatch,
  type LinesRequest,
  SLOT_WIDTH,
  SlotFlag,
  type WorkerOutput,
  type WorkerRequest,
  type WorkerSetup,
} from './protocol.js';

/** Options of a {@link ValidationPool}: the same for every input it validates. */
export interface PoolOptions {
  choice?: SchemaChoice;
  limits?: Partial<ReaderLimits>;
  /** Worker threads to use (default: {@link defaultWorkerCount}). */
  workers?: number;
  /** Records per batch of a JSON array (default 256); NDJSON batches are cut by bytes only. */
  batchRecords?: number;
  /** Bytes per batch: a batch is sent once it holds this many (default 1 MiB). */
  batchBytes?: number;
}

/** One input of a pool: its name in results, and how to cut it into records. */
export interface PoolInput {
  source: string;
  format: 'json' | 'ndjson';
}

/** Options of {@link validateInWorkers}: one input on a pool of its own. */
export interface ParallelOptions extends PoolOptions, PoolInput {}

/**
 * Each worker holds its own heap and compiled schemas (~60 MB resident), so the default stops at
 * three: past that, memory grows faster than throughput (decision 0002).
 */
const MAX_DEFAULT_WORKERS = 3;

/**
 * The default number of workers: one per core, at most three. The main thread only reads raw bytes
 * and writes finished text (about 6 % of the run's CPU time), so it needs no core of its own.
 */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism()));
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
  const pool = new ValidationPool(options);
  try {
    yield* pool.batches(input, options);
  } finally {
    await pool.close();
  }
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
  const pool = new ValidationPool(options);
  try {
    yield* pool.lines(input, options);
  } finally {
    await pool.close();
  }
}

/**
 * Worker threads kept for several inputs, validated one after the other: each worker loads the
 * validator, and each document type's compiled schema, once for the whole run (not once per file).
 * The threads start on first use; `close()` ends them.
 */
export class ValidationPool {
  private workers: PooledWorker[] | undefined;
  private nextId = 0;
  private readonly setup: WorkerSetup;
  private readonly count: number;
  private readonly maxRecords: number;
  private readonly maxBytes: number;

  constructor(options: PoolOptions = {}) {
    const limits: ReaderLimits = { ...DEFAULT_LIMITS, ...options.limits };
    this.setup = { choice: options.choice ?? {}, limits };
    this.count = options.workers ?? defaultWorkerCount();
    this.maxRecords = options.batchRecords ?? 256;
    this.maxBytes = options.batchBytes ?? 1024 * 1024;
  }

  /** Validates one input: result objects, one array per batch, in input order. */
  async *batches(
    input: AsyncIterable<Uint8Array | string>,
    which: PoolInput,
  ): AsyncGenerator<RecordResult[]> {
    for await (const response of this.run(input, which, 'results')) yield response.results ?? [];
  }

  /** Validates one input: results as JSON text (see {@link validateLinesInWorkers}), in input order. */
  async *lines(input: AsyncIterable<Uint8Array | string>, which: PoolInput): AsyncGenerator<ResultLines> {
    for await (const response of this.run(input, which, 'json'))
      yield new ResultLines(response.json ?? EMPTY_BATCH);
  }

  /** Batches in flight at most: enough to keep every worker busy while the main thread reads. */
  private get maxInFlight(): number {
    return this.count * 2;
  }

  /** Ends the worker threads. */
  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(workers.map((w) => w.close()));
  }

  private async start(): Promise<PooledWorker[]> {
    if (this.workers === undefined) {
      // Loaded here, not at the top: a run without workers (and every small file) never needs it.
      const { Worker } = await import('node:worker_threads');
      this.workers = Array.from(
        { length: this.count },
        () => new PooledWorker(new Worker(WORKER_URL, { workerData: this.setup })),
      );
    }
    return this.workers;
  }

  /**
   * Runs an input's batches on the pool and yields the responses in input order. NDJSON goes out as
   * raw lines (the main thread only finds line ends); a JSON array is framed here first.
   */
  private async *run(
    input: AsyncIterable<Uint8Array | string>,
    which: PoolInput,
    output: WorkerOutput,
  ): AsyncGenerator<BatchResponse> {
    const pool = await this.start();
    const inFlight: Array<Promise<BatchResponse>> = [];
    const send = (request: WorkerRequest) => {
      const worker = pool.reduce((a, b) => (b.pending < a.pending ? b : a));
      const response = worker.run(request);
      // Awaited in order below; until then a failure must not count as an unhandled rejection.
      response.catch(() => {});
      inFlight.push(response);
    };
    try {
      for await (const request of this.requests(input, which, output)) {
        send(request);
        while (inFlight.length >= this.maxInFlight) yield await inFlight.shift()!;
      }
      while (inFlight.length > 0) yield await inFlight.shift()!;
    } finally {
      // An input abandoned half-way (an I/O error): let its batches finish before the next input.
      await Promise.allSettled(inFlight);
    }
  }

  /** The requests of one input, in order. */
  private async *requests(
    input: AsyncIterable<Uint8Array | string>,
    which: PoolInput,
    output: WorkerOutput,
  ): AsyncGenerator<WorkerRequest> {
    const limits = this.setup.limits;
    if (which.format === 'ndjson') {
      for await (const batch of cutLineBatches(input, { limits, batchBytes: this.maxBytes })) {
        const request: LinesRequest = {
          id: this.nextId++,
          kind: 'lines',
          source: which.source,
          output,
          batch,
        };
        yield request;
      }
      return;
    }
    let batch: Frame[] = [];
    let batchBytes = 0;
    for await (const frames of frameJsonBatches(input, limits)) {
      for (const frame of frames) {
        batch.push(frame);
        batchBytes += frame.bytes?.byteLength ?? 0;
        if (batch.length >= this.maxRecords || batchBytes >= this.maxBytes) {
          yield pack(this.nextId++, which.source, output, batch, batchBytes);
          batch = [];
          batchBytes = 0;
        }
      }
    }
    if (batch.length > 0) yield pack(this.nextId++, which.source, output, batch, batchBytes);
  }
}

const EMPTY_BATCH: JsonBatch = {
  text: '',
  ends: new Uint32Array(0),
  verdicts: new Uint32Array(0),
  valid: 0,
  invalid: 0,
  warnings: 0,
};

/** One batch of results as JSON text (see {@link validateLinesInWorkers}). */
export class ResultLines {
  constructor(private readonly batch: JsonBatch) {}

  /** Results in the batch. */
  get length(): number {
    return this.batch.ends.length;
  }

  /** Every result's JSON, each followed by a line end: what an NDJSON report prints. */
  get text(): string {
    return this.batch.text;
  }

  /** Valid results in the batch. */
  get validCount(): number {
    return this.batch.valid;
  }

  /** Invalid results in the batch. */
  get invalidCount(): number {
    return this.batch.invalid;
  }

  /** Warnings over all results of the batch. */
  get warningCount(): number {
    return this.batch.warnings;
  }

  /** Result `i` as JSON (no line end). */
  json(i: number): string {
    return this.batch.text.slice(i === 0 ? 0 : this.batch.ends[i - 1]! + 1, this.batch.ends[i]);
  }

  /** True when result `i` has no error. */
  valid(i: number): boolean {
    return (this.batch.verdicts[i]! & 1) === 1;
  }

  /** True when result `i` has any issue (a result without one is valid and prints no problem). */
  hasIssues(i: number): boolean {
    return (this.batch.verdicts[i]! & 2) === 2;
  }

  /** Warnings among result `i`'s issues. */
  warnings(i: number): number {
    return this.batch.verdicts[i]! >>> 2;
  }

  /** Result `i` as an object again, for reports that need more than its JSON. */
  result(i: number): RecordResult {
    return JSON.parse(this.json(i)) as RecordResult;
  }
}

function pack(
  id: number,
  source: string,
  output: WorkerOutput,
  frames: Frame[],
  totalBytes: number,
): BatchRequest {
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
  return { id, kind: 'frames', source, output, buffer, slots, issues };
}

/** One worker with its outstanding batches. */
class PooledWorker {
  private failure: Error | undefined;
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
    worker.on('error', (error) => {
      this.failure = error;
      this.failAll(error);
    });
    worker.on('exit', (code) => {
      this.failure ??= new Error(`validation worker exited with code ${code}`);
      this.failAll(this.failure);
    });
  }

  get pending(): number {
    return this.waiting.size;
  }

  run(request: WorkerRequest): Promise<BatchResponse> {
    // A worker that has stopped answers nothing: fail at once rather than wait forever.
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      const transfer =
        request.kind === 'lines'
          ? [request.batch.bytes.buffer as ArrayBuffer]
          : [request.buffer, request.slots.buffer as ArrayBuffer];
      this.worker.postMessage(request, transfer);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('validation pool closed');
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const entry of this.waiting.values()) entry.reject(error);
    this.waiting.clear();
  }
}
