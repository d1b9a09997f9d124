/**
 * `fhir push` against a real FHIR R4 server (Medplum FhirRouter + MemoryRepository, validation on):
 * every valid canonical fixture is mapped with canonicalToFhir, sent, stored, and re-sent without
 * storing anything twice.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FhirExchangeClient,
  type PushDocumentReport,
  type PushRecord,
  canonicalToFhir,
  isStoredOutcome,
  pushDocuments,
} from '@medsupply/fhir';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FhirTestServer, startFhirServer } from '../../scripts/fhir-server/server.js';
import { repositoryRoot } from '../support/shared.js';

const FIXTURES = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0');
/** Pushing every fixture takes seconds on a busy machine (the in-memory server searches linearly). */
const HEAVY = 120_000;
const FOLDERS = ['stock-report', 'shipment', 'demand-forecast', 'capacity-report', 'shortage-notice'];

/** Every valid fixture as a record to push, named by its file. */
function fixtureRecords(): PushRecord[] {
  return FOLDERS.flatMap((folder) =>
    readdirSync(join(FIXTURES, folder, 'valid'))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name, index) => ({
        source: `${folder}/${name}`,
        index,
        value: JSON.parse(readFileSync(join(FIXTURES, folder, 'valid', name), 'utf8')),
        issues: [],
      })),
  );
}

async function collect(reports: AsyncIterable<PushDocumentReport>): Promise<PushDocumentReport[]> {
  const all: PushDocumentReport[] = [];
  for await (const report of reports) all.push(report);
  return all;
}

/** The resources of every type the mappings write, keyed `Type/id`. */
async function storedKeys(server: FhirTestServer): Promise<string[]> {
  const types = ['Basic', 'SupplyDelivery', 'SupplyRequest', 'Organization', 'Location', 'Medication'];
  const keys: string[] = [];
  for (const type of types)
    for (const resource of await server.stored(type)) keys.push(`${type}/${String(resource.id)}`);
  return keys.sort();
}

describe('fhir push to a FHIR R4 server', () => {
  let server: FhirTestServer;
  let client: FhirExchangeClient;
  const records = fixtureRecords();

  beforeAll(async () => {
    server = await startFhirServer();
    client = new FhirExchangeClient({ baseUrl: server.baseUrl, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds fixtures of every document type', () => {
    for (const folder of FOLDERS) expect(records.some((r) => r.source.startsWith(`${folder}/`))).toBe(true);
  });

  it(
    'stores every fixture document (batch fallback for transactions the server refuses)',
    async () => {
      const reports = await collect(
        pushDocuments(records, { client, fhirVersion: '4', batchFallback: true }),
      );
      expect(reports).toHaveLength(records.length);
      for (const report of reports) {
        const failures = report.entries.filter((e) => !isStoredOutcome(e.outcome));
        expect({
          source: report.source,
          failures,
          errors: report.issues.filter((i) => i.severity === 'error'),
        }).toEqual({
          source: report.source,
          failures: [],
          errors: [],
        });
        expect(report.stored).toBe(true);
        for (const entry of report.entries) {
          expect(entry.status).toBeGreaterThanOrEqual(200);
          expect(entry.status).toBeLessThan(300);
          expect(entry.location).toMatch(/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+/);
        }
      }
      // The document resource itself (entry holding the documentId) is on the server, with that identifier.
      for (const record of records) {
        const documentId = (record.value as { documentId: string }).documentId;
        const { bundle } = canonicalToFhir([record.value as never], { fhirVersion: '4' });
        const holder = bundle.entry?.find((e) =>
          (e.resource?.identifier as { value?: string }[] | undefined)?.some((i) => i.value === documentId),
        );
        expect(holder, record.source).toBeDefined();
        const type = holder?.resource?.resourceType ?? '';
        const onServer = await server.stored(type);
        expect(
          onServer.some((r) => JSON.stringify(r.identifier ?? []).includes(documentId)),
          record.source,
        ).toBe(true);
      }
    },
    HEAVY,
  );

  it(
    're-sending stores nothing twice (conditional creates)',
    async () => {
      const before = await storedKeys(server);
      expect(before.length).toBeGreaterThan(records.length);
      const reports = await collect(
        pushDocuments(records, { client, fhirVersion: '4', batchFallback: true }),
      );
      expect(reports.every((r) => r.stored)).toBe(true);
      const created = reports.flatMap((r) => r.entries).filter((e) => e.outcome === 'created');
      expect(created).toEqual([]);
      expect(await storedKeys(server)).toEqual(before);
    },
    HEAVY,
  );

  it('reports each entry with index, resource type, business identifier and status', async () => {
    const shipment = records.find((r) => r.source.startsWith('shipment/'))!;
    const [report] = await collect(
      pushDocuments([shipment], { client, fhirVersion: '4', batchFallback: true }),
    );
    expect(report?.documentType).toBe('Shipment');
    expect(report?.entries.map((e) => e.entry)).toEqual(report?.entries.map((_, i) => i));
    const delivery = report?.entries.find((e) => e.resourceType === 'SupplyDelivery');
    expect(delivery?.identifier).toContain((shipment.value as { documentId: string }).documentId);
    expect(delivery?.request).toBe('POST SupplyDelivery');
    expect(delivery?.status).toBe(200);
    expect(delivery?.outcome).toBe('exists');
  });

  it('does not send a document that does not map, and says why', async () => {
    const broken: PushRecord = {
      source: 'broken.json',
      index: 0,
      value: { documentType: 'Nonsense' },
      issues: [],
    };
    const requestsBefore = server.requests.length;
    const [report] = await collect(pushDocuments([broken], { client, fhirVersion: '4' }));
    expect(report?.stored).toBe(false);
    expect(report?.entries).toEqual([]);
    expect(report?.issues.map((i) => i.code)).toContain('FHIR_DOCUMENT_NOT_CONVERTED');
    expect(server.requests.length).toBe(requestsBefore);
  });
});
