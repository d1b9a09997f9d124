/**
 * Submissions in queue mode: records are shape-checked, published to the queue with their
 * `documentId` as message id, and the client is answered only once the queue acknowledged every one
 * (publish acks). Workers then validate and store them and record each outcome against the job, so
 * `GET /v1/bulk/{id}` reports progress from PostgreSQL on any server instance.
 */
import { randomUUID } from 'node:crypto';
import type { DocumentQueue, PublishReceipt } from '@medsupply/queue';
import {
  DEFAULT_LIMITS,
  type Frame,
  type Issue,
  type ReaderLimits,
  frameNdjsonBatches,
  issue,
} from '@medsupply/validators';
import type { ServerContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import type { BulkJobState, QueuedResult } from '../store/types.js';
import { checkShape } from './shape.js';

/** Header names on every published record: which job, which record, which line. */
export const JOB_HEADER = 'Medsupply-Job';
export const INDEX_HEADER = 'Medsupply-Index';
export const LINE_HEADER = 'Medsupply-Line';

/** Publications awaiting their ack at once: enough to keep the stream busy, bounded in memory. */
const IN_FLIGHT = 256;
/** Server-side outcomes (shape rejections, duplicates) recorded per statement. */
const RESULTS_CHUNK = 1000;

/** The reader limits of queue mode: a record must also fit in one queue message. */
export function queueReaderLimits(context: ServerContext, queue: DocumentQueue): ReaderLimits {
  return {
    ...DEFAULT_LIMITS,
    maxRecordBytes: Math.min(context.limits.maxDocumentBytes, queue.maxMessageBytes),
    maxDepth: context.limits.maxDepth,
  };
}

/** The frames of an NDJSON body. */
export function ndjsonFrames(
  context: ServerContext,
  queue: DocumentQueue,
  body: AsyncIterable<Uint8Array>,
): AsyncIterable<Frame[]> {
  return frameNdjsonBatches(body, queueReaderLimits(context, queue));
}

/** A queued bulk job as it is opened, before its first record (queue mode accepts best-effort jobs only). */
export function openedBulkJob(id: string, createdAt = new Date()): BulkJobState {
  return {
    id,
    mode: 'best-effort',
    status: 'running',
    received: 0,
    accepted: 0,
    identical: 0,
    rejected: 0,
    bytes: 0,
    createdAt: createdAt.toISOString(),
    spoolPath: '',
  };
}

/** Publishes every framed record for a new job; resolves once all are acknowledged. */
export async function publishSubmission(
  context: ServerContext,
  queue: DocumentQueue,
  input: AsyncIterable<Frame[]>,
  bytesOf: () => number,
): Promise<BulkJobState> {
  const { store, limits } = context;
  const job = openedBulkJob(randomUUID());
  await store.createBulkJob(job);
  const readerLimits = queueReaderLimits(context, queue);
  const types = context.validator.documentTypes();
  const inFlight = new Set<Promise<void>>();
  let results: QueuedResult[] = [];
  let failure: Error | undefined;
  let records = 0;
  const flushResults = async (all = false) => {
    if (results.length === 0 || (!all && results.length < RESULTS_CHUNK)) return;
    const chunk = results;
    results = [];
    await store.recordQueuedResults(chunk);
  };
  const reject = (frame: Frame, issues: Issue[], documentId?: string) => {
    const result: QueuedResult = {
      jobId: job.id,
      index: frame.index,
      line: frame.line,
      outcome: 'invalid',
      issues,
    };
    if (documentId) result.documentId = documentId;
    results.push(result);
  };

  try {
    for await (const frames of input) {
      for (const frame of frames) {
        if (frame.index >= limits.maxBulkRecords)
          throw new HttpProblem(
            413,
            'TOO_MANY_RECORDS',
            'Too many records',
            `more than ${limits.maxBulkRecords} records; nothing after them was read`,
          );
        records = frame.index + 1;
        if (!frame.bytes) {
          reject(
            frame,
            frame.issues ?? [issue('error', 'BODY_MALFORMED', '', 'the record could not be read')],
          );
          continue;
        }
        const shape = checkShape(frame.bytes, readerLimits, types, frame.truncated);
        if (shape.issues) {
          reject(frame, shape.issues, shape.documentId);
          continue;
        }
        // Copy: the frame's bytes are a view of a large read buffer that is reused.
        const data = Buffer.from(frame.bytes);
        const message = {
          id: shape.documentId,
          routing: shape.routing,
          data,
          headers: {
            [JOB_HEADER]: job.id,
            [INDEX_HEADER]: String(frame.index),
            [LINE_HEADER]: String(frame.line),
          },
        };
        const publication = queue
          .publish(message)
          .then(async (receipt: PublishReceipt) => {
            // Inside the de-duplication window the stream dropped this copy (a resubmission, or the
            // same feed sent to two servers). This job still needs its own verdict on the record, so
            // it is queued once more under an id of this job's own; the store then finds it identical,
            // invalid or conflicting, exactly as it would beyond the window.
            if (receipt.duplicate) await queue.publish({ ...message, id: `${shape.documentId}@${job.id}` });
          })
          .catch((error: Error) => {
            failure ??= error;
          });
        const tracked = publication.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
        if (failure) throw failure;
      }
      await flushResults();
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    await flushResults(true);
  } catch (error) {
    await Promise.allSettled(inFlight);
    await store
      .finishBulkJob(job.id, 'failed', `not acknowledged: ${(error as Error).message}`)
      .catch(() => {});
    if (error instanceof HttpProblem) throw error;
    throw new HttpProblem(
      503,
      'QUEUE_UNAVAILABLE',
      'Queue unavailable',
      'the queue did not acknowledge every record; nothing was acknowledged to you, submit again (documents already queued are not duplicated)',
    );
  }
  job.bytes = bytesOf();
  await store.setBulkExpected(job.id, records, job.bytes);
  return (await store.getBulkJob(job.id)) ?? job;
}
