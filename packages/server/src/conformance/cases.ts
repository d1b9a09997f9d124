/**
 * The contract suite: each case checks one requirement of the exchange API against any server.
 * Every answer is also checked against the OpenAPI document. Cases use documents with fresh ids
 * and a sender unique to the run, so they can run against a server that holds other data.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemasRoot } from '@medsupply/schema-registry';
import type { Validator } from '@medsupply/validators';
import type { ResponseChecker } from '../openapi-check.js';

/** The verdict on one case. */
export interface CaseResult {
  id: string;
  /** The requirement the case checks, in one sentence. */
  requirement: string;
  passed: boolean;
  /** Why it failed (empty when it passed). */
  failures: string[];
  ms: number;
}

/** What a case gets. */
export interface CaseContext {
  base: string;
  token?: string;
  /** Sender identifier value unique to this run. */
  sender: string;
  validator: Validator;
  checker: ResponseChecker;
  /** How long to wait for a bulk job to finish (ms). */
  bulkTimeoutMs: number;
}

/** A response with its body as text, checked against the OpenAPI document. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a vendor's answer is arbitrary JSON; each case checks what it needs
  json: any;
}

/** Thrown by `must` to fail a case with a readable reason. */
class Failed extends Error {}

export function must(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Failed(message);
}

/** Sends a request; notes any way the answer departs from the OpenAPI document in `problems`. */
export async function request(
  context: CaseContext,
  problems: string[],
  method: string,
  path: string,
  body?: { type: string; data: string },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(new URL(path, context.base), {
    method,
    headers: {
      ...(context.token ? { authorization: `Bearer ${context.token}` } : {}),
      ...(body ? { 'content-type': body.type } : {}),
      ...headers,
    },
    ...(body ? { body: body.data } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const pathOnly = path.split('?')[0]!;
  for (const problem of context.checker({
    method,
    path: pathOnly,
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: text,
  }))
    problems.push(`${method} ${pathOnly}: answer departs from the OpenAPI document: ${problem}`);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

/** Valid fixtures of the latest release, as originals. */
function fixtures(): Record<string, unknown>[] {
  const root = join(schemasRoot(), 'fixtures', '1.0.0');
  return readdirSync(root)
    .sort()
    .flatMap((type) =>
      readdirSync(join(root, type, 'valid'))
        .sort()
        .map(
          (file) =>
            JSON.parse(readFileSync(join(root, type, 'valid', file), 'utf8')) as Record<string, unknown>,
        ),
    )
    .filter((doc) => doc.documentStatus === 'original');
}

let cache: Record<string, unknown>[] | undefined;

/** A valid document with a fresh id from the run's sender. */
export function validDocument(context: CaseContext, index = 0): Record<string, unknown> {
  cache ??= fixtures();
  const doc = structuredClone(cache[index % cache.length]!);
  doc.documentId = randomUUID();
  doc.sender = { identifier: { system: 'https://schemas.medsupply.org/conformance', value: context.sender } };
  return doc;
}

const json = (value: unknown) => ({ type: 'application/json', data: JSON.stringify(value) });
const ndjson = (lines: string[]) => ({ type: 'application/x-ndjson', data: `${lines.join('\n')}\n` });

async function waitForJob(context: CaseContext, problems: string[], location: string): Promise<Answer> {
  const deadline = Date.now() + context.bulkTimeoutMs;
  for (;;) {
    const job = await request(context, problems, 'GET', location);
    must(job.status === 200, `GET ${location} answered ${job.status}, expected 200`);
    if (job.json?.status !== 'running') return job;
    must(Date.now() < deadline, `the bulk job was still running after ${context.bulkTimeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function listAll(
  context: CaseContext,
  problems: string[],
  query: string,
  limit: number,
): Promise<string[]> {
  const ids: string[] = [];
  let url: string | null = `/v1/documents?${query}&limit=${limit}`;
  for (let pages = 0; url && pages < 1000; pages++) {
    const page = await request(context, problems, 'GET', url);
    must(page.status === 200, `GET ${url} answered ${page.status}`);
    must(Array.isArray(page.json?.items), `GET ${url}: no items array`);
    ids.push(...page.json.items.map((i: { documentId: string }) => i.documentId));
    url = page.json.next
      ? `/v1/documents?${query}&limit=${limit}&cursor=${encodeURIComponent(page.json.next)}`
      : null;
  }
  return ids;
}

/** One case: its id, the requirement, and the check (throws to fail; pushes OpenAPI departures). */
export interface Case {
  id: string;
  requirement: string;
  run(context: CaseContext, problems: string[]): Promise<void>;
}

/** Every case, in the order they run. */
export const CASES: readonly Case[] = [
  {
    id: 'health',
    requirement: 'GET /v1/health answers 200 with the store and the advertised limits',
    async run(context, problems) {
      const health = await request(context, problems, 'GET', '/v1/health');
      must(health.status === 200, `answered ${health.status}`);
      must(typeof health.json?.limits?.maxDocumentBytes === 'number', 'no limits.maxDocumentBytes');
    },
  },
  {
    id: 'openapi',
    requirement: 'GET /v1/openapi.json serves an OpenAPI 3.1 document',
    async run(context, problems) {
      const spec = await request(context, problems, 'GET', '/v1/openapi.json');
      must(spec.status === 200, `answered ${spec.status}`);
      must(String(spec.json?.openapi).startsWith('3.1'), `openapi is ${spec.json?.openapi}`);
    },
  },
  {
    id: 'valid',
    requirement:
      'a valid document is stored (201 with Location) and read back byte for byte, with an ETag that answers 304',
    async run(context, problems) {
      const doc = validDocument(context);
      const text = JSON.stringify(doc, null, 1);
      const created = await request(context, problems, 'POST', '/v1/documents', {
        type: 'application/json',
        data: text,
      });
      must(created.status === 201, `POST answered ${created.status}, expected 201`);
      must(
        created.headers.get('location') === `/v1/documents/${doc.documentId}`,
        'Location does not name the document',
      );
      const read = await request(context, problems, 'GET', `/v1/documents/${doc.documentId}`);
      must(read.status === 200, `GET answered ${read.status}`);
      must(read.text === text, 'the body read back differs from the bytes submitted');
      const etag = read.headers.get('etag');
      must(etag, 'no ETag');
      const again = await request(context, problems, 'GET', `/v1/documents/${doc.documentId}`, undefined, {
        'if-none-match': etag,
      });
      must(again.status === 304, `If-None-Match answered ${again.status}, expected 304`);
    },
  },
  {
    id: 'duplicate-identical',
    requirement:
      'the identical document submitted again answers 200 with the same receipt and stores nothing new',
    async run(context, problems) {
      const doc = validDocument(context, 1);
      const first = await request(context, problems, 'POST', '/v1/documents', json(doc));
      must(first.status === 201, `first POST answered ${first.status}`);
      const second = await request(context, problems, 'POST', '/v1/documents', json(doc));
      must(second.status === 200, `second POST answered ${second.status}, expected 200`);
      must(second.json?.sequence === first.json?.sequence, 'the receipts name different stored documents');
    },
  },
  {
    id: 'duplicate-conflict',
    requirement:
      'different content under a stored documentId answers 409 and the stored document is unchanged',
    async run(context, problems) {
      const doc = validDocument(context, 2);
      must(
        (await request(context, problems, 'POST', '/v1/documents', json(doc))).status === 201,
        'first POST failed',
      );
      const changed = { ...doc, confidentiality: doc.confidentiality === 'public' ? 'restricted' : 'public' };
      const conflict = await request(context, problems, 'POST', '/v1/documents', json(changed));
      must(conflict.status === 409, `answered ${conflict.status}, expected 409`);
      const read = await request(context, problems, 'GET', `/v1/documents/${doc.documentId}`);
      must(read.json?.confidentiality === doc.confidentiality, 'the stored document changed');
    },
  },
  {
    id: 'invalid',
    requirement:
      'an invalid document answers 422 problem+json naming every error at its JSON Pointer, and is not stored',
    async run(context, problems) {
      const doc = validDocument(context, 3);
      doc.createdAt = '2025-02-30T10:00:00Z';
      delete doc.confidentiality;
      doc.unexpectedMember = true;
      const expected = context.validator
        .validate(doc)
        .issues.filter((i) => i.severity === 'error')
        .map((i) => i.path);
      const refused = await request(context, problems, 'POST', '/v1/documents', json(doc));
      must(refused.status === 422, `answered ${refused.status}, expected 422`);
      must(
        refused.headers.get('content-type')?.startsWith('application/problem+json'),
        'not application/problem+json',
      );
      const paths = new Set((refused.json?.issues ?? []).map((i: { path: string }) => i.path));
      const missing = expected.filter((p) => !paths.has(p));
      must(missing.length === 0, `issues do not name ${missing.join(', ')}`);
      const read = await request(context, problems, 'GET', `/v1/documents/${doc.documentId}`);
      must(read.status === 404, `the invalid document can be read (${read.status})`);
    },
  },
  {
    id: 'malformed',
    requirement: 'a body that is not JSON answers 400 and an unknown document 404',
    async run(context, problems) {
      const bad = await request(context, problems, 'POST', '/v1/documents', {
        type: 'application/json',
        data: '{"a": ',
      });
      must(bad.status === 400, `malformed JSON answered ${bad.status}, expected 400`);
      const unknown = await request(context, problems, 'GET', `/v1/documents/${randomUUID()}`);
      must(unknown.status === 404, `an unknown document answered ${unknown.status}, expected 404`);
    },
  },
  {
    id: 'concurrent',
    requirement: 'twenty simultaneous submissions of one document store it once: one 201, nineteen 200',
    async run(context, problems) {
      const doc = validDocument(context, 4);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => request(context, problems, 'POST', '/v1/documents', json(doc))),
      );
      const created = answers.filter((a) => a.status === 201).length;
      const identical = answers.filter((a) => a.status === 200).length;
      must(created === 1 && identical === 19, `got ${created}×201 and ${identical}×200`);
      const ids = await listAll(context, problems, `sender=${encodeURIComponent(context.sender)}`, 1000);
      must(ids.filter((id) => id === doc.documentId).length === 1, 'the document is listed more than once');
    },
  },
  {
    id: 'paging',
    requirement:
      'paging with cursors returns every document once, in order, while documents are added, with a Link header',
    async run(context, problems) {
      const sender = `${context.sender}-paging`;
      const own = { ...context, sender };
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const doc = validDocument(own, i);
        ids.push(doc.documentId as string);
        must(
          (await request(context, problems, 'POST', '/v1/documents', json(doc))).status === 201,
          'POST failed',
        );
      }
      const first = await request(
        context,
        problems,
        'GET',
        `/v1/documents?sender=${encodeURIComponent(sender)}&limit=2`,
      );
      must(first.status === 200 && first.json?.items?.length === 2, 'the first page does not hold 2 items');
      must(typeof first.json.next === 'string', 'no next cursor on a full page');
      must(/rel="?next"?/.test(first.headers.get('link') ?? ''), 'no Link rel="next" header');
      const late = validDocument(own, 5);
      ids.push(late.documentId as string);
      must(
        (await request(context, problems, 'POST', '/v1/documents', json(late))).status === 201,
        'POST failed',
      );
      const seen = first.json.items.map((i: { documentId: string }) => i.documentId);
      let next: string | null = first.json.next;
      while (next) {
        const page = await request(
          context,
          problems,
          'GET',
          `/v1/documents?sender=${encodeURIComponent(sender)}&limit=2&cursor=${encodeURIComponent(next)}`,
        );
        must(page.status === 200, `a page answered ${page.status}`);
        seen.push(...page.json.items.map((i: { documentId: string }) => i.documentId));
        next = page.json.next;
        must(seen.length <= 100, 'paging does not end');
      }
      must(
        JSON.stringify(seen) === JSON.stringify(ids),
        `paged ${seen.length} ids, expected the ${ids.length} submitted, in order`,
      );
      const bad = await request(context, problems, 'GET', '/v1/documents?cursor=not-a-cursor');
      must(bad.status === 400, `a forged cursor answered ${bad.status}, expected 400`);
    },
  },
  {
    id: 'bulk-best-effort',
    requirement:
      'a best-effort NDJSON bulk answers 202 + Location; the job stores the valid records and reports the others by line',
    async run(context, problems) {
      const sender = `${context.sender}-bulk`;
      const docs = [0, 1, 2].map((i) => validDocument({ ...context, sender }, i));
      const invalid = { ...validDocument({ ...context, sender }, 3), documentType: 'NoSuchType' };
      const posted = await request(
        context,
        problems,
        'POST',
        '/v1/bulk',
        ndjson([
          JSON.stringify(docs[0]),
          '{"broken": ',
          JSON.stringify(docs[1]),
          JSON.stringify(invalid),
          JSON.stringify(docs[2]),
        ]),
      );
      must(posted.status === 202, `answered ${posted.status}, expected 202`);
      const location = posted.headers.get('location');
      must(location?.startsWith('/v1/bulk/'), 'no Location /v1/bulk/{id}');
      const job = await waitForJob(context, problems, location ?? '');
      must(job.json.status === 'done', `job ended ${job.json.status}`);
      must(
        job.json.received === 5 && job.json.accepted === 3 && job.json.rejected === 2,
        `received/accepted/rejected ${job.json.received}/${job.json.accepted}/${job.json.rejected}, expected 5/3/2`,
      );
      const lines = (job.json.results ?? [])
        .filter((r: { outcome: string }) => r.outcome === 'invalid')
        .map((r: { line: number }) => r.line);
      must(
        JSON.stringify(lines) === '[2,4]',
        `invalid lines reported ${JSON.stringify(lines)}, expected [2,4]`,
      );
      const ids = await listAll(context, problems, `sender=${encodeURIComponent(sender)}`, 100);
      must(ids.length === 3, `${ids.length} documents stored, expected 3`);
    },
  },
  {
    id: 'bulk-all-or-nothing',
    requirement: 'an all-or-nothing bulk with one invalid record stores nothing; without it, everything',
    async run(context, problems) {
      const sender = `${context.sender}-atomic`;
      const docs = [0, 1, 2].map((i) => validDocument({ ...context, sender }, i));
      const broken = { ...validDocument({ ...context, sender }, 3), createdAt: 'yesterday' };
      const refused = await request(
        context,
        problems,
        'POST',
        '/v1/bulk?mode=all-or-nothing',
        ndjson([...docs.map((d) => JSON.stringify(d)), JSON.stringify(broken)]),
      );
      must(refused.status === 202, `answered ${refused.status}, expected 202`);
      const failed = await waitForJob(context, problems, refused.headers.get('location') ?? '');
      must(failed.json.accepted === 0, `accepted ${failed.json.accepted}, expected 0`);
      must(
        (await listAll(context, problems, `sender=${encodeURIComponent(sender)}`, 100)).length === 0,
        'documents of the refused bulk were stored',
      );
      const accepted = await request(
        context,
        problems,
        'POST',
        '/v1/bulk?mode=all-or-nothing',
        ndjson(docs.map((d) => JSON.stringify(d))),
      );
      const done = await waitForJob(context, problems, accepted.headers.get('location') ?? '');
      must(done.json.accepted === 3, `accepted ${done.json.accepted}, expected 3`);
    },
  },
  {
    id: 'validate',
    requirement: 'POST /v1/validate answers the validation report without storing anything',
    async run(context, problems) {
      const doc = validDocument(context, 5);
      doc.documentStatus = 'replace';
      const report = await request(context, problems, 'POST', '/v1/validate', json(doc));
      must(report.status === 200, `answered ${report.status}`);
      must(report.json?.summary?.invalid === 1, 'the summary does not count one invalid record');
      const codes = (report.json?.results?.[0]?.issues ?? []).map((i: { code: string }) => i.code);
      must(codes.includes('SUPERSEDES_REQUIRED'), `issues ${codes.join(', ')} lack SUPERSEDES_REQUIRED`);
      const read = await request(context, problems, 'GET', `/v1/documents/${doc.documentId}`);
      must(read.status === 404, 'validate stored the document');
    },
  },
];

export { Failed };
