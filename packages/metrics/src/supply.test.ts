import { describe, expect, it } from 'vitest';
import { computeMetrics } from './index.js';
import { L1, P1, P2, S1, S2, capacity, key, notice, shipment, shipped } from './testing/documents.js';
import { rows, value } from './testing/rows.js';

const p1 = key(P1);
const p2 = key(P2);
const s1 = key(S1);

function received(days: number, lines = [shipped(P1, { ordered: 10, shipped: 10, received: 10 })]) {
  const d = new Date(Date.UTC(2025, 0, 1 + days)).toISOString().slice(0, 10);
  return shipment(
    S1,
    'received',
    { actualShipDate: '2025-01-01T08:00:00Z', receivedDate: `${d}T12:00:00Z` },
    lines,
    { orderDate: '2025-01-01' },
  );
}

describe('lead-time-days-p90 and lead-time-days-mean', () => {
  it('takes the nearest-rank 90th percentile and the mean of order-to-receipt days', async () => {
    const docs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((d) => received(d));
    const result = await computeMetrics(docs);
    expect(value(result, 'lead-time-days-p90', { party: s1, product: p1 })).toBe(90); // ceil(0.9 x 10) = 9th
    expect(value(result, 'lead-time-days-mean', { party: s1, product: p1 })).toBe(55);
    const eleven = await computeMetrics([...docs, received(5)]);
    expect(value(eleven, 'lead-time-days-p90', { party: s1 })).toBe(90); // ceil(9.9) = 10th of 11
    expect(rows(eleven, 'lead-time-days-p90')[0]?.period).toBeUndefined();
  });

  it('takes one sample per shipment and product, and only received shipments', async () => {
    const twoLots = received(10, [
      shipped(P1, { shipped: 5, received: 5 }),
      shipped(P1, { shipped: 5, received: 5 }),
      shipped(P2, { shipped: 1, received: 1 }),
    ]);
    const inTransit = shipment(
      S1,
      'inTransit',
      { actualShipDate: '2025-01-02T00:00:00Z' },
      [shipped(P1, { shipped: 5 })],
      { orderDate: '2024-01-01' },
    );
    const result = await computeMetrics([twoLots, received(20), inTransit]);
    expect(value(result, 'lead-time-days-mean', { party: s1, product: p1 })).toBe(15);
    expect(value(result, 'lead-time-days-mean', { party: s1, product: p2 })).toBe(10);
  });

  it('reads order and receipt dates by their date part as written', async () => {
    const late = shipment(
      S1,
      'received',
      { actualShipDate: '2025-01-02T00:00:00Z', receivedDate: '2025-01-11T23:00:00-08:00' },
      [shipped(P1, { shipped: 1, received: 1 })],
      { orderDate: '2025-01-01' },
    );
    expect(value(await computeMetrics([late]), 'lead-time-days-p90')).toBe(10);
  });
});

describe('on-time-in-full', () => {
  it('counts each received shipment once: on or before the requested date and every line accepted (else received) >= ordered (else shipped)', async () => {
    const order = { orderDate: '2025-01-01', requestedDeliveryDate: '2025-01-10' };
    const onTime = shipment(
      S1,
      'received',
      { receivedDate: '2025-01-10T18:00:00+03:00' },
      [
        shipped(P1, { ordered: 100, shipped: 100, received: 100, accepted: 100 }),
        shipped(P2, { ordered: 5, shipped: 5, received: 5 }),
      ],
      order,
    );
    const late = shipment(
      S1,
      'received',
      { receivedDate: '2025-01-11T01:00:00Z' },
      [shipped(P1, { ordered: 100, shipped: 100, received: 100 })],
      order,
    );
    const rejected = shipment(
      S1,
      'received',
      { receivedDate: '2025-01-05T00:00:00Z' },
      [shipped(P1, { ordered: 100, shipped: 100, received: 100, accepted: 90 })],
      order,
    );
    const noOrderQuantity = shipment(
      S1,
      'received',
      { receivedDate: '2025-01-05T00:00:00Z' },
      [shipped(P1, { shipped: 50, received: 50 })],
      order,
    );
    const arrived = shipment(
      S1,
      'arrived',
      { actualArrival: '2025-01-05T00:00:00Z' },
      [shipped(P1, { shipped: 50 })],
      order,
    );
    const result = await computeMetrics([onTime, late, rejected, noOrderQuantity, arrived]);
    expect(value(result, 'on-time-in-full', { party: s1 })).toBe(2 / 4);
    expect(rows(result, 'on-time-in-full')[0]?.documents).toHaveLength(4);
  });

  it('counts a shipment reported twice (in transit, then received) once, in its latest version', async () => {
    const order = { orderDate: '2025-01-01', requestedDeliveryDate: '2025-01-10' };
    const first = shipment(
      S1,
      'inTransit',
      { actualShipDate: '2025-01-02T00:00:00Z' },
      [shipped(P1, { ordered: 10, shipped: 10 })],
      order,
    );
    const second = {
      ...first,
      documentId: '00000000-0000-4000-8000-999999999999',
      createdAt: '2025-01-12T00:00:00Z',
      status: 'received',
      dates: { actualShipDate: '2025-01-02T00:00:00Z', receivedDate: '2025-01-09T00:00:00Z' },
      lines: [shipped(P1, { ordered: 10, shipped: 10, received: 10 })],
    };
    const result = await computeMetrics([second, first]);
    expect(value(result, 'on-time-in-full', { party: s1 })).toBe(1);
    expect(value(result, 'lead-time-days-mean')).toBe(8);
    expect(value(result, 'supplier-hhi', { product: p1, period: '2025' })).toBe(10_000);
  });
});

describe('inline parties', () => {
  it('keys an inline shipper by its first identifier', async () => {
    const inline = {
      identifiers: [S1.identifier, { system: 'urn:example:vendor', value: 'V-9' }],
      name: 'KEMSA',
      roles: ['distributor'],
      country: 'KE',
    };
    const result = await computeMetrics([
      shipment(
        inline,
        'received',
        { actualShipDate: '2025-01-02T00:00:00Z', receivedDate: '2025-01-11T00:00:00Z' },
        [shipped(P1, { shipped: 1, received: 1 })],
        { orderDate: '2025-01-01' },
      ),
    ]);
    expect(value(result, 'lead-time-days-mean', { party: s1, product: p1 })).toBe(10);
    expect(result.names[s1]).toBe('KEMSA');
  });
});

describe('supplier-hhi and single-source-share', () => {
  it('squares shippers percentage shares of quantity shipped, in transit included, cancelled excluded', async () => {
    const result = await computeMetrics([
      shipment(
        S1,
        'received',
        { actualShipDate: '2025-02-01T00:00:00Z', receivedDate: '2025-02-03T00:00:00Z' },
        [shipped(P1, { shipped: 30, received: 30 }), shipped(P1, { shipped: 30, received: 30 })],
      ),
      shipment(S2, 'inTransit', { actualShipDate: '2025-03-01T00:00:00Z' }, [shipped(P1, { shipped: 40 })]),
      shipment(S2, 'cancelled', { actualShipDate: '2025-03-01T00:00:00Z' }, [shipped(P1, { shipped: 1000 })]),
      shipment(S2, 'planned', { plannedShipDate: '2025-03-01T00:00:00Z' }, [shipped(P1, { ordered: 1000 })]),
      shipment(S1, 'shipped', { actualShipDate: '2025-04-01T00:00:00Z' }, [shipped(P2, { shipped: 7 })]),
    ]);
    expect(value(result, 'supplier-hhi', { product: p1, period: '2025' })).toBeCloseTo(3600 + 1600, 9);
    expect(value(result, 'supplier-hhi', { product: p2, period: '2025' })).toBe(10_000);
    expect(value(result, 'single-source-share', { period: '2025' })).toBe(1 / 2);
  });

  it('takes the year of the actual ship date as written', async () => {
    const result = await computeMetrics([
      shipment(S1, 'shipped', { actualShipDate: '2024-12-31T22:00:00-05:00' }, [shipped(P1, { shipped: 1 })]),
    ]);
    expect(rows(result, 'supplier-hhi').map((r) => r.period)).toEqual(['2024']);
  });

  it('converts units with UCUM and reports mixed counting units as not computable', async () => {
    const mass = await computeMetrics([
      shipment(S1, 'shipped', { actualShipDate: '2025-01-01T00:00:00Z' }, [
        shipped(P1, { shipped: 1 }, 'kg'),
      ]),
      shipment(S2, 'shipped', { actualShipDate: '2025-01-01T00:00:00Z' }, [
        shipped(P1, { shipped: 1000 }, 'g'),
      ]),
    ]);
    expect(value(mass, 'supplier-hhi')).toBeCloseTo(5000, 9);
    const mixed = await computeMetrics([
      shipment(S1, 'shipped', { actualShipDate: '2025-01-01T00:00:00Z' }, [
        shipped(P1, { shipped: 1 }, '{pack}'),
      ]),
      shipment(S2, 'shipped', { actualShipDate: '2025-01-01T00:00:00Z' }, [
        shipped(P1, { shipped: 10 }, '{tablet}'),
      ]),
    ]);
    expect(rows(mixed, 'supplier-hhi')[0]).toMatchObject({
      value: null,
      reason: expect.stringContaining('cannot be converted'),
    });
  });
});

describe('capacity-utilisation', () => {
  it('is produced / nominal capacity per report, converting units, with no period', async () => {
    const result = await computeMetrics([
      capacity(L1, P1, [80, '{pack}'], [100, '{pack}']),
      capacity(L1, P2, [500, 'g'], [1, 'kg']),
      capacity(L1, P2, [500, 'g']),
    ]);
    expect(rows(result, 'capacity-utilisation').map((r) => [r.product, r.value, r.period])).toEqual([
      [p1, 0.8, undefined],
      [p2, 0.5, undefined],
    ]);
    expect(rows(result, 'capacity-utilisation')[0]?.site).toBe(key(L1));
  });

  it('is not computable between counting units that differ', async () => {
    const result = await computeMetrics([capacity(L1, P1, [80, '{vial}'], [100, '{pack}'])]);
    expect(rows(result, 'capacity-utilisation')[0]).toMatchObject({
      value: null,
      reason: expect.any(String),
    });
  });
});

describe('shortages', () => {
  it('counts notices per product and start year, active ones at the as-of date, and mean durations', async () => {
    const open = notice([P1], 'current', { startDate: '2025-01-01' });
    const closed = notice([P1, P2], 'resolved', { startDate: '2025-01-15', resolvedDate: '2025-02-01' });
    const withdrawn = notice([P1], 'withdrawn', { startDate: '2025-01-15' });
    const result = await computeMetrics([open, closed, withdrawn], { asOf: '2025-06-30' });
    expect(value(result, 'shortage-count', { product: p1, period: '2025' })).toBe(2);
    expect(value(result, 'shortage-active', { product: p1 })).toBe(1);
    expect(value(result, 'shortage-active', { product: p2 })).toBeUndefined();
    expect(value(result, 'shortage-duration-days-mean', { product: p1, period: '2025' })).toBe(
      (180 + 17) / 2,
    );
    expect(result.shortages.map((s) => [s.start, s.active])).toEqual([
      ['2025-01-01', true],
      ['2025-01-15', false],
      ['2025-01-15', false],
    ]);
  });

  it('uses the latest version of a revised notice', async () => {
    const first = notice([P1], 'current', { startDate: '2025-01-01' });
    const revised = notice(
      [P1],
      'resolved',
      { startDate: '2025-01-01', resolvedDate: '2025-01-11' },
      { documentStatus: 'replace', supersedes: first.documentId },
    );
    const result = await computeMetrics([first, revised], { asOf: '2025-06-30' });
    expect(value(result, 'shortage-count', { product: p1 })).toBe(1);
    expect(value(result, 'shortage-duration-days-mean', { product: p1 })).toBe(10);
    expect(value(result, 'shortage-active', { product: p1 })).toBeUndefined();
  });

  it('as of an earlier date, ignores what happened later but not what was written later', async () => {
    const closed = notice(
      [P1],
      'resolved',
      { startDate: '2025-01-01', resolvedDate: '2025-03-01' },
      { createdAt: '2025-03-02T00:00:00Z' },
    );
    const result = await computeMetrics([closed], { asOf: '2025-01-31' });
    expect(value(result, 'shortage-active', { product: p1 })).toBe(1);
    expect(value(result, 'shortage-duration-days-mean', { product: p1 })).toBe(30);
  });
});

describe('documents of later releases', () => {
  it('reads 1.1.0 documents with members it does not know, and never throws on odd shapes', async () => {
    const doc = {
      ...shipment(S1, 'shipped', { actualShipDate: '2025-01-01T00:00:00Z' }, [shipped(P1, { shipped: 1 })]),
      schemaVersion: '1.1.0',
      newMember: { x: 1 },
    };
    const result = await computeMetrics([
      doc,
      null,
      42,
      { documentType: 'StockReport', countType: 'snapshot', listings: 'x' },
    ]);
    expect(value(result, 'supplier-hhi')).toBe(10_000);
  });
});
