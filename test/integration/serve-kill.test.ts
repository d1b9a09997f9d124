/**
 * `medsupply serve` killed with SIGKILL in the middle of a bulk submission: what it counted as accepted
 * is stored, and after a restart the job resumes and ends with every document stored exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeProcess, ndjsonFeed, startServe } from '../support/serve.js';

const RECORDS = 6000;

// biome-ignore lint/suspicious/noExplicitAny: the answers are arbitrary JSON the test asserts on
async function json(url: string): Promise<any> {
  const response = await fetch(url);
  expect(response.ok, `${url}: ${response.status}`).toBe(true);
  return response.json();
}

async function countStored(base: string, sender: string): Promise<number> {
  let count = 0;
  let next: string | null = `${base}/v1/documents?sender=${sender}&limit=1000`;
  while (next) {
    const page = await json(next);
    count += page.items.length;
    next = page.next ? `${base}/v1/documents?sender=${sender}&limit=1000&cursor=${page.next}` : null;
  }
  return count;
}

describe('medsupply serve killed during a bulk submission', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'medsupply-kill-'));
  let server: ServeProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing it counted as accepted, and finishes the job after a restart', async () => {
    server = await startServe(['--data-dir', dataDir]);
    const posted = await fetch(`${server.url}/v1/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${ndjsonFeed(RECORDS, 'sigkill').join('\n')}\n`,
    });
    expect(posted.status).toBe(202);
    const location = posted.headers.get('location')!;

    let before: { status: string; accepted: number } = { status: 'running', accepted: 0 };
    while (before.accepted < 500) {
      before = await json(`${server.url}${location}`);
      expect(before.status, 'the job ended before it could be killed; raise RECORDS').toBe('running');
      await new Promise((r) => setTimeout(r, 50));
    }
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));

    server = await startServe(['--data-dir', dataDir]);
    const after = await json(`${server.url}${location}`);
    expect(after.accepted).toBeGreaterThanOrEqual(before.accepted);
    expect(await countStored(server.url, 'sigkill')).toBeGreaterThanOrEqual(after.accepted);

    let job = after;
    const deadline = Date.now() + 240_000;
    while (job.status === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      job = await json(`${server.url}${location}`);
    }
    expect(job).toMatchObject({ status: 'done', received: RECORDS, accepted: RECORDS, rejected: 0 });
    expect(await countStored(server.url, 'sigkill')).toBe(RECORDS);
  }, 600_000);
});
