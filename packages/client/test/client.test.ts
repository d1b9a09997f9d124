/**
 * Contract tests of the generated client against the reference server: the compiler checks the
 * calls against the OpenAPI document, these check that the server answers what the types promise.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasRoot } from '@medsupply/schema-registry';
import { type MedsupplyServer, createServer, openStore } from '@medsupply/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MedsupplyClient, createMedsupplyClient, submitBulk } from '../src/index.js';

const fixture = JSON.parse(
  readFileSync(
    join(schemasRoot(), 'fixtures', '1.0.0', 'shortage-notice', 'valid', 'eu-anticipated-shortage.json'),
    'utf8',
  ),
);
const fresh = (sender: string) => ({
  ...fixture,
  documentId: randomUUID(),
  sender: { identifier: { system: 'https://example.org/client-test', value: sender } },
});

describe('generated TypeScript client against the reference server', () => {
  let store: Awaited<ReturnType<typeof openStore>>;
  let server: MedsupplyServer;
  let client: MedsupplyClient;

  beforeAll(async () => {
    store = await openStore({});
    server = await createServer({ store });
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    client = createMedsupplyClient({ baseUrl: url });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  it('submits a document and gets a typed receipt, then reads it back', async () => {
    const doc = fresh('client');
    const created = await client.POST('/v1/documents', { body: doc });
    expect(created.response.status).toBe(201);
    expect(created.data?.documentId).toBe(doc.documentId);
    expect(created.data?.outcome).toBe('created');
    const read = await client.GET('/v1/documents/{documentId}', {
      params: { path: { documentId: doc.documentId } },
    });
    expect(read.data).toEqual(doc);
    expect(read.response.headers.get('medsupply-status')).toBe('active');
  });

  it('gets the problem with issues as the typed error of an invalid document', async () => {
    const { error, response } = await client.POST('/v1/documents', {
      body: { ...fresh('client'), noticeType: 'maybe' },
    });
    expect(response.status).toBe(422);
    expect(error?.issues?.map((i) => i.path)).toContain('/noticeType');
  });

  it('pages with filters and cursors', async () => {
    for (let i = 0; i < 3; i++) await client.POST('/v1/documents', { body: fresh('client-paging') });
    const first = await client.GET('/v1/documents', {
      params: { query: { sender: 'client-paging', limit: 2 } },
    });
    expect(first.data?.items).toHaveLength(2);
    const second = await client.GET('/v1/documents', {
      params: { query: { sender: 'client-paging', limit: 2, cursor: first.data!.next! } },
    });
    expect(second.data?.items).toHaveLength(1);
    expect(second.data?.next).toBeNull();
  });

  it('submits a bulk and polls its job', async () => {
    const bulk = await submitBulk(client, [JSON.stringify(fresh('client-bulk')), '{"oops"']);
    expect(bulk.status).toBe(202);
    await server.idle();
    const id = bulk.location!.split('/').at(-1)!;
    const job = await client.GET('/v1/bulk/{id}', { params: { path: { id } } });
    expect(job.data).toMatchObject({ status: 'done', received: 2, accepted: 1, rejected: 1 });
  });

  it('validates, subscribes and reads health', async () => {
    const report = await client.POST('/v1/validate', { body: fresh('client') });
    expect(report.data?.summary.valid).toBe(1);
    const subscription = await client.POST('/v1/subscriptions', {
      body: { url: 'http://127.0.0.1:9/never', documentTypes: ['ShortageNotice'] },
    });
    expect(subscription.response.status).toBe(201);
    expect(subscription.data?.secret).toBeTypeOf('string');
    const health = await client.GET('/v1/health');
    expect(health.data?.store).toBe('pglite');
    await client.DELETE('/v1/subscriptions/{id}', { params: { path: { id: subscription.data!.id } } });
  });
});

describe('Java, Python, C# and Go clients (pnpm clients:generate)', () => {
  const config = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'openapitools.json'), 'utf8'));

  it('configures one generator per language, all from the bundled OpenAPI document', () => {
    const generators = config['generator-cli'].generators;
    expect(Object.keys(generators).sort()).toEqual(['csharp', 'go', 'java', 'python']);
    for (const generator of Object.values<{ inputSpec: string }>(generators))
      expect(generator.inputSpec).toBe('../openapi/dist/openapi.json');
  });

  // openapi-generator-cli downloads its generator jar from Maven Central on first use and needs a JRE;
  // neither is available on the machines this suite runs on, so generation itself is not run here.
  it.skip('SKIPPED: generating them needs the openapi-generator jar, which cannot be downloaded here (run `pnpm clients:generate` with network access and Java 11+)', () => {});
});
