/**
 * Failures of the parts around the workers, for real on loopback: the server killed (before and
 * after it acknowledged a submission), NATS restarted, PostgreSQL briefly unreachable. Each time:
 * nothing acknowledged is lost, nothing is stored twice, every record is stored or rejected with its
 * issues.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve.js';
import { mixedFeed } from './feed.js';
import { type WorkerProcess, startQueueServe, startWorker, waitForJob } from './processes.js';
import {
  NATS_URL,
  type OwnNats,
  freshDatabase,
  missingServices,
  query,
  startOwnNats,
  startPgProxy,
  uniqueName,
} from './services.js';

const RECORDS = 2000;
const INVALID_EVERY = 100;
const skipped = missingServices('queue: failures of the server, NATS and PostgreSQL', { natsServer: true });

async function storedFor(databaseUrl: string, tag: string): Promise<{ n: number; ids: number }> {
  const [row] = await query<{ n: number; ids: number }>(
    databaseUrl,
    'SELECT count(*)::int AS n, count(DISTINCT document_id)::int AS ids FROM medsupply_documents WHERE sender_keys @> ARRAY[$1]',
    [tag],
  );
  return row!;
}

function post(base: string, lines: string[]): Promise<Response> {
  return fetch(`${base}/v1/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
  });
}

describe.skipIf(skipped !== undefined)('queue mode under failures', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    database = await freshDatabase(uniqueName('medsupply_faults_'));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await database?.drop();
  });

  it('loses nothing when the server is killed while publishing, and again right after it acknowledged', async () => {
    const deployment = uniqueName('srv');
    const { lines, invalid } = mixedFeed(RECORDS, deployment, INVALID_EVERY);
    const worker = await startWorker(NATS_URL!, database.url, deployment, ['--ack-wait', '10']);
    cleanups.push(() => worker.stop());

    // 1. Killed while publishing: the client gets no acknowledgement, so it submits again.
    let server: ServeProcess = await startQueueServe(NATS_URL!, database.url, deployment);
    const doomed = server;
    // The body is sent, then held open: the server publishes what it read but cannot acknowledge.
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      },
    });
    const first = fetch(doomed.url + '/v1/bulk', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit).then(
      (response) => response.status,
      () => 'no answer',
    );
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const [row] = await query<{ n: number }>(
        database.url,
        'SELECT count(*)::int AS n FROM medsupply_documents WHERE sender_keys @> ARRAY[$1]',
        [deployment],
      );
      if (row!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    doomed.child.kill('SIGKILL');
    expect(await first, 'the killed server acknowledged nothing').toBe('no answer');

    // 2. Submitted again to a new server: acknowledged; then that server is killed too.
    server = await startQueueServe(NATS_URL!, database.url, deployment);
    const again = await post(server.url, lines);
    const view = await again.json();
    expect(again.status, JSON.stringify(view)).toBe(202);
    expect(view.expected).toBe(RECORDS);
    const location = again.headers.get('location')!;
    server.child.kill('SIGKILL');

    // 3. Any other server instance reports the job from PostgreSQL as the worker goes on.
    server = await startQueueServe(NATS_URL!, database.url, deployment);
    cleanups.push(() => server.stop());
    const job = await waitForJob(server.url, location, 120_000);
    expect(job, worker.stderr().slice(-3000)).toMatchObject({
      status: 'done',
      received: RECORDS,
      rejected: invalid.size,
    });
    // Documents the first server had queued are stored by its orphaned job: identical here.
    expect(job.accepted + job.identical).toBe(RECORDS - invalid.size);
    expect(await storedFor(database.url, deployment)).toEqual({
      n: RECORDS - invalid.size,
      ids: RECORDS - invalid.size,
    });
  }, 240_000);

  describe('with a NATS server of the test own', () => {
    let nats: OwnNats;
    const stopFirst: (() => Promise<unknown>)[] = [];
    beforeAll(async () => {
      nats = await startOwnNats();
    });
    afterAll(async () => {
      // Server and worker stop while their NATS still runs, then NATS.
      for (const stop of stopFirst) await stop().catch(() => {});
      await nats?.close();
    });

    it('loses nothing and stores nothing twice when NATS restarts mid-job', async () => {
      const deployment = uniqueName('nats');
      const { lines, invalid } = mixedFeed(RECORDS, deployment, INVALID_EVERY);
      const server = await startQueueServe(nats.url, database.url, deployment);
      stopFirst.push(() => server.stop());
      const worker = await startWorker(nats.url, database.url, deployment, [
        '--ack-wait',
        '10',
        '--batch',
        '200',
      ]);
      stopFirst.push(() => worker.stop());
      const posted = await post(server.url, lines);
      expect(posted.status).toBe(202);
      const location = posted.headers.get('location')!;

      let restarted = false;
      const job = await waitForJob(server.url, location, 150_000, async (view) => {
        if (!restarted && view.received >= 200) {
          restarted = true;
          await nats.stop();
          await new Promise((r) => setTimeout(r, 1000));
          await nats.start();
        }
      });
      expect(restarted, 'NATS was restarted before the job ended').toBe(true);
      expect(job, worker.stderr().slice(-3000)).toMatchObject({
        status: 'done',
        received: RECORDS,
        accepted: RECORDS - invalid.size,
        identical: 0,
        rejected: invalid.size,
      });
      expect(await storedFor(database.url, deployment)).toEqual({
        n: RECORDS - invalid.size,
        ids: RECORDS - invalid.size,
      });
      expect(worker.stderr()).toMatch(/queue connection (disconnect|reconnect)/);
    }, 240_000);
  });

  it('retries with backoff while PostgreSQL is unreachable, then stores everything exactly once', async () => {
    const deployment = uniqueName('pg');
    const { lines, invalid } = mixedFeed(RECORDS, deployment, INVALID_EVERY);
    const proxy = await startPgProxy(database.url);
    cleanups.push(() => proxy.close());
    const server = await startQueueServe(NATS_URL!, database.url, deployment);
    cleanups.push(() => server.stop());
    const worker: WorkerProcess = await startWorker(NATS_URL!, proxy.url, deployment, [
      '--ack-wait',
      '10',
      '--batch',
      '200',
    ]);
    cleanups.push(() => worker.stop());
    const posted = await post(server.url, lines);
    expect(posted.status).toBe(202);
    const location = posted.headers.get('location')!;

    let cut = false;
    const job = await waitForJob(server.url, location, 150_000, async (view) => {
      if (!cut && view.received >= 200) {
        cut = true;
        proxy.cut();
        await new Promise((r) => setTimeout(r, 3000));
        proxy.restore();
      }
    });
    expect(cut).toBe(true);
    expect(job, worker.stderr().slice(-3000)).toMatchObject({
      status: 'done',
      received: RECORDS,
      accepted: RECORDS - invalid.size,
      identical: 0,
      rejected: invalid.size,
    });
    expect(await storedFor(database.url, deployment)).toEqual({
      n: RECORDS - invalid.size,
      ids: RECORDS - invalid.size,
    });
    expect(worker.stderr()).toMatch(/storing a batch of \d+ failed .*; retry 1/);
  }, 240_000);
});
