/**
 * Queue mode in one process: a server publishing to JetStream and a worker storing into PostgreSQL,
 * every answer checked against the OpenAPI document. Covers what the fault tests do not: single
 * submissions, resubmission, and poison messages that must be recorded once instead of redelivered.
 */
import { randomUUID } from 'node:crypto';
import { type DocumentQueue, openJetStreamQueue, subjectOf, subjectToken } from '@medsupply/queue';
import { type MedsupplyServer, createServer, openStore, runIngestWorker } from '@medsupply/server';
import type { DocumentStore } from '@medsupply/server';
import { createValidator } from '@medsupply/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openedBulkJob } from '../../packages/server/src/queue/submit.js';
import { call, freshDocument } from '../../packages/server/test/support.js';
import { NATS_URL, freshDatabase, missingServices, query, uniqueName } from './services.js';

describe('subject names', () => {
  it('keep a plain token as it is and make any other text a safe, distinct token', () => {
    expect(subjectToken('StockReport')).toBe('StockReport');
    const wildcard = subjectToken('a.b*>c d');
    expect(wildcard).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(subjectToken('a.b')).not.toBe(subjectToken('a_b'));
    expect(subjectToken('x'.repeat(500)).length).toBeLessThan(70);
    expect(subjectOf('hub', { documentType: 'Shipment', sender: 'urn:oid:1.2|GLN 123' })).toMatch(
      /^medsupply\.hub\.documents\.Shipment\.[A-Za-z0-9_-]+$/,
    );
  });

  it('refuses a deployment name that could reach another stream', () => {
    expect(() => subjectOf('hub.>', { documentType: 'Shipment', sender: 'x' })).toThrow(/deployment name/);
  });
});

const skipped = missingServices('queue: queue mode in one process');

describe.skipIf(skipped !== undefined)('queue mode in one process', () => {
  const deployment = uniqueName('mode');
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let store: DocumentStore;
  let queue: DocumentQueue;
  let server: MedsupplyServer;
  const stop = new AbortController();
  let worker: Promise<unknown>;

  beforeAll(async () => {
    database = await freshDatabase(`medsupply_${deployment}`);
    store = await openStore({ databaseUrl: database.url });
    queue = await openJetStreamQueue({ url: NATS_URL!, deployment, ackWaitMs: 5000, maxDeliveries: 3 });
    const validator = await createValidator();
    server = await createServer({ store, queue, validator });
    worker = runIngestWorker({ store, queue, validator, batchSize: 50, signal: stop.signal });
  }, 120_000);
  afterAll(async () => {
    stop.abort();
    await worker;
    await server?.close();
    await queue?.close();
    await store?.close();
    await database?.drop();
  });

  async function settled(location: string) {
    for (let i = 0; i < 300; i++) {
      const job = await call(server.app, { method: 'GET', url: location });
      if (job.json.status !== 'running') return job.json;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${location} still running after 30 s`);
  }

  it('answers 202 to a single document once it is queued, and the job says when it is stored', async () => {
    const doc = freshDocument(deployment);
    const answer = await call(server.app, {
      method: 'POST',
      url: '/v1/documents',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(doc, null, 2),
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ expected: 1 });
    const job = await settled(answer.headers.location as string);
    expect(job).toMatchObject({ status: 'done', received: 1, accepted: 1, rejected: 0 });
    const read = await call(server.app, { method: 'GET', url: `/v1/documents/${doc.documentId}` });
    expect(read.status).toBe(200);
  });

  it('refuses a document without a usable envelope at once (422), without queueing it', async () => {
    const doc = freshDocument(deployment);
    doc.documentId = 'not-a-uuid';
    const answer = await call(server.app, {
      method: 'POST',
      url: '/v1/documents',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(doc),
    });
    expect(answer.status).toBe(422);
    expect(answer.json.issues).toContainEqual(expect.objectContaining({ path: '/documentId' }));
  });

  it('reports a resubmitted bulk record by record: stored ones identical, invalid ones rejected again with their issues', async () => {
    const valid = freshDocument(deployment, 1);
    const invalid = { ...freshDocument(deployment, 2), createdAt: 'yesterday' };
    const body = `${JSON.stringify(valid)}\n${JSON.stringify(invalid)}\n{"broken\n`;
    const submit = () =>
      call(server.app, {
        method: 'POST',
        url: '/v1/bulk',
        headers: { 'content-type': 'application/x-ndjson' },
        payload: body,
      });
    const first = await submit();
    expect(first.status).toBe(202);
    const second = await submit();
    expect(second.status).toBe(202);
    const one = await settled(first.headers.location as string);
    const two = await settled(second.headers.location as string);
    expect(one).toMatchObject({ received: 3, accepted: 1, identical: 0, rejected: 2 });
    expect(two).toMatchObject({ received: 3, accepted: 0, identical: 1, rejected: 2 });
    expect(two.results.map((r: { index: number; outcome: string }) => [r.index, r.outcome])).toEqual([
      [0, 'identical'],
      [1, 'invalid'],
      [2, 'invalid'],
    ]);
    expect(two.results[1].issues).toContainEqual(expect.objectContaining({ path: '/createdAt' }));
    const [row] = await query<{ n: number }>(
      database.url,
      'SELECT count(*)::int AS n FROM medsupply_documents WHERE document_id = $1',
      [valid.documentId],
    );
    expect(row!.n).toBe(1);
  });

  it('offers only best-effort bulk submissions (workers store independently)', async () => {
    const answer = await call(server.app, {
      method: 'POST',
      url: '/v1/bulk?mode=all-or-nothing',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(freshDocument(deployment))}\n`,
    });
    expect(answer.status).toBe(400);
  });

  it('records a poison message once, with its issues, and never redelivers it', async () => {
    const key = randomUUID();
    await queue.publish({
      id: key,
      routing: { documentType: 'StockReport', sender: 'poison' },
      data: new TextEncoder().encode('\u0000 not json at all'),
    });
    await queue.publish({
      id: randomUUID(),
      routing: { documentType: 'StockReport', sender: 'poison' },
      data: new TextEncoder().encode(JSON.stringify({ documentId: randomUUID(), hello: 'world' })),
    });
    let rejections: { message_key: string; issues: { code: string }[] }[] = [];
    for (let i = 0; i < 100 && rejections.length < 2; i++) {
      rejections = await query(
        database.url,
        "SELECT message_key, issues FROM medsupply_queue_rejections WHERE subject LIKE '%.poison' ORDER BY rejected_at",
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rejections).toHaveLength(2);
    const unreadable = rejections.find((r) => r.message_key === key);
    const incomplete = rejections.find((r) => r.message_key !== key);
    expect(unreadable!.issues[0]!.code).toBe('JSON_SYNTAX');
    expect(incomplete!.issues.length).toBeGreaterThan(0);
    // Acked: nothing is left for the group, nothing waits for redelivery.
    let stats = await queue.stats('medsupply-workers');
    for (let i = 0; i < 50 && (stats.pending > 0 || stats.ackPending > 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      stats = await queue.stats('medsupply-workers');
    }
    expect(stats).toMatchObject({ pending: 0, ackPending: 0, messages: 0 });
  });

  it('records a message delivered the maximum number of times as rejected (QUEUE_GAVE_UP) instead of losing it', async () => {
    // A queue whose only message comes on its last allowed delivery, as after repeated worker crashes.
    const jobId = randomUUID();
    await store.createBulkJob(openedBulkJob(jobId));
    await store.setBulkExpected(jobId, 1, 0);
    const acked: number[] = [];
    let handed = false;
    const lastDelivery: DocumentQueue = {
      maxMessageBytes: 1 << 20,
      maxDeliveries: 3,
      publish: async () => ({ sequence: 1, duplicate: false }),
      consumer: async () => ({
        async fetch() {
          if (handed) {
            await new Promise((r) => setTimeout(r, 50));
            return [];
          }
          handed = true;
          const doc = freshDocument(deployment);
          return [
            {
              id: String(doc.documentId),
              sequence: 7,
              subject: 'medsupply.x.documents.StockReport.crash',
              data: new TextEncoder().encode(JSON.stringify(doc)),
              headers: { 'Medsupply-Job': jobId, 'Medsupply-Index': '0', 'Medsupply-Line': '1' },
              deliveries: 3,
              ack: async () => {
                acked.push(7);
              },
              nak: () => {},
              working: () => {},
            },
          ];
        },
      }),
      stats: async () => ({ messages: 0, pending: 0, ackPending: 0, redelivered: 0 }),
      close: async () => {},
    };
    const halt = new AbortController();
    const run = runIngestWorker({
      store,
      queue: lastDelivery,
      validator: await createValidator(),
      signal: halt.signal,
    });
    for (let i = 0; i < 100 && acked.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    halt.abort();
    await run;
    expect(acked).toEqual([7]);
    const job = await call(server.app, { method: 'GET', url: `/v1/bulk/${jobId}` });
    expect(job.json).toMatchObject({ status: 'done', received: 1, rejected: 1 });
    expect(job.json.results[0].issues[0]).toMatchObject({ code: 'QUEUE_GAVE_UP', params: { deliveries: 3 } });
  });

  it('fails, when a server starts, a job whose server died over an hour before acknowledging it', async () => {
    const abandoned = randomUUID();
    await store.createBulkJob(openedBulkJob(abandoned, new Date(Date.now() - 2 * 3600_000)));
    const another = await createServer({ store, queue, validator: await createValidator() });
    try {
      const job = await call(another.app, { method: 'GET', url: `/v1/bulk/${abandoned}` });
      expect(job.json).toMatchObject({ status: 'failed' });
      expect(job.json.error).toMatch(/before it acknowledged/);
    } finally {
      await another.close();
    }
  });
});
