import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issue } from '@medsupply/validators';
import { afterEach, describe, expect, it } from 'vitest';
import type { FhirBundle, FhirBundleEntry, FhirBundleRequest } from '../types.js';
import { FhirExchangeClient } from './client.js';
import {
  type PushDocumentReport,
  type ToFhirBundle,
  isIdempotentEntry,
  pushBundle,
  pushDocuments,
} from './push.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that answers every POST with the next scripted (status, body) and records request bodies. */
async function scripted(
  ...replies: [number, unknown][]
): Promise<{ client: FhirExchangeClient; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      const [status, body] = replies[Math.min(bodies.length - 1, replies.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/fhir+json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const client = new FhirExchangeClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    sleep: async () => {},
  });
  return { client, bodies };
}

const entry = (method: FhirBundleRequest['method'], url: string): FhirBundleEntry => ({
  request: { method, url },
});

const org = (value: string): FhirBundleEntry => ({
  fullUrl: `urn:uuid:${value}`,
  resource: { resourceType: 'Organization', identifier: [{ system: 'https://www.gs1.org/gln', value }] },
  request: {
    method: 'POST',
    url: 'Organization',
    ifNoneExist: `identifier=https://www.gs1.org/gln|${value}`,
  },
});

const transaction = (...entries: FhirBundleEntry[]): FhirBundle => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: entries,
});
const response = (...statuses: (string | { status: string; outcome?: unknown; location?: string })[]) => ({
  resourceType: 'Bundle',
  type: 'transaction-response',
  entry: statuses.map((s) => ({ response: typeof s === 'string' ? { status: s } : s })),
});

describe('isIdempotentEntry', () => {
  it('counts reads, keyed writes and conditional creates as safe to repeat', () => {
    expect(isIdempotentEntry(org('0614141000005'))).toBe(true);
    expect(isIdempotentEntry(entry('PUT', 'SupplyDelivery?identifier=x|1'))).toBe(true);
    expect(isIdempotentEntry(entry('DELETE', 'Basic/1'))).toBe(true);
    expect(isIdempotentEntry(entry('GET', 'Basic/1'))).toBe(true);
    expect(isIdempotentEntry(entry('POST', 'Organization'))).toBe(false);
    expect(isIdempotentEntry(entry('PATCH', 'Basic/1'))).toBe(false);
  });
});

describe('pushBundle', () => {
  it('reads each entry response: created, already there, updated, deleted, refused', async () => {
    const { client } = await scripted([
      200,
      response(
        { status: '201 Created', location: 'Organization/1/_history/1' },
        '200 OK',
        '200',
        '204 No Content',
        {
          status: '412 Precondition Failed',
          outcome: {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'conflict', diagnostics: 'Version mismatch' }],
          },
        },
      ),
    ]);
    const result = await pushBundle(
      client,
      transaction(
        org('0614141000005'),
        org('0614141000012'),
        entry('PUT', 'Basic?identifier=s|v'),
        entry('DELETE', 'Basic/9'),
        entry('PUT', 'Basic/7'),
      ),
    );
    expect(result.entries.map((e) => [e.entry, e.status, e.outcome])).toEqual([
      [0, 201, 'created'],
      [1, 200, 'exists'],
      [2, 200, 'updated'],
      [3, 204, 'deleted'],
      [4, 412, 'failed'],
    ]);
    expect(result.entries[0]).toMatchObject({
      resourceType: 'Organization',
      identifier: 'https://www.gs1.org/gln|0614141000005',
      location: 'Organization/1/_history/1',
    });
    expect(result.entries[2]).toMatchObject({
      resourceType: 'Basic',
      identifier: 's|v',
      request: 'PUT Basic',
    });
    expect(result.entries[4]?.diagnostics).toEqual(['Version mismatch']);
    expect(result.stored).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'FHIR_ENTRY_REJECTED',
        params: expect.objectContaining({ entry: 4, status: 412 }),
      }),
    ]);
  });

  it('does not trust a response whose entries do not match the request', async () => {
    const { client } = await scripted([200, response('201')]);
    const result = await pushBundle(client, transaction(org('0614141000005'), org('0614141000012')));
    expect(result.entries.map((e) => e.outcome)).toEqual(['unknown', 'unknown']);
    expect(result.issues[0]?.code).toBe('FHIR_RESPONSE_INVALID');
    expect(result.stored).toBe(false);
  });

  it('sends the Bundle type asked for', async () => {
    const { client, bodies } = await scripted([200, { ...response('201'), type: 'batch-response' }]);
    await pushBundle(client, transaction(org('0614141000005')), { bundleType: 'batch' });
    expect(bodies[0]).toMatchObject({ resourceType: 'Bundle', type: 'batch' });
  });

  it('falls back to a batch only when asked and only for a refusal a batch may get past', async () => {
    const refused: [number, unknown] = [
      400,
      {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'too-costly', diagnostics: 'Too many entries' }],
      },
    ];
    const ok: [number, unknown] = [200, { ...response('201', '201'), type: 'batch-response' }];
    const bundle = transaction(org('0614141000005'), org('0614141000012'));

    const strict = await scripted(refused, ok);
    expect((await pushBundle(strict.client, bundle)).stored).toBe(false);
    expect(strict.bodies).toHaveLength(1);

    const lenient = await scripted(refused, ok);
    const result = await pushBundle(lenient.client, bundle, { batchFallback: true });
    expect(lenient.bodies.map((b) => (b as { type: string }).type)).toEqual(['transaction', 'batch']);
    expect(result).toMatchObject({ bundleType: 'batch', stored: true, attempts: 2 });
    expect(result.issues[0]).toMatchObject({
      code: 'FHIR_BATCH_FALLBACK',
      severity: 'info',
      params: { diagnostics: ['Too many entries'] },
    });

    const unauthorised = await scripted(
      [401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] }],
      ok,
    );
    const denied = await pushBundle(unauthorised.client, bundle, { batchFallback: true });
    expect(unauthorised.bodies).toHaveLength(1);
    expect(denied.entries.every((e) => e.status === 401 && e.outcome === 'failed')).toBe(true);
  });
});

describe('pushDocuments', () => {
  const document = { documentType: 'Shipment', documentId: '5f0c8a52-1d2e-4c55-9d5c-1d1d2f3a4b5c' };
  const toFhir: ToFhirBundle = () => ({
    bundle: transaction(org('0614141000005')),
    issues: [issue('warning', 'SOME_WARNING', '/0/lines/1', 'kept')],
  });

  async function run(
    records: Parameters<typeof pushDocuments>[0],
    extra: Partial<Parameters<typeof pushDocuments>[1]> = {},
  ) {
    const { client, bodies } = await scripted([200, response('201')]);
    const reports: PushDocumentReport[] = [];
    for await (const report of pushDocuments(records, { client, fhirVersion: '4', toFhir, ...extra }))
      reports.push(report);
    return { reports, bodies };
  }

  it('sends each document as its own Bundle and labels the report', async () => {
    const { reports, bodies } = await run([
      { source: 'a.ndjson', index: 0, line: 1, value: document, issues: [] },
      { source: 'a.ndjson', index: 1, line: 2, value: { ...document, documentId: 'other' }, issues: [] },
    ]);
    expect(bodies).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      source: 'a.ndjson',
      index: 0,
      line: 1,
      documentType: 'Shipment',
      documentId: document.documentId,
      stored: true,
      attempts: 1,
    });
    // Mapping paths are made relative to the document.
    expect(reports[0]?.issues[0]).toMatchObject({ code: 'SOME_WARNING', path: '/lines/1' });
  });

  it('does not send records that did not read, did not pass the check, or did not map', async () => {
    const unreadable = {
      source: 'b.ndjson',
      index: 0,
      issues: [issue('error', 'JSON_SYNTAX', '', 'bad JSON')],
    };
    const invalid = {
      source: 'b.ndjson',
      index: 1,
      value: { ...document, documentId: 'invalid' },
      issues: [],
    };
    const unmappable = {
      source: 'b.ndjson',
      index: 2,
      value: { ...document, documentId: 'unmappable' },
      issues: [],
    };
    const { reports, bodies } = await run([unreadable, invalid, unmappable], {
      check: (d) =>
        (d as { documentId: string }).documentId === 'invalid'
          ? [issue('error', 'REQUIRED_PROPERTY', '/shipper', 'missing')]
          : [],
      toFhir: () => ({
        bundle: transaction(),
        issues: [issue('error', 'FHIR_DOCUMENT_INVALID', '/0', 'no')],
      }),
    });
    expect(bodies).toHaveLength(0);
    expect(reports.map((r) => r.stored)).toEqual([false, false, false]);
    expect(reports.map((r) => r.issues.map((i) => i.code))).toEqual([
      ['JSON_SYNTAX'],
      ['REQUIRED_PROPERTY'],
      ['FHIR_DOCUMENT_INVALID', 'FHIR_DOCUMENT_NOT_CONVERTED'],
    ]);
  });
});
