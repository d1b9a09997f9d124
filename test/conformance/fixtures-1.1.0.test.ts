/**
 * Conformance fixtures of release 1.1.0 (schemas/fixtures/1.1.0/<type>/{valid,invalid}), drawn from the
 * real records that 1.0.0 rejected wrongly: valid ones validate without errors, each invalid one raises
 * exactly the errors it records. And the 1.0.0 verdicts do not move: a 1.0.0 document keeps 1.0.0 rules.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Issue, type Validator, createValidator, runBusinessRules } from '@medsupply/validators';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const root = join(repositoryRoot, 'schemas', 'fixtures', '1.1.0');

interface InvalidFixture {
  description: string;
  expect: Array<{ code: string; path: string }>;
  document: Record<string, unknown>;
}

function load<T>(kind: 'valid' | 'invalid'): Array<[string, T]> {
  return readdirSync(root)
    .sort()
    .flatMap((folder) => {
      const dir = join(root, folder, kind);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => [`${folder}/${f}`, JSON.parse(readFileSync(join(dir, f), 'utf8')) as T] as [string, T]);
    });
}

const errorKeys = (issues: readonly Issue[]) =>
  [...new Set(issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`))].sort();

let validator: Validator;
beforeAll(async () => {
  validator = await createValidator({ preload: false });
});

describe('1.1.0 fixtures', () => {
  const valid = load<Record<string, unknown>>('valid');
  const invalid = load<InvalidFixture>('invalid');

  it('cover the evidence: valid and invalid documents of shipments, stock reports and shortage notices', () => {
    for (const folder of ['shipment', 'stock-report', 'shortage-notice']) {
      expect(
        valid.some(([name]) => name.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
      expect(
        invalid.some(([name]) => name.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    }
  });

  it.each(valid)('valid/%s validates as 1.1.0 without errors', async (_name, document) => {
    const result = await validator.validateAsync(document);
    expect(result.schemaVersion).toBe('1.1.0');
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it.each(invalid)('invalid/%s raises exactly its expected errors', async (_name, fixture) => {
    expect(fixture.description).toMatch(/^\S[^\n]*\.$/);
    const result = await validator.validateAsync(fixture.document);
    expect(result.schemaVersion).toBe('1.1.0');
    expect(result.valid).toBe(false);
    expect(errorKeys(result.issues)).toEqual(
      [...new Set(fixture.expect.map((e) => `${e.code} ${e.path}`))].sort(),
    );
  });

  it('still catches the really inconsistent record: more received than shipped', async () => {
    const [, fixture] = invalid.find(([name]) => name === 'shipment/received-more-than-shipped.json')!;
    expect(errorKeys((await validator.validateAsync(fixture.document)).issues)).toEqual([
      'RECEIVED_EXCEEDS_SHIPPED /lines/0/quantityReceived',
    ]);
  });
});

describe('business rules are versioned with their release', () => {
  const receivedWithoutShipDate = (schemaVersion: string) => ({
    schemaVersion,
    status: 'received',
    dates: { receivedDate: '2025-03-04T16:45:00+03:00' },
    lines: [
      {
        product: {},
        quantityShipped: { value: 5, unit: '{dose}' },
        quantityReceived: { value: 5, unit: '{dose}' },
      },
    ],
  });
  const keys = (doc: unknown, type: string) =>
    runBusinessRules(doc, type).map((i) => `${i.severity} ${i.code} ${i.path}`);

  it('keeps SHIPMENT_DATE_REQUIRED an error for 1.0.0 documents', () => {
    expect(keys(receivedWithoutShipDate('1.0.0'), 'Shipment')).toEqual([
      'error SHIPMENT_DATE_REQUIRED /dates/actualShipDate',
    ]);
  });

  it('accepts a received 1.1.0 shipment with a delivery date and no ship date', () => {
    expect(keys(receivedWithoutShipDate('1.1.0'), 'Shipment')).toEqual([]);
  });

  it('only advises the status milestone date in 1.1.0', () => {
    const doc = { ...receivedWithoutShipDate('1.1.0'), dates: {} };
    expect(keys(doc, 'Shipment')).toEqual(['warning SHIPMENT_DATE_MISSING /dates/receivedDate']);
  });

  it('uses the newest rules not after a later patch version, and 1.0.0 rules for nonsense', () => {
    expect(keys(receivedWithoutShipDate('1.1.7'), 'Shipment')).toEqual([]);
    expect(keys(receivedWithoutShipDate('one'), 'Shipment')).toHaveLength(1);
  });

  const openingClosingOnly = (schemaVersion: string, consumed: number) => ({
    schemaVersion,
    countType: 'difference',
    period: { start: '2025-01-01', end: '2025-01-31' },
    listings: [
      {
        lines: [
          {
            quantity: { value: 120, unit: '{dose}' },
            movements: [
              {
                type: 'receipt',
                direction: 'credit',
                quantity: { value: 50, unit: '{dose}' },
                occurredDate: '2025-01-05',
              },
              {
                type: 'consumption',
                direction: 'debit',
                quantity: { value: consumed, unit: '{dose}' },
                occurredDate: '2025-01-20',
              },
            ],
            periodTotals: {
              openingBalance: { value: 100, unit: '{dose}' },
              closingBalance: { value: 120, unit: '{dose}' },
            },
          },
        ],
      },
    ],
  });

  it('counts missing period totals as 0 in 1.0.0, as published', () => {
    expect(keys(openingClosingOnly('1.0.0', 30), 'StockReport')).toEqual([
      'error STOCK_BALANCE_MISMATCH /listings/0/lines/0/periodTotals/closingBalance',
    ]);
  });

  it('derives missing totals from balanced movements in 1.1.0, and catches unbalanced ones', () => {
    expect(keys(openingClosingOnly('1.1.0', 30), 'StockReport')).toEqual([]);
    expect(keys(openingClosingOnly('1.1.0', 31), 'StockReport')).toEqual([
      'error STOCK_BALANCE_MISMATCH /listings/0/lines/0/periodTotals/closingBalance',
    ]);
  });

  it('skips the totals equation when a total is missing and there are no movements', () => {
    const doc = openingClosingOnly('1.1.0', 30);
    const line = doc.listings[0]!.lines[0]! as Record<string, unknown>;
    delete line.movements;
    (line.periodTotals as Record<string, unknown>).received = { value: 50, unit: '{dose}' };
    expect(keys(doc, 'StockReport')).toEqual([]);
  });

  it('keeps the line quantity against the closing balance a warning', () => {
    const doc = openingClosingOnly('1.1.0', 30);
    doc.listings[0]!.lines[0]!.quantity.value = 20;
    expect(keys(doc, 'StockReport')).toEqual([
      'warning CLOSING_BALANCE_QUANTITY_MISMATCH /listings/0/lines/0/quantity',
    ]);
  });

  const avoided = (schemaVersion: string) => ({
    schemaVersion,
    noticeType: 'anticipated',
    status: 'resolved',
    dates: { startDate: '2025-04-01', expectedResolutionDate: '2025-03-20', resolvedDate: '2025-03-18' },
  });

  it('lets an anticipated shortage be avoided before its start in 1.1.0 only', () => {
    expect(keys(avoided('1.0.0'), 'ShortageNotice')).toEqual([
      'error SHORTAGE_DATE_ORDER /dates/resolvedDate',
      'error SHORTAGE_DATE_ORDER /dates/expectedResolutionDate',
    ]);
    expect(keys(avoided('1.1.0'), 'ShortageNotice')).toEqual([]);
  });

  it('advises on identifier systems in 1.1.0: registry aliases and malformed local systems', () => {
    const doc = {
      schemaVersion: '1.1.0',
      sender: { identifier: { system: 'http://www.gs1.org/gln', value: '6161000003072' } },
      identifiers: [
        { system: 'urn:medsupply:local:gln:6161000003072:shipment', value: 'A1' },
        { system: 'urn:medsupply:local:facility', value: 'A2' },
        { system: 'urn:medsupply:local:myco:1:facility', value: 'A3' },
      ],
    };
    expect(keys(doc, 'Shipment')).toEqual([
      'warning IDENTIFIER_SYSTEM_ALIAS /sender/identifier/system',
      'warning IDENTIFIER_LOCAL_SYSTEM_INVALID /identifiers/1/system',
      'warning IDENTIFIER_LOCAL_SYSTEM_INVALID /identifiers/2/system',
    ]);
    expect(keys({ ...doc, schemaVersion: '1.0.0' }, 'Shipment')).toEqual([]);
  });
});
