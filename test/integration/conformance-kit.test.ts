/**
 * `medsupply conformance` passes the reference server, fails a fake that answers yes to everything,
 * and exits 2 when there is no server to test.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MedsupplyServer, createServer, openStore } from '@medsupply/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('medsupply conformance', () => {
  let reference: MedsupplyServer;
  let store: Awaited<ReturnType<typeof openStore>>;
  let referenceUrl: string;
  const fake = createHttpServer((request, response) => {
    request.resume();
    // Says yes to everything: 2xx, a Location, an empty object.
    const status = request.method === 'POST' ? (request.url?.startsWith('/v1/bulk') ? 202 : 201) : 200;
    response.writeHead(status, { 'content-type': 'application/json', location: '/v1/bulk/ok' });
    response.end('{}');
  });
  let fakeUrl: string;

  beforeAll(async () => {
    store = await openStore({});
    reference = await createServer({ store });
    referenceUrl = await reference.app.listen({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    fake.close();
    await reference?.close();
    await store?.close();
  });

  it('passes the reference server: every case passed, tally last, exit 0', async () => {
    const run = await runCli(['conformance', referenceUrl]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(run.stdout).not.toContain('FAILED');
    expect(lines.at(-1)).toMatch(/^(\d+) passed, 0 failed$/);
    expect(Number(lines.at(-1)!.split(' ')[0])).toBeGreaterThanOrEqual(12);
    expect(run.code).toBe(0);
  }, 180_000);

  it('fails an implementation that answers yes to everything, naming each requirement, exit 1', async () => {
    const run = await runCli(['conformance', fakeUrl, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const failed = report.cases
      .filter((c: { passed: boolean }) => !c.passed)
      .map((c: { id: string }) => c.id);
    for (const id of [
      'valid',
      'duplicate-conflict',
      'invalid',
      'malformed',
      'concurrent',
      'paging',
      'bulk-best-effort',
      'bulk-all-or-nothing',
      'validate',
    ])
      expect(failed).toContain(id);
    expect(report.cases[0].requirement).toMatch(/health/);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(`0 passed, ${report.cases.length} failed`);
  }, 120_000);

  it('writes JUnit with one failing testcase per failed case and the tally last', async () => {
    const run = await runCli(['conformance', fakeUrl, '--format', 'junit', '--only', 'valid,invalid']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<testsuites name="medsupply conformance" tests="2" failures="2">');
    expect((run.stdout.match(/<failure /g) ?? []).length).toBe(2);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('<!-- 0 passed, 2 failed -->');
  }, 60_000);

  it('exits 2 when nothing answers at the URL', async () => {
    const closed = createHttpServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const run = await runCli(['conformance', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot reach');
  }, 60_000);
});
