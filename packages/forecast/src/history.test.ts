import { describe, expect, it } from 'vitest';
import { ConsumptionHistory, addMonths, monthOfPeriod } from './history.js';
import { regularValues } from './run.js';

const gtin = (value: string) => ({ identifier: { system: 'https://www.gs1.org/gtin', value } });
const facility = { identifier: { system: 'https://www.gs1.org/gln', value: '6160000001002' } };

function report(month: string, lines: unknown[], extra: Record<string, unknown> = {}) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    documentId: `doc-${month}-${JSON.stringify(extra).length}`,
    documentType: 'StockReport',
    documentStatus: 'original',
    createdAt: `${month}-28T00:00:00Z`,
    sender: facility,
    confidentiality: 'restricted',
    countType: 'difference',
    period: { start: `${month}-01`, end: `${month}-${end}` },
    listings: [{ location: facility, lines }],
    ...extra,
  };
}

const consumed = (value: number, stockoutDays?: number) => ({
  product: gtin('06160001000004'),
  quantity: { value: 0, unit: '{pack}' },
  periodTotals: { consumed: { value, unit: '{pack}' }, ...(stockoutDays ? { stockoutDays } : {}) },
});

describe('consumption history', () => {
  it('takes periodTotals.consumed, else consumption and issue movements', () => {
    const history = new ConsumptionHistory();
    history.add(report('2025-01', [consumed(12)]));
    history.add(
      report('2025-02', [
        {
          product: gtin('06160001000004'),
          quantity: { value: 0, unit: '{pack}' },
          movements: [
            {
              type: 'issue',
              direction: 'debit',
              quantity: { value: 4, unit: '{pack}' },
              occurredDate: '2025-02-03',
            },
            {
              type: 'consumption',
              direction: 'debit',
              quantity: { value: 5, unit: '{pack}' },
              occurredDate: '2025-02-09',
            },
            {
              type: 'receipt',
              direction: 'credit',
              quantity: { value: 50, unit: '{pack}' },
              occurredDate: '2025-02-10',
            },
          ],
        },
      ]),
    );
    expect([...history.series()[0]!.months]).toEqual([
      ['2025-01', 12],
      ['2025-02', 9],
    ]);
  });

  it('adjusts for stock-out days as consumed × D / (D − stockoutDays), and leaves out fully stocked-out months', () => {
    const history = new ConsumptionHistory();
    history.add(report('2025-04', [consumed(20, 10)]));
    history.add(report('2025-06', [consumed(0, 30)]));
    const [series] = history.series();
    expect(series!.months.get('2025-04')).toBeCloseTo(30);
    expect(series!.months.has('2025-06')).toBe(false);
    expect(series!.context.adjustedForStockouts).toBe(true);
    expect(history.issues.map((i) => i.code)).toEqual(['FORECAST_STOCKED_OUT_MONTH']);
  });

  it('adds up lots of one product at one location', () => {
    const history = new ConsumptionHistory();
    history.add(report('2025-03', [consumed(3), consumed(4)]));
    expect(history.series()[0]!.months.get('2025-03')).toBe(7);
  });

  it('ignores periods that are not one calendar month, and snapshots', () => {
    const history = new ConsumptionHistory();
    history.add({ ...report('2025-03', [consumed(3)]), period: { start: '2025-03-01', end: '2025-05-31' } });
    history.add({ ...report('2025-03', [consumed(3)]), countType: 'snapshot' });
    expect(history.series()).toEqual([]);
  });

  it('a replacement withdraws what the document it supersedes gave', () => {
    const history = new ConsumptionHistory();
    const first = report('2025-03', [consumed(3)]);
    history.add(first);
    history.add(
      report('2025-03', [consumed(5)], { documentStatus: 'replace', supersedes: first.documentId }),
    );
    expect(history.series()[0]!.months.get('2025-03')).toBe(5);
  });

  it('fills months without a report with the series mean, and counts them', () => {
    const history = new ConsumptionHistory();
    history.add(report('2025-01', [consumed(2)]));
    history.add(report('2025-04', [consumed(8)]));
    const { values, gaps } = regularValues(history.series()[0]!, '2025-04');
    expect(values).toEqual([2, 5, 5, 8]);
    expect(gaps).toBe(2);
  });

  it('knows calendar months', () => {
    expect(monthOfPeriod({ start: '2024-02-01', end: '2024-02-29' })).toBe('2024-02');
    expect(monthOfPeriod({ start: '2023-02-01', end: '2023-02-29' })).toBeUndefined();
    expect(addMonths('2025-11', 3)).toBe('2026-02');
  });
});
