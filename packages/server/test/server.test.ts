/**
 * The exchange server against both stores, with one suite: embedded PostgreSQL (PGlite) always, a
 * PostgreSQL server when DATABASE_URL is set. Every answer is checked against the OpenAPI document.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { schemasRoot } from '@medsupply/schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MedsupplyServer, createServer } from '../src/app.js';
import { parseTokenFile } from '../src/auth.js';
import { openStore } from '../src/store/index.js';
import type { DocumentStore } from '../src/store/types.js';
import { type Answer, call, freshDocument, submit } from './support.js';

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL)
  process.stderr.write(
    'server tests: PostgreSQL store SKIPPED: DATABASE_URL is not set (the embedded store still runs)\n',
  );

async function openPostgresForTest(url: string): Promise<DocumentStore> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // A clean database for each run of the suite.
  await client.query(
    'DROP TABLE IF EXISTS medsupply_deliveries, medsupply_subscriptions, medsupply_bulk_results, medsupply_bulk_jobs, medsupply_documents CASCADE',
  );
  await client.end();
  return openStore({ databaseUrl: url });
}

const STORES = [
  { name: 'embedded PostgreSQL (PGlite)', skip: false, open: () => openStore({}) },
  {
    name: DATABASE_URL
      ? 'PostgreSQL server (DATABASE_URL)'
      : 'PostgreSQL server — SKIPPED: DATABASE_URL is not set',
    skip: !DATABASE_URL,
    open: () => openPostgresForTest(DATABASE_URL!),
  },
];

for (const kind of STORES) {
  describe.skipIf(kind.skip)(`exchange server on ${kind.name}`, () => {
    let store: DocumentStore;
    let server: MedsupplyServer;
    let app: MedsupplyServer['app'];

    beforeAll(async () => {
      store = await kind.open();
      server = await createServer({ store, webhooks: { backoffMs: 50, pollMs: 50 } });
      app = server.app;
    }, 300_000);
    afterAll(async () => {
      await server?.close();
      await store?.close();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      call(app, { method: 'GET', url, headers });
    const bulk = async (lines: string[], mode?: string): Promise<Answer> => {
      const posted = await call(app, {
        method: 'POST',
        url: `/v1/bulk${mode ? `?mode=${mode}` : ''}`,
        headers: { 'content-type': 'application/x-ndjson' },
        payload: `${lines.join('\n')}\n`,
      });
      expect(posted.status).toBe(202);
      await server.idle();
      return get(posted.headers.location as string);
    };

    it('stores a valid document (201), reads it back byte for byte, and answers 200 to the identical one', async () => {
      const doc = freshDocument('roundtrip');
      const text = JSON.stringify(doc, null, 3);
      const created = await submit(app, text);
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        documentId: doc.documentId,
        outcome: 'created',
        status: 'active',
      });
      expect(created.headers.location).toBe(`/v1/documents/${doc.documentId}`);

      const again = await submit(app, JSON.stringify(doc));
      expect(again.status).toBe(200);
      expect(again.json.outcome).toBe('identical');
      expect(again.json.sequence).toBe(created.json.sequence);

      const read = await get(`/v1/documents/${doc.documentId}`);
      expect(read.status).toBe(200);
      expect(read.text).toBe(text);
      expect(read.headers.etag).toBe(created.headers.etag);
      expect(read.headers['medsupply-status']).toBe('active');
      const notModified = await get(`/v1/documents/${doc.documentId}`, {
        'if-none-match': read.headers.etag as string,
      });
      expect(notModified.status).toBe(304);
    });

    it('refuses different content under a stored documentId with 409 and keeps the first', async () => {
      const doc = freshDocument('conflict');
      expect((await submit(app, doc)).status).toBe(201);
      const changed = { ...doc, confidentiality: doc.confidentiality === 'public' ? 'restricted' : 'public' };
      const conflict = await submit(app, changed);
      expect(conflict.status).toBe(409);
      expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(conflict.json.code).toBe('DOCUMENT_ID_CONFLICT');
      expect(JSON.parse((await get(`/v1/documents/${doc.documentId}`)).text)).toEqual(doc);
    });

    it('refuses an invalid document with 422 naming the JSON Pointer, and never stores it', async () => {
      const doc = freshDocument('invalid');
      (doc as Record<string, unknown>).createdAt = '2025-02-30T10:00:00Z';
      delete (doc as Record<string, unknown>).confidentiality;
      const refused = await submit(app, doc);
      expect(refused.status).toBe(422);
      expect(refused.json.code).toBe('DOCUMENT_INVALID');
      const paths = refused.json.issues.map((i: { path: string }) => i.path);
      expect(paths).toContain('/createdAt');
      expect(paths).toContain('/confidentiality');
      expect((await get(`/v1/documents/${doc.documentId}`)).status).toBe(404);
      expect((await get('/v1/documents?sender=invalid')).json.items).toEqual([]);
    });

    it('answers 400 to malformed JSON and 415 to another media type', async () => {
      const malformed = await submit(app, '{"documentId": ');
      expect(malformed.status).toBe(400);
      expect(malformed.json.issues[0].code).toBe('JSON_SYNTAX');
      const wrongType = await call(app, {
        method: 'POST',
        url: '/v1/documents',
        headers: { 'content-type': 'text/plain' },
        payload: '{}',
      });
      expect(wrongType.status).toBe(415);
    });

    it('marks a document replaced, then its replacement cancelled, and refuses a second replacement', async () => {
      const original = freshDocument('lifecycle');
      expect((await submit(app, original)).status).toBe(201);
      const replacement = {
        ...original,
        documentId: randomUUID(),
        documentStatus: 'replace',
        supersedes: original.documentId,
      };
      expect((await submit(app, replacement)).status).toBe(201);
      const first = await get(`/v1/documents/${original.documentId}`);
      expect(first.headers['medsupply-status']).toBe('replaced');
      expect(first.headers['medsupply-replaced-by']).toBe(replacement.documentId);

      const second = {
        ...original,
        documentId: randomUUID(),
        documentStatus: 'replace',
        supersedes: original.documentId,
      };
      const refused = await submit(app, second);
      expect(refused.status).toBe(409);
      expect(refused.json.code).toBe('ALREADY_SUPERSEDED');

      const cancel = {
        ...original,
        documentId: randomUUID(),
        documentStatus: 'cancel',
        supersedes: replacement.documentId,
      };
      expect((await submit(app, cancel)).status).toBe(201);
      const cancelled = await get('/v1/documents?sender=lifecycle&status=cancelled');
      expect(cancelled.json.items.map((i: { documentId: string }) => i.documentId)).toEqual([
        replacement.documentId,
      ]);
    });

    it('stores one document when twenty clients submit it at once', async () => {
      const doc = freshDocument('concurrent');
      const answers = await Promise.all(Array.from({ length: 20 }, () => submit(app, doc)));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(19);
      expect(new Set(answers.map((a) => a.json.sequence)).size).toBe(1);
      expect((await get('/v1/documents?sender=concurrent')).json.items).toHaveLength(1);
    });

    it('pages completely, without repeats, while documents are being added', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const doc = freshDocument('paging', i);
        ids.push(doc.documentId as string);
        expect((await submit(app, doc)).status).toBe(201);
      }
      const seen: string[] = [];
      let url: string | undefined = '/v1/documents?sender=paging&limit=3';
      let added = 0;
      while (url) {
        const page = await get(url);
        expect(page.status).toBe(200);
        seen.push(...page.json.items.map((i: { documentId: string }) => i.documentId));
        if (page.json.next) {
          expect(page.headers.link).toBe(
            `<${url.replace(/&cursor=[^&]*/, '')}&cursor=${page.json.next}>; rel="next"`,
          );
          url = (page.headers.link as string).slice(1, (page.headers.link as string).indexOf('>'));
        } else url = undefined;
        if (added < 2) {
          const doc = freshDocument('paging', 10 + added++);
          ids.push(doc.documentId as string);
          expect((await submit(app, doc)).status).toBe(201);
        }
      }
      expect(seen).toEqual(ids);
      // Storage order is numeric (a text sort would put 10 before 9).
      const all = (await get('/v1/documents?limit=1000')).json.items.map((i: { sequence: string }) =>
        BigInt(i.sequence),
      );
      expect(all.length).toBeGreaterThan(10);
      expect(all).toEqual([...all].sort((a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)));
      expect((await get('/v1/documents?cursor=not-a-cursor')).status).toBe(400);
      expect((await get('/v1/documents?limit=0')).status).toBe(400);
    });

    it('filters by document type, product, location, time and status', async () => {
      const docs = [0, 1, 2, 3, 4, 5].map((i) => freshDocument('filters', i * 7));
      for (const doc of docs) expect((await submit(app, doc)).status).toBe(201);
      const type = docs[0]!.documentType as string;
      const byType = await get(`/v1/documents?sender=filters&documentType=${type}`);
      expect(byType.json.items.length).toBe(docs.filter((d) => d.documentType === type).length);
      expect(byType.json.items.every((i: { documentType: string }) => i.documentType === type)).toBe(true);

      const notice = docs.find((d) => d.documentType === 'ShortageNotice') ?? freshDocument('filters', 0);
      const gtin = JSON.stringify(notice).match(
        /"system":"https:\/\/www\.gs1\.org\/gtin","value":"(\d+)"/,
      )?.[1];
      if (gtin) {
        const byProduct = await get(`/v1/documents?sender=filters&product=${gtin}`);
        expect(byProduct.json.items.length).toBeGreaterThan(0);
        const none = await get('/v1/documents?sender=filters&product=00000000000000');
        expect(none.json.items).toEqual([]);
      }
      const future = await get('/v1/documents?sender=filters&from=2999-01-01T00:00:00Z');
      expect(future.json.items).toEqual([]);
      const past = await get('/v1/documents?sender=filters&to=2999-01-01T00:00:00Z');
      expect(past.json.items).toHaveLength(docs.length);
      expect((await get('/v1/documents?sender=filters&location=no-such-place')).json.items).toEqual([]);
      expect((await get('/v1/documents?status=bogus')).status).toBe(400);
    });

    it('ingests a best-effort bulk: stores the valid records and reports every other one by line', async () => {
      const valid = [0, 1, 2].map((i) => freshDocument('bulk-best', i));
      const invalid = { ...freshDocument('bulk-best'), documentType: 'NoSuchType' };
      const lines = [
        JSON.stringify(valid[0]),
        '{"broken": ',
        JSON.stringify(valid[1]),
        JSON.stringify(invalid),
        JSON.stringify(valid[2]),
        JSON.stringify(valid[0]),
      ];
      const job = await bulk(lines);
      expect(job.json).toMatchObject({ status: 'done', received: 6, accepted: 3, identical: 1, rejected: 2 });
      expect(job.json.results.map((r: { line: number; outcome: string }) => [r.line, r.outcome])).toEqual([
        [2, 'invalid'],
        [4, 'invalid'],
        [6, 'identical'],
      ]);
      expect(job.json.results[1].issues[0].path).toBe('/documentType');
      expect((await get('/v1/documents?sender=bulk-best')).json.items).toHaveLength(3);
    });

    it('stores nothing of an all-or-nothing bulk with one invalid record, and everything of a valid one', async () => {
      const docs = [0, 1, 2, 3].map((i) => freshDocument('bulk-atomic', i));
      const broken = { ...docs[3]!, createdAt: 'yesterday' };
      const failed = await bulk(
        [...docs.slice(0, 3).map((d) => JSON.stringify(d)), JSON.stringify(broken)],
        'all-or-nothing',
      );
      expect(failed.json).toMatchObject({ status: 'done', received: 4, accepted: 0, rejected: 4 });
      expect(failed.json.results).toHaveLength(1);
      expect(failed.json.results[0]).toMatchObject({ line: 4, outcome: 'invalid' });
      expect((await get('/v1/documents?sender=bulk-atomic')).json.items).toEqual([]);

      const passed = await bulk(
        docs.map((d) => JSON.stringify(d)),
        'all-or-nothing',
      );
      expect(passed.json).toMatchObject({ status: 'done', received: 4, accepted: 4, rejected: 0 });
      expect((await get('/v1/documents?sender=bulk-atomic')).json.items).toHaveLength(4);
      const jobs = await get('/v1/bulk?limit=5');
      expect(jobs.json.items.map((j: { id: string }) => j.id)).toContain(passed.json.id);
    });

    it('pages a bulk job’s per-record results', async () => {
      const job = await bulk(Array.from({ length: 5 }, (_, i) => `{"n": ${i}}`));
      expect(job.json.rejected).toBe(5);
      const first = await get(`/v1/bulk/${job.json.id}?resultsLimit=2`);
      expect(first.json.results.map((r: { index: number }) => r.index)).toEqual([0, 1]);
      const second = await get(
        `/v1/bulk/${job.json.id}?resultsLimit=2&resultsCursor=${first.json.resultsNext}`,
      );
      expect(second.json.results.map((r: { index: number }) => r.index)).toEqual([2, 3]);
      expect((await get(`/v1/bulk/${randomUUID()}`)).status).toBe(404);
    });

    it('validates without storing and answers the report of medsupply validate --format json', async () => {
      const good = freshDocument('validate');
      const bad = { ...freshDocument('validate'), documentStatus: 'replace' };
      const report = await call(app, {
        method: 'POST',
        url: '/v1/validate',
        headers: { 'content-type': 'application/x-ndjson' },
        payload: `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`,
      });
      expect(report.status).toBe(200);
      expect(report.json.summary).toMatchObject({ records: 2, valid: 1, invalid: 1 });
      expect(report.json.results[1]).toMatchObject({ line: 2, valid: false });
      expect(report.json.results[1].issues.map((i: { code: string }) => i.code)).toContain(
        'SUPERSEDES_REQUIRED',
      );
      expect((await get('/v1/documents?sender=validate')).json.items).toEqual([]);
    });

    it('delivers new documents of subscribed types to a webhook, signed, in order, retrying failures', async () => {
      const received: { body: string; signature: string; delivery: string }[] = [];
      let failFirst = 2;
      const hook = createHttpServer(async (request: IncomingMessage, response) => {
        let body = '';
        for await (const chunk of request) body += chunk;
        if (failFirst-- > 0) {
          response.writeHead(503).end();
          return;
        }
        received.push({
          body,
          signature: String(request.headers['medsupply-signature']),
          delivery: String(request.headers['medsupply-delivery']),
        });
        response.writeHead(204).end();
      });
      await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
      try {
        const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
        const docs = [0, 1, 2].map((i) => freshDocument('webhook', i * 7));
        const types = [...new Set(docs.map((d) => d.documentType as string))];
        const created = await call(app, {
          method: 'POST',
          url: '/v1/subscriptions',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ url, documentTypes: types }),
        });
        expect(created.status).toBe(201);
        const secret = created.json.secret as string;
        expect(secret.length).toBeGreaterThan(20);
        for (const doc of docs) expect((await submit(app, doc)).status).toBe(201);
        const deadline = Date.now() + 20_000;
        while (received.length < docs.length && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        expect(received.map((r) => JSON.parse(r.body).documentId)).toEqual(docs.map((d) => d.documentId));
        for (const r of received) {
          const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature)!;
          expect(createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex')).toBe(v1);
          expect(JSON.parse(r.body).document).toEqual(
            docs.find((d) => d.documentId === JSON.parse(r.body).documentId),
          );
        }
        // The receiver answers before the server records the delivery: wait for the record.
        let state = await get(`/v1/subscriptions/${created.json.id}`);
        while (state.json.delivered < 3 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
          state = await get(`/v1/subscriptions/${created.json.id}`);
        }
        expect(state.json).toMatchObject({ pending: 0, delivered: 3 });
        expect(state.json.secret).toBeUndefined();
        const invalid = await call(app, {
          method: 'POST',
          url: '/v1/subscriptions',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ url: 'ftp://example.org', documentTypes: ['Nope'] }),
        });
        expect(invalid.status).toBe(422);
        expect(invalid.json.issues.map((i: { path: string }) => i.path)).toEqual(['/url', '/documentTypes']);
        expect(
          (await call(app, { method: 'DELETE', url: `/v1/subscriptions/${created.json.id}` })).status,
        ).toBe(204);
        expect((await get(`/v1/subscriptions/${created.json.id}`)).status).toBe(404);
      } finally {
        hook.close();
      }
    });

    it('requires a bearer token with the operation’s scope when tokens are configured', async () => {
      const tokens = parseTokenFile(
        JSON.stringify({
          tokens: [
            { name: 'reader', token: 'reader-token-0123456789', scopes: ['read'] },
            { name: 'root', token: 'admin-token-0123456789', scopes: ['admin'] },
          ],
        }),
      );
      const guarded = await createServer({ store, tokens });
      try {
        const doc = freshDocument('auth');
        const post = (token?: string) =>
          call(guarded.app, {
            method: 'POST',
            url: '/v1/documents',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            payload: JSON.stringify(doc),
          });
        const anonymous = await post();
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers['www-authenticate']).toBe('Bearer');
        expect((await post('reader-token-0123456789')).status).toBe(403);
        expect((await post('admin-token-0123456789')).status).toBe(201);
        const read = await call(guarded.app, {
          method: 'GET',
          url: `/v1/documents/${doc.documentId}`,
          headers: { authorization: 'Bearer reader-token-0123456789' },
        });
        expect(read.status).toBe(200);
        expect((await call(guarded.app, { method: 'GET', url: '/v1/health' })).status).toBe(200);
      } finally {
        await guarded.close();
      }
    });

    it('answers 413 past the advertised limits and advertises them', async () => {
      const small = await createServer({ store, limits: { maxDocumentBytes: 512, maxBulkBytes: 1024 } });
      try {
        const health = await call(small.app, { method: 'GET', url: '/v1/health' });
        expect(health.json.limits).toMatchObject({ maxDocumentBytes: 512, maxBulkBytes: 1024 });
        expect(health.json.store).toBe(store.kind);
        const big = await call(small.app, {
          method: 'POST',
          url: '/v1/documents',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(freshDocument('limits')),
        });
        expect(big.status).toBe(413);
        expect(big.json.limit).toBe(512);
        const bigBulk = await call(small.app, {
          method: 'POST',
          url: '/v1/bulk',
          headers: { 'content-type': 'application/x-ndjson' },
          payload: 'x'.repeat(2048),
        });
        expect(bigBulk.status).toBe(413);
        expect(String(big.headers['medsupply-limits'])).toContain('document=512');
      } finally {
        await small.close();
      }
    });

    it('serves the bundled OpenAPI document and answers unknown routes with a problem', async () => {
      const spec = await get('/v1/openapi.json');
      expect(spec.json.openapi).toBe('3.1.0');
      expect(Object.keys(spec.json.paths)).toContain('/v1/bulk/{id}');
      const missing = await app.inject({ method: 'GET', url: '/v2/nothing' });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('serves the metrics of the stored documents as `medsupply metrics --format json` does, and the dashboard', async () => {
      const snapshot = readFileSync(
        join(schemasRoot(), 'fixtures', '1.0.0', 'stock-report', 'valid', 'national-warehouse-snapshot.json'),
        'utf8',
      );
      const doc = JSON.parse(snapshot);
      doc.documentId = randomUUID();
      expect((await submit(app, JSON.stringify(doc))).status).toBe(201);
      const metrics = await get('/v1/metrics?asOf=2030-01-01');
      expect(metrics.status).toBe(200);
      expect(metrics.json.skipped).toBe(0);
      const rates = metrics.json.metrics.filter((row: { metric: string }) => row.metric === 'stock-out-rate');
      expect(rates.length).toBeGreaterThan(0);
      expect(metrics.json.definitions.map((d: { id: string }) => d.id)).toContain('stock-out-rate');
      expect((await get('/v1/metrics?period=decade')).status).toBe(400);
      const dashboard = await get('/dashboard');
      expect(dashboard.status).toBe(200);
      expect(dashboard.headers['content-type']).toMatch(/^text\/html/);
      expect(dashboard.text).toContain('<html');
    });
  });
}
