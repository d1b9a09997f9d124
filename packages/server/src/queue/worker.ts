/**
 * A member of the ingest consumer group (`medsupply worker`): fetches a batch of queued documents,
 * validates each with the full engine, stores the batch and every outcome in one transaction, and acks
 * only after the commit. Redelivery is harmless: documents are stored once by `documentId`
 * (ON CONFLICT DO NOTHING) and a job's outcome is recorded once per record, so counters never double.
 */
import type { Delivery, DocumentQueue } from '@medsupply/queue';
import { DEFAULT_LIMITS, type Issue, type Validator, issue, parseRecord } from '@medsupply/validators';
import { prepareParsed } from '../documents.js';
import type { DocumentStore, PreparedDocument, QueueRejection, QueuedResult } from '../store/types.js';
import { INDEX_HEADER, JOB_HEADER, LINE_HEADER } from './submit.js';

/** Options of {@link runIngestWorker}. */
export interface IngestWorkerOptions {
  store: DocumentStore;
  queue: DocumentQueue;
  validator: Validator;
  /** The consumer group (durable consumer) name; every worker of a deployment uses the same. */
  group?: string;
  /** Messages per batch (one transaction). */
  batchSize?: number;
  /** Largest message accepted, in bytes; larger ones are rejected. */
  maxMessageBytes?: number;
  maxDepth?: number;
  /** Stops the worker: the batch in hand is finished, stored and acked first. */
  signal?: AbortSignal;
  /** Diagnostics (stderr in the CLI). */
  log?: (line: string) => void;
  /** Called after each committed batch (tests, progress). */
  onBatch?: (stats: WorkerCounters) => void;
}

/** What a worker has done so far. */
export interface WorkerCounters {
  batches: number;
  messages: number;
  stored: number;
  rejected: number;
  /** Store or queue failures retried. */
  retries: number;
}

/** The default consumer group. */
export const DEFAULT_GROUP = 'medsupply-workers';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One delivery, decided: a document to store, or issues. */
interface Decided {
  delivery: Delivery;
  job?: { id: string; index: number; line: number };
  documentId?: string;
  document?: PreparedDocument;
  issues: Issue[];
}

/** Runs until `signal` aborts; resolves with the counters once the last batch is acked. */
export async function runIngestWorker(options: IngestWorkerOptions): Promise<WorkerCounters> {
  const { store, queue, validator } = options;
  const log = options.log ?? (() => {});
  const group = options.group ?? DEFAULT_GROUP;
  const batchSize = options.batchSize ?? 500;
  const maxBytes = Math.min(options.maxMessageBytes ?? 16 * 1024 * 1024, queue.maxMessageBytes);
  const limits = {
    ...DEFAULT_LIMITS,
    maxRecordBytes: maxBytes,
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
  };
  const counters: WorkerCounters = { batches: 0, messages: 0, stored: 0, rejected: 0, retries: 0 };
  const stopped = () => options.signal?.aborted === true;
  const consumer = await retrying(
    'joining the consumer group',
    () => queue.consumer(group),
    stopped,
    log,
    counters,
  );
  if (!consumer) return counters;

  // One batch commits while the next is fetched and validated (PostgreSQL works beside us);
  // batches still commit one at a time, in order.
  let previous: Promise<void> = Promise.resolve();
  const store_ = async (deliveries: Delivery[], decided: Decided[]) => {
    // Validation took a while under load: restart the ack-wait clock before the commit.
    for (const delivery of deliveries) delivery.working();
    const committed = await commitWithRetry(store, decided, stopped, log, counters);
    if (committed === 'data') {
      // The store answers but refuses this batch: store one message at a time; one that still fails
      // goes back to the queue and, after its last delivery, is recorded as rejected (QUEUE_GAVE_UP).
      for (const d of decided) {
        try {
          await commitBatch(store, [d]);
          await d.delivery.ack().catch(() => {});
        } catch (error) {
          log(
            `message ${d.delivery.sequence} cannot be stored (${(error as Error).message}); returned to the queue`,
          );
          d.delivery.nak(backoff(d.delivery.deliveries));
        }
      }
      return;
    }
    if (!committed) {
      // Stopping while the store is down: hand the messages back now rather than at ack-wait expiry.
      for (const delivery of deliveries) delivery.nak();
      return;
    }
    // Acks after the commit: a crash in between only causes a harmless redelivery.
    const acks = await Promise.allSettled(deliveries.map((d) => d.ack()));
    const failed = acks.filter((a) => a.status === 'rejected').length;
    if (failed > 0) log(`${failed} acks not confirmed (they will be redelivered and found already stored)`);
    counters.batches++;
    counters.messages += deliveries.length;
    counters.stored += decided.filter((d) => d.document).length;
    counters.rejected += decided.filter((d) => !d.document).length;
    options.onBatch?.({ ...counters });
  };

  while (!stopped()) {
    let deliveries: Delivery[];
    try {
      deliveries = await consumer.fetch(batchSize, 1000);
    } catch (error) {
      counters.retries++;
      log(`fetch failed (${(error as Error).message}); retrying`);
      await sleep(backoff(counters.retries));
      continue;
    }
    if (deliveries.length === 0) continue;
    const decided = dedupe(deliveries).map((delivery) =>
      decide(delivery, validator, limits, maxBytes, queue.maxDeliveries),
    );
    await previous;
    previous = store_(deliveries, decided);
  }
  // Stopping: the batch in hand is stored and acked before we return.
  await previous;
  return counters;
}

/** A redelivered copy inside the same batch is acked with the first and decided once. */
function dedupe(deliveries: Delivery[]): Delivery[] {
  const seen = new Set<string>();
  return deliveries.filter((d) => {
    const key = d.headers[JOB_HEADER]
      ? `${d.headers[JOB_HEADER]}#${d.headers[INDEX_HEADER]}`
      : `seq:${d.sequence}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Validates one delivery. Never throws: anything unreadable becomes issues (a poison message). */
function decide(
  delivery: Delivery,
  validator: Validator,
  limits: typeof DEFAULT_LIMITS,
  maxBytes: number,
  maxDeliveries: number,
): Decided {
  const decided: Decided = { delivery, issues: [] };
  const jobId = delivery.headers[JOB_HEADER];
  const index = Number(delivery.headers[INDEX_HEADER]);
  const line = Number(delivery.headers[LINE_HEADER]);
  if (jobId && UUID.test(jobId) && Number.isSafeInteger(index) && index >= 0 && Number.isSafeInteger(line))
    decided.job = { id: jobId, index, line };
  // The message id is the documentId, or `documentId@jobId` for a copy queued again for its job.
  const documentId = delivery.id?.split('@')[0];
  if (documentId && UUID.test(documentId)) decided.documentId = documentId.toLowerCase();
  if (delivery.data.length > maxBytes) {
    decided.issues = [
      issue(
        'error',
        'RECORD_TOO_LARGE',
        '',
        `the message has ${delivery.data.length} bytes; the limit is ${maxBytes}`,
        {
          limit: maxBytes,
        },
      ),
    ];
    return decided;
  }
  if (delivery.deliveries >= maxDeliveries && delivery.deliveries > 1) {
    // Its earlier deliveries were never acked (a crash or a store failure each time): record it
    // rather than let the queue drop it silently after the last delivery.
    decided.issues = [
      issue(
        'error',
        'QUEUE_GAVE_UP',
        '',
        `delivered ${delivery.deliveries} times without being stored; recorded as rejected so it is not lost silently`,
        { deliveries: delivery.deliveries },
      ),
    ];
    return decided;
  }
  const parsed = parseRecord(delivery.data, limits);
  if (parsed.value === undefined || parsed.issues.some((i) => i.severity === 'error')) {
    decided.issues =
      parsed.issues.length > 0
        ? parsed.issues
        : [issue('error', 'MESSAGE_UNREADABLE', '', 'the message could not be read')];
    return decided;
  }
  // Copy: the message's bytes may be a view of the connection's read buffer.
  const prepared = prepareParsed(parsed.value, Buffer.from(delivery.data), validator);
  if (prepared.document) decided.document = prepared.document;
  decided.issues = prepared.issues;
  return decided;
}

/** Stores a batch and its outcomes in one transaction. */
async function commitBatch(store: DocumentStore, batch: readonly Decided[]): Promise<void> {
  await store.transaction(async (tx) => {
    const toStore = batch.filter((d) => d.document);
    const outcomes = await tx.putDocuments(toStore.map((d) => d.document!));
    const results: QueuedResult[] = [];
    const rejections: QueueRejection[] = [];
    const outcomeOf = new Map(toStore.map((d, i) => [d, outcomes[i]!]));
    for (const d of batch) {
      const put = outcomeOf.get(d);
      let result: Pick<QueuedResult, 'outcome' | 'issues'>;
      if (!put) result = { outcome: 'invalid', issues: d.issues };
      else if (put.outcome === 'created') result = { outcome: 'accepted', issues: [] };
      else if (put.outcome === 'identical') result = { outcome: 'identical', issues: [] };
      else result = { outcome: 'conflict', issues: [issue('error', put.code, '/documentId', put.message)] };
      if (d.job) {
        const queued: QueuedResult = { jobId: d.job.id, index: d.job.index, line: d.job.line, ...result };
        if (d.documentId) queued.documentId = d.documentId;
        results.push(queued);
      } else if (result.outcome === 'invalid' || result.outcome === 'conflict') {
        const rejection: QueueRejection = {
          messageKey: d.delivery.id ?? `seq:${d.delivery.sequence}`,
          subject: d.delivery.subject,
          issues: result.issues,
        };
        if (d.documentId) rejection.documentId = d.documentId;
        rejections.push(rejection);
      }
    }
    // Results of jobs that no longer exist (deleted) are simply not counted.
    await tx.recordQueuedResults(results);
    await tx.recordQueueRejections(rejections);
  });
}

/**
 * Commits, retrying with backoff while the store is unavailable; the messages are kept "in progress"
 * meanwhile so the queue does not hand them to another worker. False when stopped before success.
 */
async function commitWithRetry(
  store: DocumentStore,
  batch: readonly Decided[],
  stopped: () => boolean,
  log: (line: string) => void,
  counters: WorkerCounters,
): Promise<boolean | 'data'> {
  let refusals = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await commitBatch(store, batch);
      return true;
    } catch (error) {
      counters.retries++;
      log(`storing a batch of ${batch.length} failed (${(error as Error).message}); retry ${attempt}`);
      if (stopped() && attempt > 1) return false;
      // A store that answers a ping yet refuses the batch three times is refusing the data.
      const up = await store.ping().then(
        () => true,
        () => false,
      );
      if (up && ++refusals >= 3) return 'data';
      for (const d of batch) d.delivery.working();
      await sleep(backoff(attempt));
    }
  }
}

/** Runs `work` until it succeeds or the worker stops (undefined then). */
async function retrying<T>(
  what: string,
  work: () => Promise<T>,
  stopped: () => boolean,
  log: (line: string) => void,
  counters: WorkerCounters,
): Promise<T | undefined> {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      return await work();
    } catch (error) {
      counters.retries++;
      log(`${what} failed (${(error as Error).message}); retry ${attempt}`);
      await sleep(backoff(attempt));
    }
  }
  return undefined;
}

/** 100 ms doubling to 5 s, with jitter so restarted workers do not retry in step. */
function backoff(attempt: number): number {
  return Math.min(5000, 100 * 2 ** Math.min(attempt - 1, 6)) * (0.5 + Math.random() / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
