import { describe, expect, it } from 'vitest';
import { computeMetrics } from './index.js';
import { L1, P1, consumed, difference, key, uuid } from './testing/documents.js';
import { rows, value } from './testing/rows.js';

const p1 = key(P1);
const l1 = key(L1);

function forecast(values: Record<string, number>, extra: Record<string, unknown> = {}) {
  const months = Object.keys(values).sort();
  const period = (month: string) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { start: `${month}-01`, end: `${month}-${end}`, granularity: 'month' };
  };
  return {
    schemaVersion: '1.1.0',
    documentId: uuid(),
    documentType: 'DemandForecast',
    documentStatus: 'original',
    createdAt: '2025-01-05T00:00:00Z',
    sender: { identifier: { system: 'https://www.gs1.org/gln', value: '6160000000012' } },
    confidentiality: 'restricted',
    forecaster: { identifier: { system: 'https://www.gs1.org/gln', value: '6160000000012' } },
    scope: { jurisdiction: 'KE', location: L1 },
    product: P1,
    measure: 'demand',
    method: 'consumption',
    issuedAt: '2025-01-05T00:00:00Z',
    horizon: { start: `${months[0]}-01`, end: period(months.at(-1)!).end },
    series: months.map((month) => ({
      period: period(month),
      quantity: { value: values[month], unit: '{pack}' },
    })),
    ...extra,
  };
}

// Consumption at L1 for P1: Oct 10, Nov 20, Dec 10 (naive in-sample error 10); then Jan 30, Feb 20
// with 14 of 28 days stocked out (adjusted 40).
const history = [
  difference('2024-10-01', '2024-10-31', [[L1, [consumed(P1, 10)]]]),
  difference('2024-11-01', '2024-11-30', [[L1, [consumed(P1, 20)]]]),
  difference('2024-12-01', '2024-12-31', [[L1, [consumed(P1, 10)]]]),
  difference('2025-01-01', '2025-01-31', [[L1, [consumed(P1, 30)]]]),
  difference('2025-02-01', '2025-02-28', [[L1, [consumed(P1, 20, 14)]]]),
];

describe('forecast accuracy', () => {
  it('compares each forecast month that has a report with the adjusted consumption that followed', async () => {
    // Forecast 25 for Jan, Feb and Mar; Mar has no report yet. Actuals 30 and 40 (adjusted).
    const result = await computeMetrics([
      ...history,
      forecast({ '2025-01': 25, '2025-02': 25, '2025-03': 25 }),
    ]);
    const where = { product: p1, location: l1, period: '2025-01' };
    expect(value(result, 'forecast-wape', where)).toBeCloseTo((5 + 15) / 70);
    expect(value(result, 'forecast-bias', where)).toBeCloseTo((-5 - 15) / 70);
    // MASE: mean absolute error 10 over the in-sample naive error (|20-10| + |10-20|) / 2 = 10.
    expect(value(result, 'forecast-mase', where)).toBeCloseTo(1);
  });

  it('gives no row for a forecast whose months have no report yet', async () => {
    const result = await computeMetrics([...history, forecast({ '2025-06': 25 })]);
    expect(rows(result, 'forecast-wape')).toEqual([]);
  });

  it('says why MASE cannot be computed without two consecutive earlier months', async () => {
    const result = await computeMetrics([history[3]!, forecast({ '2025-01': 25 })]);
    const row = rows(result, 'forecast-mase')[0]!;
    expect(row.value).toBeNull();
    expect(row.reason).toMatch(/two consecutive months/);
  });

  it('ignores a replaced forecast', async () => {
    const first = forecast({ '2025-01': 100 });
    const second = forecast({ '2025-01': 30 }, { documentStatus: 'replace', supersedes: first.documentId });
    const result = await computeMetrics([...history, first, second]);
    expect(rows(result, 'forecast-wape').map((row) => row.value)).toEqual([0]);
  });
});
