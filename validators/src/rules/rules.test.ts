import { describe, expect, it } from 'vitest';
import { runBusinessRules } from './index.js';

const codes = (doc: unknown, type: string) =>
  runBusinessRules(doc, type).map((i) => `${i.severity} ${i.code} ${i.path}`);
const q = (value: number, unit = '{dose}') => ({ value, unit });

describe('StockReport rules', () => {
  const difference = (closing: number) => ({
    countType: 'difference',
    period: { start: '2026-01-01', end: '2026-01-31' },
    listings: [
      {
        lines: [
          {
            quantity: q(closing),
            movements: [
              { type: 'receipt', direction: 'credit', quantity: q(50), occurredDate: '2026-01-05' },
              { type: 'consumption', direction: 'debit', quantity: q(30), occurredDate: '2026-01-20' },
            ],
            periodTotals: {
              openingBalance: q(100),
              received: q(50),
              consumed: q(30),
              closingBalance: q(closing),
            },
          },
        ],
      },
    ],
  });

  it('accepts a difference report that balances', () => {
    expect(codes(difference(120), 'StockReport')).toEqual([]);
  });

  it('points at the closing balance when it does not balance', () => {
    expect(codes(difference(125), 'StockReport')).toEqual([
      'error STOCK_BALANCE_MISMATCH /listings/0/lines/0/periodTotals/closingBalance',
    ]);
  });

  it('checks movement direction, date and unit', () => {
    const doc = difference(120);
    const [receipt, consumption] = doc.listings[0]!.lines[0]!.movements;
    receipt!.direction = 'debit';
    consumption!.occurredDate = '2026-02-02';
    expect(codes(doc, 'StockReport')).toEqual([
      'error MOVEMENT_DIRECTION_MISMATCH /listings/0/lines/0/movements/0/direction',
      'error MOVEMENT_OUTSIDE_PERIOD /listings/0/lines/0/movements/1/occurredDate',
      'error STOCK_BALANCE_MISMATCH /listings/0/lines/0/periodTotals/closingBalance',
    ]);
  });

  it('needs asOf for snapshots and a period for differences', () => {
    expect(codes({ countType: 'snapshot', listings: [] }, 'StockReport')).toEqual([
      'error SNAPSHOT_AS_OF_REQUIRED /asOf',
    ]);
    expect(codes({ countType: 'difference', listings: [] }, 'StockReport')).toEqual([
      'error DIFFERENCE_PERIOD_REQUIRED /period',
    ]);
  });

  it('warns about expired lots counted as available', () => {
    const doc = {
      countType: 'snapshot',
      asOf: '2026-05-01T00:00:00Z',
      listings: [{ lines: [{ lot: { lotNumber: 'A', expiryDate: '2026-04-30' } }] }],
    };
    expect(codes(doc, 'StockReport')).toEqual([
      'warning LOT_EXPIRED_AS_AVAILABLE /listings/0/lines/0/lot/expiryDate',
    ]);
  });
});

describe('shared definition rules', () => {
  it('finds periods and lots wherever they are', () => {
    const doc = {
      horizon: { start: '2026-06-01', end: '2026-01-01' },
      series: [
        {
          period: { start: '2026-03-01', end: '2026-03-31' },
          lot: { lotNumber: 'L', expiryDate: '2026-01-01', manufactureDate: '2026-01-01' },
        },
      ],
    };
    expect(codes(doc, 'Other')).toEqual([
      'error PERIOD_END_BEFORE_START /horizon/end',
      'error LOT_EXPIRY_NOT_AFTER_MANUFACTURE /series/0/lot/expiryDate',
    ]);
  });
});

describe('CapacityReport rules', () => {
  it('needs a volume and a reason when not operating', () => {
    expect(codes({ operatingStatus: 'suspended' }, 'CapacityReport')).toEqual([
      'error CAPACITY_QUANTITY_REQUIRED /producedQuantity',
      'error STATUS_REASON_REQUIRED /statusReason',
    ]);
    // Reduced output is still operating: a reason is welcome, not required.
    expect(codes({ operatingStatus: 'reduced', producedQuantity: q(1) }, 'CapacityReport')).toEqual([]);
  });
  it('checks inline manufacturer roles and site types', () => {
    const doc = {
      producedQuantity: q(1),
      businessOperation: 'manufacture',
      manufacturer: { roles: ['labeler'] },
      site: { type: 'warehouse' },
    };
    expect(codes(doc, 'CapacityReport')).toEqual([
      'error MANUFACTURER_ROLE_REQUIRED /manufacturer/roles',
      'error SITE_TYPE_MISMATCH /site/type',
    ]);
  });
});

describe('ShortageNotice rules', () => {
  it('needs the resolution date, after the start', () => {
    expect(codes({ status: 'resolved', dates: { startDate: '2026-02-01' } }, 'ShortageNotice')).toEqual([
      'error SHORTAGE_RESOLVED_DATE_REQUIRED /dates/resolvedDate',
    ]);
    expect(
      codes(
        { status: 'resolved', dates: { startDate: '2026-02-01', resolvedDate: '2026-01-01' } },
        'ShortageNotice',
      ),
    ).toEqual(['error SHORTAGE_DATE_ORDER /dates/resolvedDate']);
  });
});

describe('DemandForecast rules', () => {
  it('keeps series inside the horizon, apart, and within bounds', () => {
    const month = (m: string) => ({ start: `2026-${m}-01`, end: `2026-${m}-28` });
    const doc = {
      horizon: { start: '2026-01-01', end: '2026-03-31' },
      series: [
        { period: month('01'), quantity: q(10), lower: q(12), upper: q(15) },
        { period: month('02'), quantity: q(10), upper: q(9) },
        { period: { start: '2026-02-15', end: '2026-02-28' }, quantity: q(10) },
        { period: month('04'), quantity: q(10) },
      ],
    };
    expect(codes(doc, 'DemandForecast')).toEqual([
      'error FORECAST_BOUNDS_INVALID /series/0/lower',
      'error FORECAST_BOUNDS_INVALID /series/1/upper',
      'error FORECAST_SERIES_OUTSIDE_HORIZON /series/3/period',
      'error FORECAST_SERIES_OVERLAP /series/2/period',
    ]);
  });
});
