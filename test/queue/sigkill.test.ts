/**
 * The check of issue 16: NATS and PostgreSQL on loopback, a queue-mode server and two workers, a
 * 50 000-document bulk submission, and one worker killed with SIGKILL half-way: every document ends
 * up stored exactly once or rejected with its issues, and the job's counters count each record once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve.js';
import { mixedFeed } from './feed.js';
import { type WorkerProcess, allResults, startQueueServe, startWorker, waitForJob } from './processes.js';
import { NATS_URL, freshDatabase, missingServices, query, uniqueName } from './services.js';

const RECORDS = Number(process.env.MEDSUPPLY_QUEUE_RECORDS ?? 50_000);
const INVALID_EVERY = 1000;
const skipped = missingServices('queue: SIGKILL of a worker during a 50 000-document bulk');

describe.skipIf(skipped !== undefined)(
  'a worker killed with SIGKILL half-way through a 50 000-document bulk',
  () => {
    const deployment = uniqueName('kill');
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let server: ServeProcess | undefined;
    const workers: WorkerProcess[] = [];

    beforeAll(async () => {
      database = await freshDatabase(`medsupply_${deployment}`);
      server = await startQueueServe(NATS_URL!, database.url, deployment);
      for (let i = 0; i < 2; i++)
        workers.push(await startWorker(NATS_URL!, database.url, deployment, ['--ack-wait', '10']));
    }, 120_000);
    afterAll(async () => {
      for (const worker of workers) await worker.stop();
      await server?.stop();
      await database?.drop();
    });

    it('stores every valid document exactly once and rejects every invalid one with its issues', async () => {
      const tag = deployment;
      const { lines, invalid } = mixedFeed(RECORDS, tag, INVALID_EVERY);
      const started = performance.now();
      const posted = await fetch(`${server!.url}/v1/bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: `${lines.join('\n')}\n`,
      });
      const accepted = await posted.json();
      expect(posted.status, JSON.stringify(accepted)).toBe(202);
      // Acknowledged only once the stream holds every record.
      expect(accepted.expected).toBe(RECORDS);
      const location = posted.headers.get('location')!;
      const published = performance.now();

      let killedAt = -1;
      const job = await waitForJob(server!.url, location, 200_000, async (view) => {
        if (killedAt < 0 && view.received >= RECORDS / 2) {
          killedAt = view.received;
          workers[0]!.child.kill('SIGKILL');
          await workers[0]!.exited;
        }
      });
      process.stderr.write(
        `queue SIGKILL test: ${RECORDS} records published in ${Math.round(published - started)} ms, stored in ${Math.round(performance.now() - published)} ms; worker killed at ${killedAt}\n`,
      );
      expect(killedAt, 'the worker was killed half-way').toBeGreaterThan(0);
      expect(killedAt, 'the job was not over when the worker was killed').toBeLessThan(RECORDS);
      expect(job).toMatchObject({
        status: 'done',
        expected: RECORDS,
        received: RECORDS,
        accepted: RECORDS - invalid.size,
        identical: 0,
        rejected: invalid.size,
      });

      const [stored] = await query<{ n: number; ids: number }>(
        database.url,
        'SELECT count(*)::int AS n, count(DISTINCT document_id)::int AS ids FROM medsupply_documents WHERE sender_keys @> ARRAY[$1]',
        [tag],
      );
      expect(stored).toEqual({ n: RECORDS - invalid.size, ids: RECORDS - invalid.size });
      const [recorded] = await query<{ n: number }>(
        database.url,
        'SELECT count(*)::int AS n FROM medsupply_bulk_results WHERE job_id = $1',
        [accepted.id],
      );
      expect(recorded!.n, 'one outcome per record').toBe(RECORDS);

      const results = await allResults(server!.url, location);
      expect(results.map((r) => r.index)).toEqual([...invalid]);
      for (const result of results) {
        expect(result.outcome).toBe('invalid');
        expect(result.issues).toContainEqual(
          expect.objectContaining({ code: 'DATETIME_INVALID', path: '/createdAt' }),
        );
      }
      // The survivor finished the job; it still stops cleanly.
      expect(await workers[1]!.stop()).toBe(0);
    }, 300_000);
  },
);
