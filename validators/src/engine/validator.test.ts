import { beforeAll, describe, expect, it } from 'vitest';
import { type Validator, createValidator } from './validator.js';

const gln = (value: string) => ({ identifier: { system: 'https://www.gs1.org/gln', value } });

/** A received cold-chain shipment that is valid; tests break one thing at a time. */
// biome-ignore lint/suspicious/noExplicitAny: the tests break members at any depth, one at a time
function shipment(): Record<string, any> {
  return {
    schemaVersion: '1.0.0',
    documentId: '6f1c2a9e-3b1d-4c55-9a7e-2b4f0d8c1e11',
    documentType: 'Shipment',
    documentStatus: 'original',
    createdAt: '2026-03-04T09:00:00+03:00',
    sender: gln('0614141000005'),
    confidentiality: 'restricted',
    identifiers: [{ system: 'urn:example:asn', value: 'ASN-2026-0042' }],
    status: 'received',
    shipper: gln('0614141000005'),
    receiver: gln('0614141000012'),
    shipFrom: gln('0614141000029'),
    shipTo: {
      identifiers: [{ system: 'https://www.gs1.org/gln', value: '0614141000036' }],
      type: 'warehouse',
      country: 'KE',
      subdivision: 'KE-30',
    },
    dates: {
      actualShipDate: '2026-03-01T08:00:00Z',
      actualArrival: '2026-03-03T10:00:00Z',
      receivedDate: '2026-03-03T15:00:00Z',
    },
    lines: [
      {
        product: { identifier: { system: 'https://www.gs1.org/gtin', value: '00614141000418' } },
        lot: { lotNumber: 'BX4471', expiryDate: '2027-06-30', manufactureDate: '2025-12-01' },
        quantityShipped: { value: 400, unit: '{dose}' },
        quantityReceived: { value: 400, unit: '{dose}' },
        quantityAccepted: { value: 380, unit: '{dose}' },
        quantityRejected: { value: 20, unit: '{dose}' },
      },
    ],
  };
}

let validator: Validator;
beforeAll(async () => {
  validator = await createValidator();
});

const errors = (doc: unknown) =>
  validator
    .validate(doc)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.code} ${i.path}`);

describe('createValidator', () => {
  it('accepts a valid shipment', () => {
    const result = validator.validate(shipment());
    expect(result).toMatchObject({ documentType: 'Shipment', schemaVersion: '1.0.0', valid: true });
    expect(result.issues).toEqual([]);
  });

  it('names the missing member itself', () => {
    const doc = shipment();
    delete doc.shipper;
    expect(errors(doc)).toEqual(['REQUIRED_PROPERTY /shipper']);
  });

  it('names an unknown member, at the root and deep inside', () => {
    const doc = shipment();
    doc.carrier = 'DHL';
    doc.lines[0].quantiy = 3;
    expect(errors(doc).sort()).toEqual(['UNKNOWN_PROPERTY /carrier', 'UNKNOWN_PROPERTY /lines/0/quantiy']);
  });

  it('checks GS1 check digits, calendar dates, UCUM and countries with their own codes', () => {
    const doc = shipment();
    doc.lines[0].product.identifier.value = '00614141000419';
    doc.lines[0].lot.expiryDate = '2027-02-30';
    doc.lines[0].quantityShipped.unit = 'doses';
    doc.shipTo.country = 'XZ';
    expect(errors(doc).sort()).toEqual([
      'COUNTRY_CODE_UNKNOWN /shipTo/country',
      'DATE_INVALID /lines/0/lot/expiryDate',
      'GS1_CHECK_DIGIT /lines/0/product/identifier/value',
      'UCUM_UNIT_INVALID /lines/0/quantityShipped/unit',
    ]);
  });

  it('reports a wrong length as a pattern problem, not also as a check digit problem', () => {
    const doc = shipment();
    doc.shipper.identifier.value = '061414100000';
    expect(errors(doc)).toEqual(['PATTERN_MISMATCH /shipper/identifier/value']);
  });

  it('applies the business rules with pointers to the offending member', () => {
    const doc = shipment();
    doc.lines[0].quantityReceived.value = 410;
    expect(errors(doc)).toEqual([
      'RECEIVED_EXCEEDS_SHIPPED /lines/0/quantityReceived',
      'ACCEPTANCE_MISMATCH /lines/0/quantityAccepted',
    ]);
  });

  it('requires the dates and quantities a status implies', () => {
    const doc = shipment();
    delete doc.dates.receivedDate;
    delete doc.lines[0].quantityReceived;
    delete doc.lines[0].quantityAccepted;
    delete doc.lines[0].quantityRejected;
    expect(errors(doc)).toEqual([
      'SHIPMENT_DATE_REQUIRED /dates/receivedDate',
      'SHIPMENT_QUANTITY_REQUIRED /lines/0/quantityReceived',
    ]);
  });

  it('keeps counts whole', () => {
    const doc = shipment();
    doc.lines[0].quantityShipped.value = 399.5;
    expect(errors(doc)).toContain('NOT_AN_INTEGER /lines/0/quantityShipped/value');
  });

  it('picks the schema from the document, or says why it cannot', () => {
    expect(errors({ ...shipment(), documentType: 'Shipmnt' })).toEqual([
      'DOCUMENT_TYPE_UNKNOWN /documentType',
    ]);
    expect(errors({ ...shipment(), schemaVersion: '9.9.9' })).toEqual([
      'SCHEMA_VERSION_UNSUPPORTED /schemaVersion',
    ]);
    expect(errors([shipment()])).toEqual(['NOT_AN_OBJECT ']);
    const { documentType: _omit, ...untyped } = shipment();
    expect(errors(untyped)).toEqual(['DOCUMENT_TYPE_UNKNOWN /documentType']);
    expect(
      validator.validate(untyped, { documentType: 'Shipment' }).issues.map((i) => `${i.code} ${i.path}`),
    ).toEqual(['REQUIRED_PROPERTY /documentType']);
  });

  it('requires supersedes on replacements', () => {
    expect(errors({ ...shipment(), documentStatus: 'replace' })).toEqual(['SUPERSEDES_REQUIRED /supersedes']);
  });

  it('flags a subdivision outside the location country', () => {
    const doc = shipment();
    doc.shipTo.subdivision = 'TZ-01';
    expect(errors(doc)).toEqual(['SUBDIVISION_COUNTRY_MISMATCH /shipTo/subdivision']);
  });

  it('runs rules defensively on documents of the wrong shape', () => {
    const doc = shipment();
    doc.lines = 'none';
    doc.dates = [];
    expect(() => validator.validate(doc)).not.toThrow();
    expect(validator.validate(doc).valid).toBe(false);
  });
});
