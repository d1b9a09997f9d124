/** Builders of small canonical documents for hand-computed metric tests (valid 1.0.0 shapes). */
let n = 0;

/** A deterministic documentId. */
export function uuid(seed?: number): string {
  const i = seed ?? ++n;
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

export const GTIN = 'https://www.gs1.org/gtin';
export const GLN = 'https://www.gs1.org/gln';
export const P1 = { identifier: { system: GTIN, value: '09506000134352' } };
export const P2 = { identifier: { system: GTIN, value: '09506000134369' } };
export const L1 = { identifier: { system: GLN, value: '0614141000012' } };
export const L2 = { identifier: { system: GLN, value: '0614141000029' } };
export const L3 = { identifier: { system: GLN, value: '0614141000036' } };
export const S1 = { identifier: { system: GLN, value: '0614141000043' } };
export const S2 = { identifier: { system: GLN, value: '0614141000050' } };
export const key = (ref: { identifier: { system: string; value: string } }) =>
  `${ref.identifier.system}|${ref.identifier.value}`;

function envelope(documentType: string, extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: '1.0.0',
    documentId: uuid(),
    documentType,
    documentStatus: 'original',
    createdAt: '2025-01-01T00:00:00Z',
    sender: S1,
    confidentiality: 'public',
    ...extra,
  };
}

type Line = Record<string, unknown>;

/** A stock line of `value` units (`{pack}`), optionally with a disposition. */
export function line(product: unknown, value: number, more: Line = {}): Line {
  return { product, quantity: { value, unit: '{pack}' }, ...more };
}

/** A snapshot StockReport. */
export function snapshot(
  asOf: string,
  listings: Array<[unknown, Line[]]>,
  extra: Record<string, unknown> = {},
) {
  return {
    ...envelope('StockReport', extra),
    countType: 'snapshot',
    reporter: S1,
    asOf,
    listings: listings.map(([location, lines]) => ({ location, lines })),
  };
}

/** A difference StockReport over [start, end]. */
export function difference(
  start: string,
  end: string,
  listings: Array<[unknown, Line[]]>,
  extra: Record<string, unknown> = {},
) {
  return {
    ...envelope('StockReport', extra),
    countType: 'difference',
    reporter: S1,
    period: { start, end },
    listings: listings.map(([location, lines]) => ({ location, lines })),
  };
}

/** A difference line with period totals. */
export function consumed(product: unknown, value: number, stockoutDays?: number, closing = 0): Line {
  const periodTotals: Record<string, unknown> = { consumed: { value, unit: '{pack}' } };
  if (stockoutDays !== undefined) periodTotals.stockoutDays = stockoutDays;
  return { product, quantity: { value: closing, unit: '{pack}' }, periodTotals };
}

/** A Shipment. */
export function shipment(
  shipper: unknown,
  status: string,
  dates: Record<string, string>,
  lines: Line[],
  order: Record<string, string> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    ...envelope('Shipment', extra),
    identifiers: [{ system: 'urn:example:shipment', value: `SH-${++n}` }],
    status,
    orderRef: { identifier: { system: 'urn:example:order', value: `PO-${n}` }, ...order },
    shipper,
    receiver: S2,
    shipFrom: L1,
    shipTo: L2,
    dates,
    lines,
  };
}

/** A shipment line: ordered, shipped, received and accepted quantities (`{pack}`). */
export function shipped(
  product: unknown,
  q: { ordered?: number; shipped?: number; received?: number; accepted?: number },
  unit = '{pack}',
): Line {
  const out: Line = { product };
  if (q.ordered !== undefined) out.quantityOrdered = { value: q.ordered, unit };
  if (q.shipped !== undefined) out.quantityShipped = { value: q.shipped, unit };
  if (q.received !== undefined) out.quantityReceived = { value: q.received, unit };
  if (q.accepted !== undefined) out.quantityAccepted = { value: q.accepted, unit };
  return out;
}

/** A CapacityReport. */
export function capacity(
  site: unknown,
  product: unknown,
  produced?: [number, string],
  nominal?: [number, string],
) {
  const doc: Record<string, unknown> = {
    ...envelope('CapacityReport'),
    manufacturer: S1,
    site,
    product,
    businessOperation: 'manufacture',
    period: { start: '2025-01-01', end: '2025-01-31' },
  };
  if (produced) doc.producedQuantity = { value: produced[0], unit: produced[1] };
  if (nominal) doc.nominalCapacity = { value: nominal[0], unit: nominal[1] };
  return doc;
}

/** A ShortageNotice. */
export function notice(
  products: unknown[],
  status: string,
  dates: Record<string, string>,
  extra: Record<string, unknown> = {},
) {
  return {
    ...envelope('ShortageNotice', extra),
    issuer: S1,
    noticeType: 'actual',
    status,
    products: products.map((product) => ({ product })),
    jurisdictions: ['KE'],
    reasonCategory: 'manufacturingCapacity',
    dates: { lastUpdated: '2025-01-01', ...dates },
  };
}
