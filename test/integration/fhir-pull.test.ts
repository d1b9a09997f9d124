/**
 * `fhir pull` against a real FHIR R4 server: paging is followed, referenced resources are read,
 * `--since` narrows by `_lastUpdated`, and what comes back equals what the mapping gives offline
 * (the exchange adds no loss of its own).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FhirExchangeClient,
  type PushRecord,
  canonicalToFhir,
  fhirToCanonical,
  pullDocuments,
  pushDocuments,
} from '@medsupply/fhir';
import type { MedsupplyDocument } from '@medsupply/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FhirTestServer, startFhirServer } from '../../scripts/fhir-server/server.js';
import { repositoryRoot } from '../support/shared.js';

const FIXTURES = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0');
const TYPES = [
  { folder: 'stock-report', type: 'StockReport' },
  { folder: 'shipment', type: 'Shipment' },
  { folder: 'demand-forecast', type: 'DemandForecast' },
  { folder: 'capacity-report', type: 'CapacityReport' },
  { folder: 'shortage-notice', type: 'ShortageNotice' },
] as const;

function fixtures(folder: string): MedsupplyDocument[] {
  const dir = join(FIXTURES, folder, 'valid');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as MedsupplyDocument);
}

/** What the mapping alone makes of one document: canonical → FHIR Bundle → canonical, no server. */
function offlineRoundTrip(document: MedsupplyDocument): MedsupplyDocument[] {
  const { bundle } = canonicalToFhir([document], { fhirVersion: '4' });
  return fhirToCanonical(bundle, { fhirVersion: '4' }).documents;
}

const DOCUMENT_ID_SYSTEM = 'https://schemas.medsupply.org/fhir/sid/document-id';

/** documentIds held by the server's document resources (read from the repository, not over HTTP); `old` ones are superseded. */
async function documentIdsOnServer(
  server: FhirTestServer,
  resourceType: string,
  code?: string,
): Promise<string[]> {
  const resources = await server.stored(resourceType);
  return resources
    .filter((r) => code === undefined || JSON.stringify(r.code ?? {}).includes(`"code":"${code}"`))
    .flatMap((r) => (r.identifier as { use?: string; system?: string; value?: string }[] | undefined) ?? [])
    .filter((i) => i.system === DOCUMENT_ID_SYSTEM && i.use !== 'old')
    .map((i) => i.value ?? '')
    .sort();
}

async function push(client: FhirExchangeClient, documents: readonly MedsupplyDocument[]): Promise<void> {
  const records: PushRecord[] = documents.map((value, index) => ({
    source: 'fixtures',
    index,
    value,
    issues: [],
  }));
  for await (const report of pushDocuments(records, { client, fhirVersion: '4', batchFallback: true })) {
    expect(report.stored, `${report.documentType} ${report.documentId}`).toBe(true);
  }
}

describe('fhir pull: one document at a time, pages of one resource', () => {
  let server: FhirTestServer;
  let client: FhirExchangeClient;

  beforeAll(async () => {
    server = await startFhirServer();
    client = new FhirExchangeClient({ baseUrl: server.baseUrl, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await server.close();
  });

  for (const { folder, type } of TYPES) {
    it(`gives back every ${type} fixture as the mapping alone does (the exchange loses nothing)`, async () => {
      const documents = fixtures(folder);
      expect(documents.length).toBeGreaterThan(0);
      let multiPage = 0;
      for (const document of documents) {
        server.reset();
        await push(client, [document]);
        const result = await pullDocuments({ client, fhirVersion: '4', type, pageSize: 1 });
        expect(
          result.issues.filter((i) => i.severity === 'error'),
          document.documentId,
        ).toEqual([]);
        expect(result.pages).toBe(result.matched);
        if (result.pages > 1) multiPage++;
        expect(result.documents, document.documentId).toEqual(offlineRoundTrip(document));
      }
      if (type === 'Shipment' || type === 'DemandForecast') expect(multiPage).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('fhir pull: every fixture on one server, pages of 2', () => {
  let server: FhirTestServer;
  let client: FhirExchangeClient;

  beforeAll(async () => {
    server = await startFhirServer({ pageSize: 20 });
    client = new FhirExchangeClient({ baseUrl: server.baseUrl, timeoutMs: 10_000 });
    for (const { folder } of TYPES) await push(client, fixtures(folder));
  }, 120_000);
  afterAll(async () => {
    await server.close();
  });

  const codes: Record<string, string | undefined> = {
    StockReport: 'InventoryReport',
    CapacityReport: 'CapacityReport',
    ShortageNotice: 'ShortageNotice',
  };
  for (const { type } of TYPES) {
    it(`follows every next link and returns each ${type} on the server`, async () => {
      server.requests.length = 0;
      const result = await pullDocuments({ client, fhirVersion: '4', type, pageSize: 2 });
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(result.complete).toBe(true);
      expect(result.pages).toBe(Math.ceil(result.matched / 2));
      expect(result.pages).toBeGreaterThan(1);
      const expected = await documentIdsOnServer(server, result.search.resourceType, codes[type]);
      expect(expected.length).toBeGreaterThan(1);
      expect(result.documents.map((d) => d.documentId).sort()).toEqual(expected);
      // Paging used the server's next links: every page after the first carries an _offset.
      const searches = server.requests.filter(
        (r) => r.method === 'GET' && r.path === result.search.resourceType,
      );
      expect(searches).toHaveLength(result.pages);
      expect(searches.slice(1).every((r) => new URLSearchParams(r.query).has('_offset'))).toBe(true);
    });
  }

  it('reads the resources a document refers to when the search does not include them', async () => {
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(result.referencesRead).toBeGreaterThan(0);
    const reads = server.requests.filter((r) => r.method === 'GET' && /^[A-Z][A-Za-z]+\/[^/]+$/.test(r.path));
    expect(reads.length).toBeGreaterThanOrEqual(result.referencesRead);
  });

  it('--since keeps only resources changed on or after the date-time', async () => {
    const since = new Date(Date.now() + 1000).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [original] = fixtures('shipment');
    const fresh = {
      ...original!,
      documentId: '0b6f3a52-59c5-4d0a-9a52-7d8b0d1c0e11',
      identifiers: [{ system: 'https://example.org/desadv', value: 'SINCE-1' }],
    } as MedsupplyDocument;
    await push(client, [fresh]);
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment', since });
    expect(result.documents.map((d) => d.documentId)).toEqual([fresh.documentId]);
    const all = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(all.documents.length).toBeGreaterThan(1);
  });

  it('accepts kebab-case document types and FHIR resource types for --type', async () => {
    const kebab = await pullDocuments({ client, fhirVersion: '4', type: 'demand-forecast' });
    const named = await pullDocuments({ client, fhirVersion: '4', type: 'DemandForecast' });
    expect(kebab.documents).toEqual(named.documents);
    const raw = await pullDocuments({ client, fhirVersion: '4', type: 'SupplyDelivery' });
    expect(raw.search).toEqual({ resourceType: 'SupplyDelivery', params: {} });
    expect(raw.documents.length).toBeGreaterThan(0);
  });

  it('rejects an unknown type before any request', async () => {
    const before = server.requests.length;
    await expect(pullDocuments({ client, fhirVersion: '4', type: 'Patient' })).rejects.toThrow(
      /unknown --type/,
    );
    expect(server.requests.length).toBe(before);
  });
});

describe('fhir push and pull in R5 (InventoryReport, R5 SupplyDelivery)', () => {
  // Medplum knows R4 only, so this server stores R5 resources without validating them; the HL7 R5
  // schema checks of the mapping are in test/conformance.
  let server: FhirTestServer;
  let client: FhirExchangeClient;

  beforeAll(async () => {
    server = await startFhirServer({ validate: false });
    client = new FhirExchangeClient({ baseUrl: server.baseUrl, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await server.close();
  });

  for (const { folder, type } of [TYPES[0], TYPES[1]]) {
    it(`gives back the first ${type} fixture as the R5 mapping alone does`, async () => {
      const [document] = fixtures(folder);
      const records: PushRecord[] = [{ source: folder, index: 0, value: document, issues: [] }];
      for await (const report of pushDocuments(records, { client, fhirVersion: '5', batchFallback: true })) {
        expect(report.stored).toBe(true);
      }
      const result = await pullDocuments({ client, fhirVersion: '5', type, pageSize: 1 });
      expect(result.search.resourceType).toBe(type === 'StockReport' ? 'InventoryReport' : 'SupplyDelivery');
      const { bundle } = canonicalToFhir([document!], { fhirVersion: '5' });
      expect(result.documents).toEqual(fhirToCanonical(bundle, { fhirVersion: '5' }).documents);
      expect(result.documents.map((d) => d.documentId)).toEqual([document!.documentId]);
    });
  }
});
