import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MedsupplyDocument } from '@medsupply/types';
import { describe, expect, it } from 'vitest';
import { canonicalToFhir, fhirToCanonical } from './index.js';
import type { FhirBundle, FhirResource, FhirVersion } from './types.js';

const fixtureRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../schemas/fixtures/1.0.0');
const FOLDERS = ['stock-report', 'capacity-report', 'shipment', 'shortage-notice', 'demand-forecast'];
const VERSIONS: FhirVersion[] = ['4', '5'];

function fixtures(folder: string): Array<[string, MedsupplyDocument]> {
  const dir = join(fixtureRoot, folder, 'valid');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name, JSON.parse(readFileSync(join(dir, name), 'utf8')) as MedsupplyDocument]);
}

/** canonical → FHIR → (JSON text, as a server or file would hold it) → canonical. */
function roundTrip(documents: MedsupplyDocument[], fhirVersion: FhirVersion) {
  const out = canonicalToFhir(documents, { fhirVersion });
  const back = fhirToCanonical(JSON.parse(JSON.stringify(out.bundle)), { fhirVersion });
  return { bundle: out.bundle, toIssues: out.issues, documents: back.documents, fromIssues: back.issues };
}

/** Fixtures may reuse a documentId for variants of one document; one Bundle takes each id once. */
function uniqueDocuments(documents: MedsupplyDocument[]): MedsupplyDocument[] {
  const byId = new Map<string, MedsupplyDocument>();
  for (const document of documents)
    if (!byId.has(document.documentId)) byId.set(document.documentId, document);
  return [...byId.values()];
}

function resources(bundle: FhirBundle, type?: string): FhirResource[] {
  return (bundle.entry ?? [])
    .map((e) => e.resource!)
    .filter((r) => type === undefined || r.resourceType === type);
}

const party = (gln: string, name: string, roles: string[]) => ({
  identifiers: [{ system: 'https://www.gs1.org/gln', value: gln }],
  name,
  roles,
  country: 'KE',
});
const store = {
  identifiers: [{ system: 'https://www.gs1.org/gln', value: '6164003000014' }],
  name: 'Kenya Medical Supplies Authority, Embakasi',
  type: 'warehouse',
  country: 'KE',
  subdivision: 'KE-30',
  geo: { lat: -1.3197, lon: 36.9259 },
};
const vaccine = {
  identifiers: [{ system: 'https://www.gs1.org/gtin', value: '08901234567892' }],
  level: 'package',
  name: 'Measles and rubella vaccine, 10-dose vial',
  productClass: 'vaccine',
  packSize: { value: 10, unit: '{dose}' },
};
const envelope = {
  schemaVersion: '1.0.0',
  documentStatus: 'original',
  createdAt: '2025-03-01T09:30:00+03:00',
  sender: party('6164003000007', 'Kenya Medical Supplies Authority', ['distributor']),
  confidentiality: 'restricted',
};

function shipment(overrides: Record<string, unknown> = {}): MedsupplyDocument {
  return {
    ...envelope,
    documentId: '3f0c9a52-1b7e-4c61-9a0b-5d2f7f0e8a11',
    documentType: 'Shipment',
    identifiers: [{ system: 'https://kemsa.example.org/asn', value: 'ASN-2025-00187' }],
    status: 'shipped',
    shipper: party('6164003000007', 'Kenya Medical Supplies Authority', ['distributor']),
    receiver: { identifier: { system: 'https://www.gs1.org/gln', value: '6164003000021' } },
    shipFrom: store,
    shipTo: { identifier: { system: 'https://www.gs1.org/gln', value: '6164003000038' } },
    dates: { actualShipDate: '2025-03-01T07:00:00+03:00' },
    lines: [1, 2, 3].map((n) => ({
      product: vaccine,
      lot: { lotNumber: `MR24-00${n}`, expiryDate: '2026-11-30' },
      quantityShipped: { value: 100 * n, unit: '{dose}' },
    })),
    ...overrides,
  } as unknown as MedsupplyDocument;
}

function stockReport(overrides: Record<string, unknown> = {}): MedsupplyDocument {
  const line = (disposition: string | undefined, value: number) => ({
    product: vaccine,
    quantity: { value, unit: '{dose}' },
    ...(disposition === undefined ? {} : { disposition }),
  });
  return {
    ...envelope,
    documentId: '7d4e1c2b-8a9f-4b3c-9e1d-2f6a5b4c3d21',
    documentType: 'StockReport',
    countType: 'snapshot',
    reporter: party('6164003000007', 'Kenya Medical Supplies Authority', ['distributor']),
    asOf: '2025-02-28T18:00:00+03:00',
    listings: [
      { location: store, lines: [line(undefined, 500), line('quarantine', 20), line('available', 80)] },
      { location: store, lines: [line('expired', 10)] },
    ],
    ...overrides,
  } as unknown as MedsupplyDocument;
}

describe('canonical → FHIR → canonical', () => {
  for (const version of VERSIONS) {
    describe(`FHIR R${version}`, () => {
      for (const folder of FOLDERS) {
        for (const [name, document] of fixtures(folder)) {
          it(`gives back ${folder}/valid/${name} unchanged`, () => {
            const result = roundTrip([document], version);
            expect(result.toIssues.filter((i) => i.severity === 'error')).toEqual([]);
            expect(result.fromIssues.filter((i) => i.severity !== 'info')).toEqual([]);
            expect(result.documents).toEqual([document]);
          });
        }
      }

      it('gives back every fixture from one Bundle, in order, when documents share parties with other content', () => {
        const all = uniqueDocuments(
          FOLDERS.flatMap((folder) => fixtures(folder).map(([, document]) => document)),
        );
        const result = roundTrip(all, version);
        expect(result.documents).toEqual(all);
      });

      it('keeps one line per disposition run and the canonical listings apart', () => {
        const document = stockReport();
        const result = roundTrip([document], version);
        expect(result.documents).toEqual([document]);
      });

      it('keeps a cancel document as a cancel, with the FHIR status entered-in-error', () => {
        const document = shipment({
          documentStatus: 'cancel',
          documentId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          supersedes: '3f0c9a52-1b7e-4c61-9a0b-5d2f7f0e8a11',
        });
        const result = roundTrip([document], version);
        expect(resources(result.bundle, 'SupplyDelivery').every((r) => r.status === 'entered-in-error')).toBe(
          true,
        );
        expect(result.documents).toEqual([document]);
      });

      it('carries namespaced envelope extensions as JSON', () => {
        const document = shipment({
          extensions: { 'org.openlmis': { orderId: 'O-1', flags: [1, null, { a: true }] } },
        });
        expect(roundTrip([document], version).documents).toEqual([document]);
      });
    });
  }
});

describe('Bundle shape', () => {
  it('builds the same Bundle from the same documents (name-based urn:uuid fullUrls)', () => {
    const first = canonicalToFhir([shipment(), stockReport()], { fhirVersion: '5' }).bundle;
    const second = canonicalToFhir([shipment(), stockReport()], { fhirVersion: '5' }).bundle;
    expect(second).toEqual(first);
    for (const entry of first.entry ?? []) expect(entry.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  it('makes every create conditional, so a re-send does not duplicate', () => {
    for (const version of VERSIONS) {
      const { bundle } = canonicalToFhir([shipment(), stockReport()], { fhirVersion: version });
      for (const entry of bundle.entry ?? []) {
        expect(entry.request?.method).toBe('POST');
        expect(entry.request?.ifNoneExist).toMatch(/^identifier=[^|]+\|.+/);
      }
    }
  });

  it('emits a shared organisation, location and product once, keyed on its first identifier', () => {
    const { bundle } = canonicalToFhir([shipment(), stockReport()], { fhirVersion: '5' });
    const organizations = resources(bundle, 'Organization');
    expect(organizations).toHaveLength(1);
    const entry = bundle.entry!.find((e) => e.resource?.resourceType === 'Organization')!;
    expect(entry.request?.ifNoneExist).toBe('identifier=https%3A%2F%2Fwww.gs1.org%2Fgln|6164003000007');
    expect(resources(bundle, 'Location')).toHaveLength(1);
    expect(resources(bundle, 'Medication')).toHaveLength(1);
  });

  it('turns a replace into a conditional update of the superseded document', () => {
    const document = shipment({
      documentStatus: 'replace',
      documentId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      supersedes: '3f0c9a52-1b7e-4c61-9a0b-5d2f7f0e8a11',
    });
    const { bundle } = canonicalToFhir([document], { fhirVersion: '5' });
    const entry = bundle.entry!.find((e) => e.resource?.resourceType === 'SupplyDelivery')!;
    expect(entry.request).toEqual({
      method: 'PUT',
      url: 'SupplyDelivery?identifier=https%3A%2F%2Fschemas.medsupply.org%2Ffhir%2Fsid%2Fdocument-id|3f0c9a52-1b7e-4c61-9a0b-5d2f7f0e8a11',
    });
    expect(entry.resource?.identifier).toContainEqual({
      use: 'old',
      system: 'https://schemas.medsupply.org/fhir/sid/document-id',
      value: '3f0c9a52-1b7e-4c61-9a0b-5d2f7f0e8a11',
    });
  });

  it('lists every R5 line in one SupplyDelivery, with lots as InventoryItem instances', () => {
    const { bundle } = canonicalToFhir([shipment()], { fhirVersion: '5' });
    const [delivery] = resources(bundle, 'SupplyDelivery');
    expect(delivery?.suppliedItem).toHaveLength(3);
    const items = resources(bundle, 'InventoryItem');
    expect(items.map((i) => (i.instance as { lotNumber: string }).lotNumber)).toEqual([
      'MR24-001',
      'MR24-002',
      'MR24-003',
    ]);
    expect(items.every((i) => (i.productReference as { type: string }).type === 'Medication')).toBe(true);
  });

  it('splits an R4 shipment into one SupplyDelivery per line, tied to the first by partOf', () => {
    const { bundle } = canonicalToFhir([shipment()], { fhirVersion: '4' });
    const deliveries = bundle.entry!.filter((e) => e.resource?.resourceType === 'SupplyDelivery');
    expect(deliveries).toHaveLength(3);
    const [head, ...lines] = deliveries;
    for (const line of lines)
      expect(line.resource?.partOf).toEqual([{ reference: head!.fullUrl, type: 'SupplyDelivery' }]);
    expect(resources(bundle, 'InventoryItem')).toHaveLength(0);
  });

  it('groups R4 deliveries back into one shipment whatever their order in the input', () => {
    const document = shipment();
    const { bundle } = canonicalToFhir([document], { fhirVersion: '4' });
    const shuffled = { ...bundle, entry: [...(bundle.entry ?? [])].reverse() };
    expect(fhirToCanonical(shuffled, { fhirVersion: '4' }).documents).toEqual([document]);
  });

  it('carries an R4 InventoryReport as a cross-version Basic', () => {
    const { bundle } = canonicalToFhir([stockReport()], { fhirVersion: '4' });
    const [basic] = resources(bundle, 'Basic');
    expect(basic?.meta?.profile).toEqual([
      'http://hl7.org/fhir/5.0/StructureDefinition/profile-InventoryReport',
    ]);
    const urls = (basic?.extension ?? []).map((e) => e.url);
    expect(urls).toContain('http://hl7.org/fhir/5.0/StructureDefinition/extension-InventoryReport.countType');
    expect(urls.filter((u) => u.endsWith('InventoryReport.inventoryListing'))).toHaveLength(4);
    expect(resources(bundle, 'InventoryReport')).toHaveLength(0);
  });

  it('labels commercial-in-confidence documents R with the medsupply code beside it', () => {
    const document = shipment({ confidentiality: 'commercial-in-confidence' });
    const { bundle } = canonicalToFhir([document], { fhirVersion: '5' });
    expect(resources(bundle, 'SupplyDelivery')[0]?.meta?.security).toEqual([
      { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
      {
        system: 'https://schemas.medsupply.org/fhir/CodeSystem/confidentiality',
        code: 'commercial-in-confidence',
      },
    ]);
  });

  it('converts a documentId once, and reports a second document with the same id and other content', () => {
    const { bundle, issues } = canonicalToFhir([shipment(), shipment(), shipment({ status: 'inTransit' })], {
      fhirVersion: '5',
    });
    expect(resources(bundle, 'SupplyDelivery')).toHaveLength(1);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'FHIR_DUPLICATE_DOCUMENT_ID', path: '/2/documentId' }),
    ]);
  });

  it('reports a value that is not a medsupply document instead of throwing', () => {
    const { bundle, issues } = canonicalToFhir(
      [{ documentType: 'Invoice' } as unknown as MedsupplyDocument],
      {
        fhirVersion: '5',
      },
    );
    expect(bundle.entry).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'FHIR_DOCUMENT_INVALID', path: '/0' })]);
  });
});
