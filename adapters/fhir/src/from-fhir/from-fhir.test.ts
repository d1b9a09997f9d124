import { describe, expect, it } from 'vitest';
import { fhirToCanonical } from '../index.js';
import type { FhirResource } from '../types.js';

const GLN = 'https://www.gs1.org/gln';
const GTIN = 'https://www.gs1.org/gtin';

/** An IHE PHARM SUPPLY style inventory status report (PHARM-S5) as another system would send it. */
function inventoryStatus(): FhirResource[] {
  return [
    {
      resourceType: 'Organization',
      id: 'hospital',
      identifier: [{ system: GLN, value: '5412345000013' }],
      name: 'Sint-Jan Hospital',
    },
    {
      resourceType: 'PractitionerRole',
      id: 'pharmacist',
      organization: { reference: 'Organization/hospital' },
    },
    {
      resourceType: 'Location',
      id: 'pharmacy',
      identifier: [{ system: GLN, value: '5412345000020' }],
      name: 'Central pharmacy',
      address: { country: 'BEL' },
    },
    {
      resourceType: 'InventoryItem',
      id: 'mask-lot',
      status: 'active',
      identifier: [{ system: GTIN, value: '05412345000037' }],
      name: [{ nameType: { code: 'preferred' }, language: 'en', name: 'Respirator mask FFP2, medium' }],
      instance: { lotNumber: 'L2409A', expiry: '2027-09-30' },
    },
    {
      resourceType: 'InventoryReport',
      id: 'count-1',
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'N' }] },
      status: 'active',
      countType: 'snapshot',
      reportedDateTime: '2025-05-02T10:15:00+02:00',
      reporter: { reference: 'PractitionerRole/pharmacist' },
      inventoryListing: [
        {
          location: { reference: 'Location/pharmacy' },
          itemStatus: { coding: [{ code: 'available' }] },
          countingDateTime: '2025-05-02T08:00:00+02:00',
          item: [{ quantity: { value: 240 }, item: { reference: { reference: 'InventoryItem/mask-lot' } } }],
        },
      ],
    },
  ];
}

const bundleOf = (resources: FhirResource[], type = 'searchset') => ({
  resourceType: 'Bundle',
  type,
  entry: resources.map((resource) => ({
    fullUrl: `https://fhir.example.org/${resource.resourceType}/${resource.id}`,
    resource,
  })),
});

const codes = (issues: Array<{ code: string }>) => issues.map((i) => i.code);

describe('fhirToCanonical on FHIR from other systems', () => {
  it('reads an IHE-style inventory status report, deriving only what the FHIR content gives', () => {
    const { documents, issues } = fhirToCanonical(bundleOf(inventoryStatus()), { fhirVersion: '5' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(documents).toHaveLength(1);
    const [report] = documents as Array<Record<string, unknown>>;
    expect(report).toMatchObject({
      documentType: 'StockReport',
      countType: 'snapshot',
      createdAt: '2025-05-02T10:15:00+02:00',
      asOf: '2025-05-02T08:00:00+02:00',
      confidentiality: 'restricted',
      sender: { identifier: { system: GLN, value: '5412345000013' } },
      reporter: { identifier: { system: GLN, value: '5412345000013' } },
      listings: [
        {
          location: { identifier: { system: GLN, value: '5412345000020' } },
          lines: [
            {
              product: {
                identifiers: [{ system: GTIN, value: '05412345000037' }],
                level: 'package',
                name: 'Respirator mask FFP2, medium',
              },
              lot: { lotNumber: 'L2409A', expiryDate: '2027-09-30' },
              quantity: { value: 240, unit: '1' },
              disposition: 'available',
            },
          ],
        },
      ],
    });
    expect(codes(issues)).toEqual(
      expect.arrayContaining([
        'FHIR_DOCUMENT_ID_DERIVED',
        'FHIR_UNIT_NOT_UCUM',
        'FHIR_REFERENCED_BY_IDENTIFIER',
      ]),
    );
  });

  it('derives the same documentId on every import of the same resource', () => {
    const first = fhirToCanonical(bundleOf(inventoryStatus()), { fhirVersion: '5' }).documents[0];
    const second = fhirToCanonical(bundleOf(inventoryStatus()), { fhirVersion: '5' }).documents[0];
    expect(first?.documentId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second?.documentId).toBe(first?.documentId);
  });

  it('reads the same resources from a Bundle, an array (NDJSON lines) and one by one', () => {
    const fromBundle = fhirToCanonical(bundleOf(inventoryStatus(), 'collection'), { fhirVersion: '5' });
    const fromArray = fhirToCanonical(inventoryStatus(), { fhirVersion: '5' });
    expect(fromArray.documents.map((d) => ({ ...d, documentId: '' }))).toEqual(
      fromBundle.documents.map((d) => ({ ...d, documentId: '' })),
    );
    const alone = fhirToCanonical(inventoryStatus()[4], { fhirVersion: '5' });
    expect(alone.documents).toEqual([]);
    expect(alone.issues).toContainEqual(
      expect.objectContaining({ code: 'FHIR_REFERENCE_UNRESOLVED', path: '/reporter/reference' }),
    );
  });

  it('reports each missing canonical member instead of inventing it', () => {
    const resources = inventoryStatus();
    const report = resources[4]!;
    report.reportedDateTime = '2025-05-02';
    delete report.reporter;
    const { documents, issues } = fhirToCanonical(resources, { fhirVersion: '5' });
    expect(documents).toEqual([]);
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'FHIR_DATETIME_WITHOUT_TIME', path: '/4/reportedDateTime' }),
    );
    const missing = issues
      .filter((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING')
      .map((i) => i.params?.canonicalPath);
    expect(missing).toEqual(['/createdAt', '/sender', '/reporter']);
  });

  it('refuses an item status that is not a medsupply disposition rather than count it as available', () => {
    const resources = inventoryStatus();
    const listing = (resources[4]!.inventoryListing as Array<Record<string, unknown>>)[0]!;
    listing.itemStatus = { coding: [{ system: 'http://example.org/status', code: 'blocked' }] };
    const { documents, issues } = fhirToCanonical(resources, { fhirVersion: '5' });
    expect(documents).toEqual([]);
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'FHIR_DISPOSITION_UNMAPPED',
        path: '/4/inventoryListing/0/itemStatus',
      }),
    );
  });

  it('groups R4 deliveries that share their identifiers into one shipment, one line each', () => {
    const delivery = (id: string, gtin: string, quantity: number): FhirResource => ({
      resourceType: 'SupplyDelivery',
      id,
      meta: { lastUpdated: '2025-04-01T12:00:00Z' },
      extension: [
        {
          url: 'https://schemas.medsupply.org/fhir/StructureDefinition/extension-Shipment.shipFrom',
          valueReference: { identifier: { system: GLN, value: '5412345000020' } },
        },
      ],
      identifier: [{ system: 'https://supplier.example.org/asn', value: 'ASN-77' }],
      status: 'in-progress',
      suppliedItem: {
        quantity: { value: quantity, system: 'http://unitsofmeasure.org', code: '{pack}' },
        itemCodeableConcept: { coding: [{ system: GTIN, code: gtin }] },
      },
      occurrenceDateTime: '2025-04-01T09:00:00Z',
      supplier: { identifier: { system: GLN, value: '5412345000044' } },
      destination: { identifier: { system: GLN, value: '5412345000051' } },
      receiver: [{ reference: 'PractitionerRole/receiving' }],
    });
    const role = {
      resourceType: 'PractitionerRole',
      id: 'receiving',
      organization: { identifier: { system: GLN, value: '5412345000013' } },
    };
    const { documents, issues } = fhirToCanonical(
      [delivery('a', '05412345000037', 10), role, delivery('b', '05412345000068', 4)],
      {
        fhirVersion: '4',
      },
    );
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      documentType: 'Shipment',
      identifiers: [{ system: 'https://supplier.example.org/asn', value: 'ASN-77' }],
      status: 'inTransit',
      createdAt: '2025-04-01T12:00:00Z',
      receiver: { identifier: { system: GLN, value: '5412345000013' } },
      dates: { actualShipDate: '2025-04-01T09:00:00Z' },
      lines: [
        {
          product: { identifier: { system: GTIN, value: '05412345000037' } },
          quantityShipped: { value: 10, unit: '{pack}' },
        },
        {
          product: { identifier: { system: GTIN, value: '05412345000068' } },
          quantityShipped: { value: 4, unit: '{pack}' },
        },
      ],
    });
    expect(codes(issues)).toContain('FHIR_CREATED_FROM_LAST_UPDATED');
  });

  it('reads an IHE reception notice quantity as the received quantity', () => {
    const notice: FhirResource = {
      resourceType: 'SupplyDelivery',
      extension: [
        {
          url: 'http://ihe.net/fhir/PHARM/supply/StructureDefinition/ihe-ext-delivery-stage',
          valueCodeableConcept: { coding: [{ code: 'reception' }] },
        },
      ],
      status: 'completed',
      suppliedItem: [
        {
          quantity: { value: 5, unit: 'box' },
          itemCodeableConcept: { coding: [{ system: GTIN, code: '05412345000037' }] },
        },
      ],
    };
    const { issues } = fhirToCanonical(notice, { fhirVersion: '5' });
    const missing = issues
      .filter((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING')
      .map((i) => i.params?.canonicalPath);
    expect(missing).not.toContain('/status');
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'FHIR_UNIT_NOT_UCUM', params: { unit: '{box}' } }),
    );
  });

  it('skips an entered-in-error resource and refuses modifier extensions', () => {
    const voided = fhirToCanonical(
      { resourceType: 'SupplyDelivery', status: 'entered-in-error' },
      { fhirVersion: '5' },
    );
    expect(voided.documents).toEqual([]);
    expect(codes(voided.issues)).toContain('FHIR_ENTERED_IN_ERROR_SKIPPED');
    const modified = fhirToCanonical(
      {
        resourceType: 'SupplyDelivery',
        status: 'completed',
        modifierExtension: [{ url: 'http://x.org/e', valueBoolean: true }],
      },
      { fhirVersion: '5' },
    );
    expect(modified.issues).toContainEqual(
      expect.objectContaining({ code: 'FHIR_MODIFIER_EXTENSION', path: '/modifierExtension' }),
    );
  });

  it('warns when a resource has the shape of the other FHIR version', () => {
    const { issues } = fhirToCanonical(inventoryStatus(), { fhirVersion: '4' });
    expect(issues).toContainEqual(expect.objectContaining({ code: 'FHIR_VERSION_MISMATCH', path: '/4' }));
  });

  it('says so when the input holds no document, and skips unrelated resources', () => {
    const { documents, issues } = fhirToCanonical(
      bundleOf([
        { resourceType: 'Patient', id: 'p' },
        { resourceType: 'Medication', id: 'm' },
      ]),
      { fhirVersion: '4' },
    );
    expect(documents).toEqual([]);
    expect(codes(issues)).toEqual(['FHIR_RESOURCE_SKIPPED', 'FHIR_NO_DOCUMENT']);
  });
});

describe('fhirToCanonical on hostile input', () => {
  it('rejects input that is not FHIR', () => {
    for (const input of [null, 42, 'text', { entry: [] }]) {
      expect(fhirToCanonical(input, { fhirVersion: '5' }).issues).toEqual([
        expect.objectContaining({ code: 'FHIR_INPUT_INVALID', severity: 'error' }),
      ]);
    }
    const { issues } = fhirToCanonical([{ resourceType: '' }, 7], { fhirVersion: '5' });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['FHIR_RESOURCE_INVALID', '/0'],
      ['FHIR_RESOURCE_INVALID', '/1'],
      ['FHIR_NO_DOCUMENT', ''],
    ]);
  });

  it('stops at nesting deeper than the limit without recursing', () => {
    let deep: Record<string, unknown> = { value: 1 };
    for (let i = 0; i < 100_000; i++) deep = { extension: [deep] };
    const { documents, issues } = fhirToCanonical(
      { resourceType: 'SupplyDelivery', extension: [deep] },
      { fhirVersion: '5' },
    );
    expect(documents).toEqual([]);
    expect(codes(issues)).toEqual(['FHIR_INPUT_TOO_DEEP']);
  });

  it('follows reference cycles only once', () => {
    const organization = {
      resourceType: 'Organization',
      id: 'o',
      identifier: [{ system: GLN, value: '5412345000013', assigner: { reference: 'Organization/o' } }],
      name: 'Loop',
    };
    const delivery = {
      resourceType: 'SupplyDelivery',
      status: 'completed',
      supplier: { reference: 'Organization/o' },
    };
    const { issues } = fhirToCanonical([organization, delivery], { fhirVersion: '5' });
    expect(
      issues.some((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING' && i.params?.canonicalPath === '/shipper'),
    ).toBe(false);
  });

  it('never takes member names from the input', () => {
    const namespace = (name: string) => ({
      url: 'https://schemas.medsupply.org/fhir/StructureDefinition/extension-Envelope.extensions',
      extension: [
        { url: 'namespace', valueString: name },
        { url: 'value', valueString: '{"__proto__": {"polluted": true}}' },
      ],
    });
    const { issues } = fhirToCanonical(
      {
        resourceType: 'SupplyDelivery',
        status: 'completed',
        extension: [namespace('__proto__'), namespace('org.example')],
      },
      { fhirVersion: '5' },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'FHIR_EXTENSION_INVALID', path: '/extension/0' }),
    );
  });
});
