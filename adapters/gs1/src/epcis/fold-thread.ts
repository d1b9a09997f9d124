/**
 * EPCIS read items folded into Shipments on a worker thread, beside the thread that parses (decision
 * 0004, amended): the reader keeps one core busy with XML, the mapping and its JSON text the other.
 * The output is that of {@link EpcisShipmentFolder} in the same order, byte for byte: the same folder
 * runs on the other side, and only finished NDJSON lines, issues and the counts come back.
 */
import { Worker } from 'node:worker_threads';
import type { Issue } from '@medsupply/validators';
import { type FoldAnswer, type FoldRequest, foldRequest } from './fold-protocol.js';
import type { EpcisFoldSummary, InputPosition } from './fold.js';
import type { EpcisReadItem } from './model.js';

// Both src/epcis and dist/epcis sit two levels below the package root; the thread runs the built JS.
const WORKER_URL = new URL('../../dist/epcis/fold-worker.js', import.meta.url);

/** What an {@link EpcisFoldThread} hands back, in the order the fold made it. */
export interface EpcisFoldLineHandlers {
  /** Gets each Shipment as its NDJSON line (`JSON.stringify(shipment)` and a newline). */
  line(text: string): void;
  /** Gets each issue with its place in the input (none for the closing, document-wide ones). */
  issue(found: Issue, at: InputPosition): void;
}

/** How requests reach the fold and answers come back; a worker thread unless a test gives another. */
export interface FoldTransport {
  post(request: FoldRequest): void;
  /** Registers the answer handler and the handler of a failure of the transport itself. */
  listen(onAnswer: (answer: FoldAnswer) => void, onFailure: (error: Error) => void): void;
  close(): Promise<void>;
}

/** Options of {@link EpcisFoldThread}. */
export interface EpcisFoldThreadOptions {
  /** Batches sent and not yet answered before `drain` waits (default 4): memory stays bounded. */
  maxBatchesInFlight?: number;
  /** Where the fold runs (default: a worker thread running the built adapter). */
  transport?: FoldTransport;
}

/**
 * The thread's flags: the parent's (the default), unless the parent resolves packages with extra
 * conditions, as a test runner's `source` condition, which would send the thread's package imports to
 * TypeScript sources; then none, as the thread runs the built adapter.
 */
function threadFlags(): string[] | undefined {
  return process.execArgv.some(
    (flag) => flag === '--conditions' || flag === '-C' || flag.startsWith('--conditions='),
  )
    ? []
    : undefined;
}

function workerTransport(): FoldTransport {
  const worker = new Worker(WORKER_URL, { execArgv: threadFlags() });
  let finished = false;
  return {
    post: (request) => worker.postMessage(request),
    listen(onAnswer, onFailure) {
      worker.on('message', onAnswer);
      worker.on('error', onFailure);
      worker.on('exit', (code) => {
        if (!finished) onFailure(new Error(`the EPCIS fold thread stopped (exit code ${code})`));
      });
    },
    async close() {
      finished = true;
      await worker.terminate();
    },
  };
}

/**
 * Folds EPCIS read items into Shipments on another thread: `add` every item of a reader in order,
 * `await drain()` after each chunk of input (it sends what was added, and waits while the thread is
 * behind), then `await finish()` for the counts. Handlers are called on this thread, in order.
 *
 * @example
 * const fold = new EpcisFoldThread({ line: (text) => out.write(text), issue: report });
 * const reader = new EpcisXmlReader((item) => fold.add(item));
 * for await (const chunk of input) { reader.write(chunk); await fold.drain(); }
 * reader.end();
 * const { records, converted, failed } = await fold.finish();
 */
export class EpcisFoldThread {
  private readonly transport: FoldTransport;
  private readonly maxInFlight: number;
  private pending: EpcisReadItem[] = [];
  private inFlight = 0;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private summary: EpcisFoldSummary | undefined;
  private closed = false;

  constructor(
    private readonly handlers: EpcisFoldLineHandlers,
    options: EpcisFoldThreadOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxBatchesInFlight ?? 4);
    this.transport = options.transport ?? workerTransport();
    this.transport.listen(
      (answer) => this.answer(answer),
      (error) => this.fail(error),
    );
  }

  /** Takes the next item of the reader (sent with the next `drain` or `finish`). */
  add(item: EpcisReadItem): void {
    this.pending.push(item);
  }

  /** Sends the items added since the last call; waits while too many batches are unanswered. */
  async drain(): Promise<void> {
    this.check();
    if (this.pending.length > 0) this.send(this.pending, false);
    while (this.inFlight > this.maxInFlight && this.failure === undefined) await this.answered();
    this.check();
  }

  /** Sends the rest, waits for every Shipment and issue, stops the thread and gives the counts. */
  async finish(): Promise<EpcisFoldSummary> {
    try {
      this.check();
      this.send(this.pending, true);
      while (this.summary === undefined && this.failure === undefined) await this.answered();
      this.check();
      return this.summary as EpcisFoldSummary;
    } finally {
      await this.close();
    }
  }

  /** Stops the thread without waiting for the rest (after an error elsewhere). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.transport.close();
  }

  private send(items: EpcisReadItem[], finish: boolean): void {
    this.pending = [];
    this.inFlight++;
    this.transport.post(foldRequest(items, finish));
  }

  private answered(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private answer(answer: FoldAnswer): void {
    this.inFlight--;
    if (answer.error !== undefined) this.fail(new Error(`EPCIS fold failed: ${answer.error}`));
    else {
      for (const output of answer.out) {
        if (typeof output === 'string') this.handlers.line(output);
        else this.handlers.issue(output.found, output.at);
      }
      if (answer.summary !== undefined) this.summary = answer.summary;
    }
    this.notify();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
