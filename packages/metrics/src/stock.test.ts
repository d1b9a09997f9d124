import { describe, expect, it } from 'vitest';
import { computeMetrics } from './index.js';
import { L1, L2, L3, P1, P2, consumed, difference, key, line, snapshot } from './testing/documents.js';
import { rows, value } from './testing/rows.js';

const p1 = key(P1);
const p2 = key(P2);
const l1 = key(L1);
const l2 = key(L2);

// Consumption at L1 for P1: Dec 1000 (too old once there are 3 later months), Jan 30,
// Feb 20 with 14 of 28 days stocked out (adjusted 40), Mar 50. AMC in March = (30 + 40 + 50) / 3 = 40.
const history = [
  difference('2024-12-01', '2024-12-31', [[L1, [consumed(P1, 1000)]]]),
  difference('2025-01-01', '2025-01-31', [[L1, [consumed(P1, 30, 0)]]]),
  difference('2025-02-01', '2025-02-28', [[L1, [consumed(P1, 20, 14)]]]),
  difference('2025-03-01', '2025-03-31', [[L1, [consumed(P1, 50)]]]),
];

describe('months-of-stock', () => {
  it('is SOH of available or unstated lines across lots over the AMC of the 3 latest reported months', async () => {
    const result = await computeMetrics([
      ...history,
      snapshot('2025-03-31T10:00:00Z', [
        [
          L1,
          [
            line(P1, 90, { lot: { lotNumber: 'A' } }),
            line(P1, 45, { lot: { lotNumber: 'B' }, disposition: 'available' }),
            line(P1, 1000, { disposition: 'quarantine' }),
          ],
        ],
      ]),
    ]);
    expect(value(result, 'months-of-stock', { product: p1, location: l1, period: '2025-03' })).toBe(135 / 40);
  });

  it('adjusts consumption for stock-out days: consumed x D / (D - stockoutDays)', async () => {
    const result = await computeMetrics([
      difference('2025-02-01', '2025-02-28', [[L1, [consumed(P1, 20, 14)]]]),
      snapshot('2025-02-28T00:00:00Z', [[L1, [line(P1, 80)]]]),
    ]);
    expect(value(result, 'months-of-stock', { product: p1, location: l1, period: '2025-02' })).toBe(2); // 80 / 40
  });

  it('uses consumption itself when every day of the month was a stock-out day', async () => {
    const result = await computeMetrics([
      difference('2025-04-01', '2025-04-30', [[L1, [consumed(P1, 10, 30)]]]),
      snapshot('2025-04-30T00:00:00Z', [[L1, [line(P1, 20)]]]),
    ]);
    expect(value(result, 'months-of-stock', { product: p1, location: l1 })).toBe(2);
  });

  it('uses reported months up to and including M, at most 3, however far back', async () => {
    const result = await computeMetrics([
      ...history,
      snapshot('2025-01-15T00:00:00Z', [[L1, [line(P1, 515)]]]), // AMC Jan = (1000 + 30) / 2 = 515
      snapshot('2025-06-15T00:00:00Z', [[L1, [line(P1, 80)]]]), // no report Apr-Jun: AMC = 40 from Jan-Mar
    ]);
    expect(value(result, 'months-of-stock', { product: p1, location: l1, period: '2025-01' })).toBe(1);
    expect(value(result, 'months-of-stock', { product: p1, location: l1, period: '2025-06' })).toBe(2);
  });

  it('sums consumption and issue movements when the period totals are missing', async () => {
    const movements = [
      {
        type: 'consumption',
        direction: 'debit',
        quantity: { value: 10, unit: '{pack}' },
        occurredDate: '2025-03-03',
      },
      {
        type: 'issue',
        direction: 'debit',
        quantity: { value: 5, unit: '{pack}' },
        occurredDate: '2025-03-04',
      },
      {
        type: 'receipt',
        direction: 'credit',
        quantity: { value: 100, unit: '{pack}' },
        occurredDate: '2025-03-05',
      },
      {
        type: 'adjustment',
        direction: 'debit',
        quantity: { value: 7, unit: '{pack}' },
        occurredDate: '2025-03-06',
      },
    ];
    const result = await computeMetrics([
      difference('2025-03-01', '2025-03-31', [
        [L1, [{ product: P1, quantity: { value: 78, unit: '{pack}' }, movements }]],
      ]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 30)]]]),
    ]);
    expect(value(result, 'months-of-stock', { product: p1, location: l1 })).toBe(2); // 30 / 15
  });

  it('ignores difference reports that are not one calendar month', async () => {
    const result = await computeMetrics([
      difference('2025-01-01', '2025-03-31', [[L1, [consumed(P1, 90)]]]),
      difference('2025-03-02', '2025-03-31', [[L1, [consumed(P1, 90)]]]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 30)]]]),
    ]);
    expect(rows(result, 'months-of-stock')).toEqual([]);
  });

  it('takes the latest snapshot of the month per location, even when it is in another document', async () => {
    const result = await computeMetrics([
      difference('2025-03-01', '2025-03-31', [
        [L1, [consumed(P1, 10)]],
        [L2, [consumed(P1, 10)]],
      ]),
      snapshot('2025-03-20T00:00:00Z', [[L1, [line(P1, 40)]]]),
      snapshot('2025-03-10T00:00:00Z', [
        [L1, [line(P1, 999)]],
        [L2, [line(P1, 20)]],
      ]),
    ]);
    expect(value(result, 'months-of-stock', { location: l1 })).toBe(4);
    expect(value(result, 'months-of-stock', { location: l2 })).toBe(2);
  });

  it('drops snapshots superseded by a replacement, whichever arrives first', async () => {
    const original = snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 135)]]]);
    const replacement = snapshot('2025-03-25T00:00:00Z', [[L1, [line(P1, 120)]]], {
      documentStatus: 'replace',
      supersedes: original.documentId,
      createdAt: '2025-04-02T00:00:00Z',
    });
    for (const order of [
      [original, replacement],
      [replacement, original],
    ]) {
      const result = await computeMetrics([...history, ...order]);
      expect(value(result, 'months-of-stock', { location: l1, period: '2025-03' })).toBe(3);
    }
  });

  it('drops cancelled snapshots and the cancel document itself', async () => {
    const wrong = snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 999)]]]);
    const cancel = {
      ...snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 1)]]]),
      documentStatus: 'cancel',
      supersedes: wrong.documentId,
    };
    const result = await computeMetrics([
      ...history,
      snapshot('2025-03-01T00:00:00Z', [[L1, [line(P1, 80)]]]),
      wrong,
      cancel,
    ]);
    expect(value(result, 'months-of-stock', { location: l1, period: '2025-03' })).toBe(2);
    expect(result.documents.cancelled).toBe(1);
  });

  it('reads the month of asOf as written, never shifted to UTC', async () => {
    const result = await computeMetrics([
      ...history,
      snapshot('2025-03-31T23:30:00-05:00', [[L1, [line(P1, 80)]]]),
    ]);
    expect(rows(result, 'months-of-stock').map((r) => r.period)).toEqual(['2025-03']);
  });

  it('gives SOH 0, a row of value 0, when every line of the product is non-available', async () => {
    const result = await computeMetrics([
      ...history,
      snapshot('2025-03-31T00:00:00Z', [
        [L1, [line(P1, 50, { disposition: 'quarantine' }), line(P1, 5, { disposition: 'expired' })]],
      ]),
    ]);
    expect(value(result, 'months-of-stock', { location: l1 })).toBe(0);
  });

  it('has no row without a snapshot in the month, nor where AMC is 0 or unknown', async () => {
    const result = await computeMetrics([
      ...history, // L1 reports consumption but has no snapshot
      difference('2025-03-01', '2025-03-31', [[L2, [consumed(P1, 0)]]]),
      snapshot('2025-03-31T00:00:00Z', [
        [L2, [line(P1, 10)]],
        [L3, [line(P1, 10)]],
      ]),
    ]);
    expect(rows(result, 'months-of-stock')).toEqual([]);
  });

  it('converts consumption into the unit of the stock with UCUM, and refuses to equate annotations', async () => {
    const mass = await computeMetrics([
      difference('2025-03-01', '2025-03-31', [
        [
          L1,
          [
            {
              product: P1,
              quantity: { value: 0, unit: 'kg' },
              periodTotals: { consumed: { value: 2000, unit: 'g' } },
            },
          ],
        ],
      ]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [{ product: P1, quantity: { value: 3, unit: 'kg' } }]]]),
    ]);
    expect(value(mass, 'months-of-stock')).toBe(1.5);
    const mixed = await computeMetrics([
      difference('2025-03-01', '2025-03-31', [
        [
          L1,
          [
            {
              product: P1,
              quantity: { value: 0, unit: '{tablet}' },
              periodTotals: { consumed: { value: 20, unit: '{tablet}' } },
            },
          ],
        ],
      ]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 3)]]]),
    ]);
    const [row] = rows(mixed, 'months-of-stock');
    expect(row?.value).toBeNull();
    expect(row?.reason).toMatch(/\{tablet\}.*\{pack\}|\{pack\}.*\{tablet\}/);
  });

  it('keys inline locations and products by their first identifier', async () => {
    const inline = {
      identifiers: [L1.identifier, { system: 'urn:example:facility', value: 'F-1' }],
      name: 'Kisumu County Referral Hospital',
      type: 'healthFacility',
      country: 'KE',
    };
    const product = { identifiers: [P1.identifier], level: 'package', name: 'Amoxicillin 250 mg' };
    const result = await computeMetrics([
      difference('2025-03-01', '2025-03-31', [[inline, [consumed(product, 10)]]]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 20)]]]),
    ]);
    expect(value(result, 'months-of-stock', { product: p1, location: l1 })).toBe(2);
    expect(result.names[l1]).toBe('Kisumu County Referral Hospital');
  });

  it('lists the documents each value came from', async () => {
    const snap = snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 80)]]]);
    const result = await computeMetrics([...history, snap]);
    const [row] = rows(result, 'months-of-stock');
    expect(row?.documents).toEqual(
      [snap.documentId, history[1]!.documentId, history[2]!.documentId, history[3]!.documentId].sort(),
    );
  });
});

describe('stock-out-rate', () => {
  it('is the share of locations with a line for the product whose SOH is 0, and 0 is still a row', async () => {
    const result = await computeMetrics([
      snapshot('2025-03-31T00:00:00Z', [
        [L1, [line(P1, 50), line(P2, 5)]],
        [L2, [line(P1, 40, { disposition: 'quarantine' })]],
        [L3, [line(P1, 0)]],
      ]),
    ]);
    expect(value(result, 'stock-out-rate', { product: p1, period: '2025-03' })).toBe(2 / 3);
    expect(value(result, 'stock-out-rate', { product: p2, period: '2025-03' })).toBe(0);
  });

  it('counts only the latest snapshot of each location in the month', async () => {
    const result = await computeMetrics([
      snapshot('2025-03-01T00:00:00Z', [
        [L1, [line(P1, 0)]],
        [L2, [line(P1, 0)]],
      ]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 10)]]]),
    ]);
    expect(value(result, 'stock-out-rate', { product: p1 })).toBe(1 / 2);
  });
});

describe('stocked-according-to-plan and stock-out-days', () => {
  it('is the share of locations between min and max months of stock (options)', async () => {
    const docs = [
      difference('2025-03-01', '2025-03-31', [
        [L1, [consumed(P1, 10, 3)]],
        [L2, [consumed(P1, 10)]],
        [L3, [consumed(P1, 10)]],
      ]),
      snapshot('2025-03-31T00:00:00Z', [
        [L1, [line(P1, 20)]],
        [L2, [line(P1, 40)]],
        [L3, [line(P1, 90)]],
      ]),
    ];
    // L1: AMC = 10 x 31 / 28, MOS 1.81; L2: 4; L3: 9.
    expect(value(await computeMetrics(docs), 'stocked-according-to-plan', { product: p1 })).toBe(1 / 3);
    expect(
      value(await computeMetrics(docs, { minMonths: 1, maxMonths: 9 }), 'stocked-according-to-plan', {
        product: p1,
      }),
    ).toBe(1);
    expect(
      value(await computeMetrics(docs), 'stock-out-days', { product: p1, location: l1, period: '2025-03' }),
    ).toBe(3);
    expect(rows(await computeMetrics(docs), 'stock-out-days', { location: l2 })).toEqual([]);
  });
});

describe('reporting-completeness', () => {
  it('is the share of locations that reported, each month from the first to the last', async () => {
    const result = await computeMetrics([
      snapshot('2025-01-31T00:00:00Z', [
        [L1, [line(P1, 1)]],
        [L2, [line(P1, 1)]],
      ]),
      difference('2025-03-01', '2025-03-31', [[L2, [consumed(P1, 1)]]]),
      snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 1)]]]),
    ]);
    expect(rows(result, 'reporting-completeness').map((r) => [r.period, r.value])).toEqual([
      ['2025-01', 1],
      ['2025-02', 0],
      ['2025-03', 1],
    ]);
  });
});

describe('metric groups', () => {
  it('yield the same rows as result(), one sorted metric at a time', async () => {
    const { MetricsComputation } = await import('./index.js');
    const c = new MetricsComputation();
    for (const d of [...history, snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 80), line(P2, 0)]]])])
      c.add(d);
    const groups = [...c.groups().rows()].filter((g) => g.length > 0);
    expect(groups.flat()).toEqual(c.result().metrics);
    expect(groups.every((g) => new Set(g.map((r) => r.metric)).size <= 2)).toBe(true);
  });
});

describe('periods and grouping', () => {
  it('rolls months up into quarters: last months of stock, pooled rates, summed days', async () => {
    const result = await computeMetrics(
      [
        ...history,
        snapshot('2025-01-31T00:00:00Z', [[L1, [line(P1, 0)]]]),
        snapshot('2025-03-31T00:00:00Z', [[L1, [line(P1, 80)]]]),
      ],
      { period: 'quarter' },
    );
    expect(value(result, 'months-of-stock', { period: '2025-Q1' })).toBe(2);
    expect(value(result, 'stock-out-rate', { period: '2025-Q1' })).toBe(1 / 2);
    expect(value(result, 'stock-out-days', { period: '2025-Q1' })).toBe(14);
  });

  it('--by product gives national months of stock from summed SOH and AMC', async () => {
    const result = await computeMetrics(
      [
        difference('2025-03-01', '2025-03-31', [
          [L1, [consumed(P1, 10)]],
          [L2, [consumed(P1, 30)]],
        ]),
        snapshot('2025-03-31T00:00:00Z', [
          [L1, [line(P1, 20)]],
          [L2, [line(P1, 100)]],
        ]),
      ],
      { by: ['product'] },
    );
    expect(rows(result, 'months-of-stock').map((r) => [r.product, r.location, r.value])).toEqual([
      [p1, undefined, 3],
    ]);
  });
});
