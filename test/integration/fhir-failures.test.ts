import { readFileSync } from 'node:fs';
/**
 * Failure paths of `fhir push|pull` against a real FHIR R4 server with injected faults: 400 with an
 * OperationOutcome, 429 then success (Retry-After honoured), 5xx, dropped connections, timeouts, a
 * transaction with one bad entry, a missing token, and paging that tries to leave the server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type FhirBundle,
  FhirExchangeClient,
  type FhirExchangeClientOptions,
  type PushDocumentReport,
  type PushRecord,
  type ToFhirBundle,
  canonicalToFhir,
  pullDocuments,
  pushBundle,
  pushDocuments,
} from '@medsupply/fhir';
import type { MedsupplyDocument } from '@medsupply/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FhirTestServer, startFhirServer } from '../../scripts/fhir-server/server.js';
import { repositoryRoot } from '../support/shared.js';

const SHIPMENTS = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0', 'shipment', 'valid');
/** A shipment whose R4 Bundle has organisations, locations, a product and one SupplyDelivery. */
const shipment = JSON.parse(
  readFileSync(join(SHIPMENTS, 'arrived-across-date-line.json'), 'utf8'),
) as MedsupplyDocument;
const record: PushRecord = { source: 'arrived-across-date-line.json', index: 0, value: shipment, issues: [] };
const STORED_TYPES = ['Organization', 'Location', 'Medication', 'SupplyDelivery'];

/** Fast retries for tests: same policy shape, short delays. */
function clientFor(
  server: FhirTestServer,
  options: Partial<FhirExchangeClientOptions> = {},
): FhirExchangeClient {
  return new FhirExchangeClient({
    baseUrl: server.baseUrl,
    timeoutMs: 5_000,
    retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 },
    ...options,
  });
}

async function pushOne(
  client: FhirExchangeClient,
  options: { batchFallback?: boolean; toFhir?: ToFhirBundle } = {},
): Promise<PushDocumentReport> {
  const reports: PushDocumentReport[] = [];
  for await (const report of pushDocuments([record], { client, fhirVersion: '4', ...options }))
    reports.push(report);
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

async function storedCount(server: FhirTestServer): Promise<number> {
  let count = 0;
  for (const type of STORED_TYPES) count += (await server.stored(type)).length;
  return count;
}

/** The mapping, with one entry of the Bundle broken the way a faulty mapper or feed would. */
const withBadDelivery: ToFhirBundle = (documents, options) => {
  const result = canonicalToFhir(documents, options);
  const entry = result.bundle.entry?.find((e) => e.resource?.resourceType === 'SupplyDelivery');
  if (entry?.resource !== undefined) entry.resource.bogusElement = true;
  return result;
};

describe('fhir push: failure paths', () => {
  let server: FhirTestServer;
  const entryCount = canonicalToFhir([shipment], { fhirVersion: '4' }).bundle.entry?.length ?? 0;

  beforeAll(async () => {
    server = await startFhirServer();
  });
  beforeEach(() => {
    server.reset();
  });
  afterAll(async () => {
    await server.close();
  });

  it('uses a Bundle of several entries, one of them the SupplyDelivery', () => {
    expect(entryCount).toBeGreaterThan(2);
    expect(entryCount).toBeLessThanOrEqual(8); // Medplum's limit for conditional transactions
  });

  it('400 with an OperationOutcome: reported per entry, not retried, nothing stored', async () => {
    server.inject({
      status: 400,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'invariant',
            diagnostics: 'Receiver unknown in this jurisdiction',
            expression: ['Bundle.entry[1].resource'],
          },
        ],
      },
    });
    const report = await pushOne(clientFor(server));
    expect(report.stored).toBe(false);
    expect(report.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
    const blamed = report.entries[1]!;
    expect(blamed).toMatchObject({ entry: 1, status: 400, outcome: 'failed' });
    expect(blamed.diagnostics).toEqual(['Bundle.entry[1].resource: Receiver unknown in this jurisdiction']);
    expect(report.entries.filter((e) => e.outcome === 'rolled-back')).toHaveLength(entryCount - 1);
    expect(report.issues.map((i) => i.code)).toEqual(['FHIR_TRANSACTION_REJECTED', 'FHIR_ENTRY_REJECTED']);
    expect(report.issues[1]?.params).toMatchObject({
      entry: 1,
      status: 400,
      resourceType: blamed.resourceType,
      identifier: blamed.identifier,
    });
    expect(await storedCount(server)).toBe(0);
  });

  it('a transaction with one bad entry: the server validates it, nothing is stored, the entry is named', async () => {
    const report = await pushOne(clientFor(server), { toFhir: withBadDelivery });
    expect(report.stored).toBe(false);
    const bad = report.entries.find((e) => e.resourceType === 'SupplyDelivery')!;
    expect(bad.outcome).toBe('failed');
    expect(bad.status).toBe(400);
    expect(bad.identifier).toContain(shipment.documentId);
    expect(bad.diagnostics.join(' ')).toMatch(/bogusElement/);
    expect(report.entries.filter((e) => e !== bad).every((e) => e.outcome === 'rolled-back')).toBe(true);
    // Atomic: the organisations and locations created before the bad entry were rolled back.
    expect(await storedCount(server)).toBe(0);
  });

  it('the same with --batch-fallback: the good entries are stored, the bad one is reported', async () => {
    const report = await pushOne(clientFor(server), { toFhir: withBadDelivery, batchFallback: true });
    expect(report.bundleType).toBe('batch');
    expect(report.stored).toBe(false);
    expect(report.attempts).toBe(2);
    const bad = report.entries.find((e) => e.resourceType === 'SupplyDelivery')!;
    expect(bad).toMatchObject({ status: 400, outcome: 'failed' });
    expect(report.entries.filter((e) => e !== bad).every((e) => e.outcome === 'created')).toBe(true);
    expect(report.issues.map((i) => i.code)).toEqual(['FHIR_BATCH_FALLBACK', 'FHIR_ENTRY_REJECTED']);
    expect(await storedCount(server)).toBe(entryCount - 1);
    expect(await server.stored('SupplyDelivery')).toEqual([]);
  });

  it('429 then success: waits the Retry-After, then stores everything once', async () => {
    server.inject({ status: 429, retryAfter: '1' });
    const report = await pushOne(clientFor(server));
    expect(report.stored).toBe(true);
    expect(report.attempts).toBe(2);
    const [first, second] = server.requests;
    expect(first?.status).toBe(429);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(report.entries.every((e) => e.outcome === 'created')).toBe(true);
    expect(await storedCount(server)).toBe(entryCount);
  });

  it('429 with an HTTP-date Retry-After is honoured too', async () => {
    server.inject({ status: 429, retryAfter: new Date(Date.now() + 2000).toUTCString() });
    const report = await pushOne(clientFor(server));
    expect(report.stored).toBe(true);
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('a Retry-After longer than allowed ends the retries at once', async () => {
    server.inject({ status: 429, retryAfter: '3600' });
    const started = Date.now();
    const report = await pushOne(clientFor(server));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
    expect(report.stored).toBe(false);
    expect(report.entries.every((e) => e.outcome === 'failed' && e.status === 429)).toBe(true);
    expect(report.issues[0]).toMatchObject({
      code: 'FHIR_RETRY_AFTER_TOO_LONG',
      params: { retryAfterMs: 3_600_000 },
    });
  });

  it('retries on 503 a bounded number of times, with growing jittered delays', async () => {
    server.inject({ status: 503, times: 10 });
    const delays: number[] = [];
    const client = clientFor(server, {
      retry: { retries: 3, baseDelayMs: 40, maxDelayMs: 1000 },
      onRetry: (e) => delays.push(e.delayMs),
    });
    const report = await pushOne(client);
    expect(server.requests).toHaveLength(4);
    expect(report.attempts).toBe(4);
    expect(report.entries.every((e) => e.outcome === 'failed' && e.status === 503)).toBe(true);
    expect(report.issues[0]).toMatchObject({
      code: 'FHIR_REQUEST_FAILED',
      params: { status: 503, attempts: 4 },
    });
    expect(delays).toHaveLength(3);
    delays.forEach((delay, retry) => {
      expect(delay).toBeGreaterThanOrEqual((40 * 2 ** retry) / 2);
      expect(delay).toBeLessThanOrEqual(40 * 2 ** retry);
    });
  });

  it('a connection dropped before the server acted: re-sent, stored once', async () => {
    server.inject({ drop: 'before' });
    const report = await pushOne(clientFor(server));
    expect(report.stored).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.status).toBeUndefined();
    expect(report.entries.every((e) => e.outcome === 'created')).toBe(true);
    expect(await storedCount(server)).toBe(entryCount);
  });

  it('a connection dropped after the server stored the Bundle: the re-send finds everything there, nothing twice', async () => {
    server.inject({ drop: 'after' });
    const report = await pushOne(clientFor(server));
    expect(report.stored).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(report.entries.every((e) => e.outcome === 'exists')).toBe(true);
    expect(await storedCount(server)).toBe(entryCount);
  });

  it('a reply slower than the timeout: retried, nothing stored twice', async () => {
    server.inject({ delayMs: 1500 });
    const report = await pushOne(clientFor(server, { timeoutMs: 300 }));
    expect(report.stored).toBe(true);
    expect(report.attempts).toBe(2);
    expect(await storedCount(server)).toBe(entryCount);
  });

  it('does not repeat a Bundle that is not idempotent when the server may have acted', async () => {
    const bundle: FhirBundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Organization', name: 'No identifier' },
          request: { method: 'POST', url: 'Organization' },
        },
      ],
    };
    server.inject({ drop: 'after' });
    const dropped = await pushBundle(clientFor(server), bundle);
    expect(server.requests).toHaveLength(1);
    expect(dropped.entries[0]?.outcome).toBe('unknown');
    expect(dropped.issues[0]?.message).toMatch(/not idempotent/);
    server.inject({ status: 429 });
    const limited = await pushBundle(clientFor(server), bundle);
    expect(limited.stored).toBe(true); // 429 means not processed: safe to repeat even so
    expect(await server.stored('Organization')).toHaveLength(2);
  });

  it('a server that cannot be reached: retried, then reported as not sent', async () => {
    const gone = await startFhirServer();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const client = new FhirExchangeClient({
      baseUrl,
      retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    const report = await pushOne(client);
    expect(report.attempts).toBe(3);
    expect(report.entries.every((e) => e.outcome === 'not-sent')).toBe(true);
    expect(report.issues[0]).toMatchObject({
      code: 'FHIR_REQUEST_FAILED',
      params: { errorCode: 'ECONNREFUSED' },
    });
  });
});

describe('fhir push: bearer token', () => {
  let server: FhirTestServer;
  const token = 'tok-7f3a9c1e-secret';

  beforeAll(async () => {
    server = await startFhirServer({ token });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the token and is let in', async () => {
    const report = await pushOne(clientFor(server, { token }));
    expect(report.stored).toBe(true);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('without it: 401, not retried, and the report never holds the token', async () => {
    server.requests.length = 0;
    const report = await pushOne(clientFor(server));
    expect(server.requests).toHaveLength(1);
    expect(report.entries.every((e) => e.status === 401 && e.outcome === 'failed')).toBe(true);
    expect(JSON.stringify(report)).not.toContain(token);
  });
});

describe('fhir pull: failure paths', () => {
  let server: FhirTestServer;
  let client: FhirExchangeClient;

  beforeAll(async () => {
    server = await startFhirServer();
    client = clientFor(server);
    const fixtures = [
      'arrived-across-date-line.json',
      'sea-freight-in-transit.json',
      'cold-chain-vaccines-received-with-rejection.json',
    ];
    const records = fixtures.map((name, index) => ({
      source: name,
      index,
      value: JSON.parse(readFileSync(join(SHIPMENTS, name), 'utf8')),
      issues: [],
    }));
    for await (const report of pushDocuments(records, { client, fhirVersion: '4' }))
      expect(report.stored).toBe(true);
  });
  beforeEach(() => {
    server.clearFaults();
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server.close();
  });

  it('a 503 and a dropped connection while paging are retried; the pull completes', async () => {
    const clean = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment', pageSize: 2 });
    server.inject(
      { method: 'GET', path: 'SupplyDelivery', status: 503, retryAfter: '0' },
      { method: 'GET', path: 'SupplyDelivery', drop: 'before' },
    );
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment', pageSize: 2 });
    expect(result.complete).toBe(true);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.documents).toEqual(clean.documents);
    expect(result.documents).toHaveLength(3);
  });

  it('400 with an OperationOutcome on the search: an error with the diagnostics, nothing written', async () => {
    server.inject({
      method: 'GET',
      path: 'SupplyDelivery',
      status: 400,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'not-supported', diagnostics: 'Unknown search parameter _lastUpdated' },
        ],
      },
    });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment', since: '2020-01-01' });
    expect(result.complete).toBe(false);
    expect(result.documents).toEqual([]);
    expect(result.issues[0]).toMatchObject({
      code: 'FHIR_REQUEST_FAILED',
      params: { status: 400, attempts: 1 },
    });
    expect(result.issues[0]?.message).toMatch(/Unknown search parameter _lastUpdated/);
    expect(result.issues.map((i) => i.code)).toContain('FHIR_PULL_INCOMPLETE');
  });

  it('never follows a next link to another server (the token would go with it)', async () => {
    let visits = 0;
    const other = createServer((_req, res) => {
      visits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}/fhir/R4/SupplyDelivery?page=2`;
    server.inject({
      method: 'GET',
      path: 'SupplyDelivery',
      status: 200,
      body: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [],
        link: [{ relation: 'next', url: elsewhere }],
      },
    });
    const result = await pullDocuments({
      client: clientFor(server, { token: 'secret-token' }),
      fhirVersion: '4',
      type: 'Shipment',
    });
    await new Promise<void>((resolve) => other.close(() => resolve()));
    expect(visits).toBe(0);
    expect(result.complete).toBe(false);
    expect(result.issues[0]?.code).toBe('FHIR_PAGING_STOPPED');
  });

  it('a page that links to itself stops paging instead of looping', async () => {
    const self = `${server.baseUrl}/SupplyDelivery?_count=1&_offset=0`;
    const page = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [],
      link: [{ relation: 'next', url: self }],
    };
    server.inject({ method: 'GET', path: 'SupplyDelivery', status: 200, body: page, times: 3 });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(result.issues.map((i) => i.code)).toContain('FHIR_PAGING_STOPPED');
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('a referenced resource that is gone is a warning; the mapping reports what it lacks', async () => {
    server.inject({ method: 'GET', path: /^Location\//, status: 404, times: 100 });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    const unresolved = result.issues.filter((i) => i.code === 'FHIR_REFERENCE_NOT_READ');
    expect(unresolved.length).toBeGreaterThan(0);
    expect(
      unresolved.every((i) => i.severity === 'warning' && /^Location\//.test(String(i.params?.reference))),
    ).toBe(true);
    expect(result.complete).toBe(true);
  });
});
