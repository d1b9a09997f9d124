/**
 * Processes a spooled bulk submission: frames NDJSON lines, validates each with the engine and stores
 * valid documents in batches. Each batch's documents and the job's counters commit in one
 * transaction, so `accepted` never counts a document that is not durably stored, and a job
 * interrupted (even by SIGKILL) resumes after the last committed record.
 */
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { DEFAULT_LIMITS, type Issue, frameNdjsonBatches, issue, parseRecord } from '@medsupply/validators';
import type { ServerContext } from './context.js';
import { prepareParsed } from './documents.js';
import type { BulkJobState, BulkResult, PreparedDocument, StoreTransaction } from './store/types.js';

/** Records per transaction in best-effort mode: large enough to amortise the commit. */
const BATCH_RECORDS = 500;
/** At most this many per-record results are kept for an all-or-nothing job that fails. */
const MAX_ROLLBACK_RESULTS = 10_000;

class Rollback extends Error {}

interface Pending {
  documents: PreparedDocument[];
  /** index/line of each document, parallel to `documents`. */
  positions: { index: number; line: number }[];
  results: BulkResult[];
  received: number;
}

const empty = (): Pending => ({ documents: [], positions: [], results: [], received: 0 });

/** Runs (or resumes) a bulk job to the end. Never throws: failures end the job as `failed`. */
export async function runBulkJob(context: ServerContext, job: BulkJobState): Promise<void> {
  const { store } = context;
  try {
    if (!existsSync(job.spoolPath)) {
      await store.finishBulkJob(job.id, 'failed', 'the submitted body was lost before it was processed');
      return;
    }
    if (job.mode === 'all-or-nothing') await runAllOrNothing(context, job);
    else await runBestEffort(context, job);
    rmSync(job.spoolPath, { force: true });
  } catch (error) {
    await store.finishBulkJob(job.id, 'failed', (error as Error).message).catch(() => {});
  }
}

/** Yields every record's decision input, skipping the first `skip` records (already committed). */
async function* records(context: ServerContext, job: BulkJobState, skip: number) {
  const limits = {
    ...DEFAULT_LIMITS,
    maxRecordBytes: context.limits.maxDocumentBytes,
    maxDepth: context.limits.maxDepth,
  };
  const input = createReadStream(job.spoolPath, { highWaterMark: 1024 * 1024 });
  for await (const frames of frameNdjsonBatches(input, limits)) {
    for (const frame of frames) {
      if (frame.index < skip) continue;
      if (frame.index >= context.limits.maxBulkRecords) {
        input.destroy();
        throw new Error(`more than ${context.limits.maxBulkRecords} records; the rest were not read`);
      }
      yield frame;
    }
  }
}

/** Decides one framed record: a prepared document, or the result saying why it is not stored. */
function decide(
  context: ServerContext,
  frame: { index: number; line: number; bytes?: Uint8Array; issues?: Issue[]; truncated?: boolean },
): { document: PreparedDocument } | { result: BulkResult } {
  let issues: Issue[] = frame.issues ?? [];
  let documentId: string | undefined;
  if (frame.bytes) {
    const parsed = parseRecord(
      frame.bytes,
      { ...DEFAULT_LIMITS, maxDepth: context.limits.maxDepth },
      frame.truncated,
    );
    issues = parsed.issues;
    if (parsed.value !== undefined && !issues.some((i) => i.severity === 'error')) {
      // Copy: the frame's bytes are a view of a large read buffer.
      const prepared = prepareParsed(parsed.value, Buffer.from(frame.bytes), context.validator);
      if (prepared.document) return { document: prepared.document };
      issues = prepared.issues;
      const id = (parsed.value as Record<string, unknown>)?.documentId;
      if (typeof id === 'string') documentId = id;
    }
  }
  if (issues.length === 0) issues = [issue('error', 'DOCUMENT_INVALID', '', 'the record is invalid')];
  const result: BulkResult = { index: frame.index, line: frame.line, outcome: 'invalid', issues };
  if (documentId) result.documentId = documentId;
  return { result };
}

/** Stores one batch and its counters in `tx`; returns how many records could not be stored. */
async function commitBatch(tx: StoreTransaction, jobId: string, pending: Pending): Promise<number> {
  const outcomes = await tx.putDocuments(pending.documents);
  let accepted = 0;
  let identical = 0;
  let refused = 0;
  const results = [...pending.results];
  outcomes.forEach((outcome, i) => {
    const { index, line } = pending.positions[i]!;
    const documentId = pending.documents[i]!.documentId;
    if (outcome.outcome === 'created') accepted++;
    else if (outcome.outcome === 'identical') {
      identical++;
      results.push({ index, line, documentId, outcome: 'identical', issues: [] });
    } else {
      refused++;
      results.push({
        index,
        line,
        documentId,
        outcome: 'conflict',
        issues: [issue('error', outcome.code, '/documentId', outcome.message)],
      });
    }
  });
  results.sort((a, b) => a.index - b.index);
  await tx.recordBulkProgress({
    jobId,
    received: pending.received,
    accepted,
    identical,
    rejected: pending.results.length + refused,
    results,
  });
  return pending.results.length + refused;
}

async function runBestEffort(context: ServerContext, job: BulkJobState): Promise<void> {
  let pending = empty();
  // One batch commits while the next is validated (a database server works in parallel with us);
  // batches still commit one at a time, in order.
  let committing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await committing;
    if (pending.received === 0) return;
    const batch = pending;
    pending = empty();
    committing = context.store
      .transaction((tx) => commitBatch(tx, job.id, batch))
      .then(() => context.notifyStored());
  };
  try {
    for await (const frame of records(context, job, job.received)) {
      const decision = decide(context, frame);
      pending.received++;
      if ('document' in decision) {
        pending.documents.push(decision.document);
        pending.positions.push({ index: frame.index, line: frame.line });
      } else pending.results.push(decision.result);
      if (pending.received >= BATCH_RECORDS) await flush();
    }
    await flush();
    await committing;
  } catch (error) {
    // What was read before the limit is still stored and counted.
    await flush().catch(() => {});
    await committing.catch(() => {});
    throw error;
  }
  await context.store.finishBulkJob(job.id, 'done');
}

async function runAllOrNothing(context: ServerContext, job: BulkJobState): Promise<void> {
  // Nothing of an all-or-nothing job is committed before its end, so it always restarts from the top.
  if (job.received > 0) await context.store.resetBulkJob(job.id);
  const failures: BulkResult[] = [];
  let received = 0;
  let failed = 0;
  try {
    await context.store.transaction(async (tx) => {
      let pending = empty();
      let accepted = 0;
      let identical = 0;
      const identicalResults: BulkResult[] = [];
      const flush = async () => {
        if (pending.documents.length === 0 || failed > 0) return;
        const batch = pending;
        pending = empty();
        const outcomes = await tx.putDocuments(batch.documents);
        outcomes.forEach((outcome, i) => {
          const { index, line } = batch.positions[i]!;
          const documentId = batch.documents[i]!.documentId;
          if (outcome.outcome === 'created') accepted++;
          else if (outcome.outcome === 'identical') {
            identical++;
            identicalResults.push({ index, line, documentId, outcome: 'identical', issues: [] });
          } else {
            failed++;
            failures.push({
              index,
              line,
              documentId,
              outcome: 'conflict',
              issues: [issue('error', outcome.code, '/documentId', outcome.message)],
            });
          }
        });
      };
      for await (const frame of records(context, job, 0)) {
        received++;
        const decision = decide(context, frame);
        if ('document' in decision) {
          // After the first failure nothing more is stored; records are still checked and reported.
          if (failed === 0) {
            pending.documents.push(decision.document);
            pending.positions.push({ index: frame.index, line: frame.line });
          }
        } else {
          failed++;
          if (failures.length < MAX_ROLLBACK_RESULTS) failures.push(decision.result);
        }
        if (pending.documents.length >= BATCH_RECORDS) await flush();
      }
      await flush();
      if (failed > 0) throw new Rollback();
      await tx.recordBulkProgress({
        jobId: job.id,
        received,
        accepted,
        identical,
        rejected: 0,
        results: identicalResults,
      });
    });
    context.notifyStored();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
    failures.sort((a, b) => a.index - b.index);
    for (let i = 0; i < Math.max(failures.length, 1); i += 1000) {
      await context.store.recordBulkProgress({
        jobId: job.id,
        received: i === 0 ? received : 0,
        accepted: 0,
        identical: 0,
        rejected: i === 0 ? received : 0,
        results: failures.slice(i, i + 1000),
      });
    }
  }
  await context.store.finishBulkJob(job.id, 'done');
}
