import {
  arr,
  datePart,
  instant,
  intern,
  monthOf,
  num,
  obj,
  oneMonthPeriod,
  own,
  quantity,
  refKey,
  refName,
  str,
} from './read.js';
import { type UnitSum, addQuantity } from './units.js';
/**
 * The streaming pass: each document is reduced into per-key aggregates (sums per product, location and
 * month; one small record per shipment, capacity report and shortage notice) and then dropped. Which
 * version of a document counts is decided at the end, because a replacement may arrive before or after
 * the document it supersedes; so the aggregates keep one entry per contributing document id, which is
 * one entry per key in the usual feed.
 */
import { upsert } from './upsert.js';

/** A location's stock in one snapshot document. */
export interface SnapshotEntry {
  doc: string;
  location: string;
  month: string;
  /** asOf instant, for choosing the latest snapshot. */
  at: number;
  created: number;
  /** SOH per product key (available or absent disposition, across lots). */
  stock: Map<string, UnitSum>;
}

/** One product's consumption in a one-month difference report. */
export interface DifferenceLine extends UnitSum {
  /** Reported stock-out days (the largest over the product's lines), or -1 when not reported. */
  stockoutDays: number;
}

/** A location's one-month difference report in one document. */
export interface DifferenceEntry {
  doc: string;
  created: number;
  location: string;
  month: string;
  lines: Map<string, DifferenceLine>;
}

/** One version of a shipment, reduced to what the metrics read. */
export interface ShipmentEntry {
  doc: string;
  created: number;
  status?: string;
  shipper?: string;
  orderDate?: string;
  requestedDate?: string;
  receivedDate?: string;
  shipDate?: string;
  /** Quantity shipped per product (shipped, else received). */
  shipped: Map<string, UnitSum>;
  /** true when every line was accepted (else received) at least as ordered (else shipped); a string says why it cannot be told. */
  inFull: boolean | string;
}

/** One capacity report. */
export interface CapacityEntry {
  doc: string;
  site?: string;
  product?: string;
  produced?: { value: number; unit: string };
  nominal?: { value: number; unit: string };
}

/** One DemandForecast of demand at a location, reduced to its monthly values. */
export interface ForecastEntry {
  doc: string;
  product: string;
  location: string;
  /** First month of the horizon, `YYYY-MM`. */
  start: string;
  /** Forecast value per month of the series (one-month periods only). */
  months: Map<string, { value: number; unit: string }>;
}

/** One shortage notice version. */
export interface NoticeEntry {
  doc: string;
  products: string[];
  start?: string;
  resolved?: string;
  expectedEnd?: string;
  status?: string;
}

const EMPTY: UnitSum = { value: 0, unit: '' };

/** Aggregate state of the streaming pass. */
export class Accumulator {
  /** documentIds named by `supersedes` of a replace or cancel document. */
  readonly superseded = new Set<string>();
  /** `location \0 month` -> snapshot entries (one per document). */
  readonly snapshots = new Map<string, SnapshotEntry[]>();
  /** `location \0 month` -> difference entries (one per document). */
  readonly differences = new Map<string, DifferenceEntry[]>();
  /** shipment key -> versions. */
  readonly shipments = new Map<string, ShipmentEntry[]>();
  readonly capacity: CapacityEntry[] = [];
  readonly notices: NoticeEntry[] = [];
  readonly forecasts: ForecastEntry[] = [];
  readonly names = new Map<string, string>();
  readonly counts = { read: 0, cancelled: 0, ignored: 0 };
  private sequence = 0;

  /** @param cutoff `YYYY-MM-DD`: ignore what happened or was written after it. */
  constructor(private readonly cutoff?: string) {}

  /** Reduces one (valid) canonical document into the aggregates. */
  add(document: unknown): void {
    const d = obj(document);
    this.counts.read++;
    if (d === undefined) {
      this.counts.ignored++;
      return;
    }
    const id = str(d.documentId);
    const doc = id === undefined ? `#${++this.sequence}` : own(id);
    const status = str(d.documentStatus);
    const supersedes = str(d.supersedes);
    if ((status === 'replace' || status === 'cancel') && supersedes !== undefined)
      this.superseded.add(own(supersedes));
    if (status === 'cancel') {
      this.counts.cancelled++;
      return;
    }
    const created = instant(d.createdAt);
    switch (str(d.documentType)) {
      case 'StockReport':
        if (d.countType === 'snapshot') this.addSnapshot(d, doc, created);
        else if (d.countType === 'difference') this.addDifference(d, doc, created);
        else this.counts.ignored++;
        return;
      case 'Shipment':
        this.addShipment(d, doc, created);
        return;
      case 'CapacityReport':
        this.addCapacity(d, doc);
        return;
      case 'ShortageNotice':
        this.addNotice(d, doc);
        return;
      case 'DemandForecast':
        this.addForecast(d, doc);
        return;
      default:
        this.counts.ignored++;
    }
  }

  private after(value: unknown): boolean {
    if (this.cutoff === undefined) return false;
    const date = datePart(value);
    return date !== undefined && date > this.cutoff;
  }

  private name(ref: unknown, key: string | undefined): void {
    if (key === undefined || this.names.has(key)) return;
    const name = refName(ref);
    if (name !== undefined) this.names.set(key, own(name));
  }

  private addSnapshot(d: Record<string, unknown>, doc: string, created: number): void {
    const month = monthOf(d.asOf);
    if (month === undefined || this.after(d.asOf)) {
      this.counts.ignored++;
      return;
    }
    const at = instant(d.asOf);
    for (const listing of arr(d.listings)) {
      const l = obj(listing);
      const location = refKey(l?.location);
      if (location === undefined) continue;
      this.name(l?.location, location);
      const key = `${location}\u0000${month}`;
      const entries = upsert(this.snapshots, key, () => []);
      let entry = entries.find((e) => e.doc === doc);
      if (entry === undefined) {
        entry = { doc, location, month, at, created, stock: new Map() };
        entries.push(entry);
      }
      for (const line of arr(l?.lines)) {
        const ln = obj(line);
        const product = refKey(ln?.product);
        if (product === undefined) continue;
        this.name(ln?.product, product);
        const q = obj(ln?.quantity);
        const value = q?.value;
        const unit = q?.unit;
        const disposition = ln?.disposition;
        const sum = entry.stock.get(product);
        if (
          (disposition === undefined || disposition === 'available') &&
          typeof value === 'number' &&
          typeof unit === 'string'
        ) {
          const next = addQuantity(sum === undefined || sum.unit === '' ? undefined : sum, value, unit);
          if (next !== sum) entry.stock.set(product, next);
        }
        // A product present only as quarantine, expired... stock is counted, with SOH 0 (a stock-out).
        else if (sum === undefined) entry.stock.set(product, { ...EMPTY });
      }
    }
  }

  private addDifference(d: Record<string, unknown>, doc: string, created: number): void {
    const period = obj(d.period);
    const month = oneMonthPeriod(period);
    if (month === undefined || this.after(period?.end)) {
      this.counts.ignored++;
      return;
    }
    for (const listing of arr(d.listings)) {
      const l = obj(listing);
      const location = refKey(l?.location);
      if (location === undefined) continue;
      this.name(l?.location, location);
      const entries = upsert(this.differences, `${location}\u0000${month}`, () => []);
      let entry = entries.find((e) => e.doc === doc);
      if (entry === undefined) {
        entry = { doc, created, location, month, lines: new Map() };
        entries.push(entry);
      }
      for (const line of arr(l?.lines)) {
        const ln = obj(line);
        const product = refKey(ln?.product);
        if (product === undefined) continue;
        this.name(ln?.product, product);
        let sum = entry.lines.get(product);
        if (sum === undefined) {
          sum = { value: 0, unit: '', problem: undefined, stockoutDays: -1 };
          entry.lines.set(product, sum);
        }
        const totals = obj(ln?.periodTotals);
        const consumed = obj(totals?.consumed);
        if (consumed !== undefined && typeof consumed.value === 'number' && typeof consumed.unit === 'string')
          addInto(sum, consumed.value, consumed.unit);
        else {
          // No total: consumption and issues are what left the shelf (credits are reversals).
          for (const movement of arr(ln?.movements)) {
            const m = obj(movement);
            if (m?.type !== 'consumption' && m?.type !== 'issue') continue;
            const q = quantity(m.quantity);
            if (q === undefined) continue;
            addInto(sum, m.direction === 'credit' ? -q.value : q.value, q.unit);
          }
        }
        const stockoutDays = num(totals?.stockoutDays);
        if (stockoutDays !== undefined && stockoutDays > sum.stockoutDays) sum.stockoutDays = stockoutDays;
      }
    }
  }

  private addShipment(d: Record<string, unknown>, doc: string, created: number): void {
    const key = refKey(d) ?? `document|${doc}`;
    const order = obj(d.orderRef);
    const dates = obj(d.dates);
    const shipper = refKey(d.shipper);
    this.name(d.shipper, shipper);
    const entry: ShipmentEntry = { doc, created, shipped: new Map(), inFull: true };
    const status = str(d.status);
    if (status !== undefined) entry.status = intern(status);
    if (shipper !== undefined) entry.shipper = shipper;
    setDate(entry, 'orderDate', order?.orderDate);
    setDate(entry, 'requestedDate', order?.requestedDeliveryDate);
    if (!this.after(dates?.receivedDate)) setDate(entry, 'receivedDate', dates?.receivedDate);
    if (!this.after(dates?.actualShipDate)) setDate(entry, 'shipDate', dates?.actualShipDate);
    for (const line of arr(d.lines)) {
      const ln = obj(line);
      const product = refKey(ln?.product);
      if (product === undefined) continue;
      this.name(ln?.product, product);
      const shipped = quantity(ln?.quantityShipped) ?? quantity(ln?.quantityReceived);
      const sum = entry.shipped.get(product);
      entry.shipped.set(
        product,
        shipped === undefined
          ? (sum ?? { ...EMPTY })
          : addTo(sum ?? { ...EMPTY }, shipped.value, shipped.unit),
      );
      if (entry.inFull === true) entry.inFull = lineInFull(ln);
    }
    const versions = upsert(this.shipments, key, () => []);
    versions.push(entry);
  }

  /** Forecasts of demand for one location: what forecast accuracy compares with consumption. */
  private addForecast(d: Record<string, unknown>, doc: string): void {
    const product = refKey(d.product);
    const location = refKey(obj(d.scope)?.location);
    const measure = str(d.measure);
    if (
      product === undefined ||
      location === undefined ||
      (measure !== 'demand' && measure !== 'constrainedDemand')
    ) {
      this.counts.ignored++;
      return;
    }
    this.name(d.product, product);
    this.name(obj(d.scope)?.location, location);
    const months = new Map<string, { value: number; unit: string }>();
    for (const item of arr(d.series)) {
      const entry = obj(item);
      const month = oneMonthPeriod(entry?.period);
      const q = quantity(entry?.quantity);
      if (month !== undefined && q !== undefined) months.set(month, q);
    }
    const start = [...months.keys()].sort()[0];
    if (start === undefined) {
      this.counts.ignored++;
      return;
    }
    this.forecasts.push({ doc, product, location, start, months });
  }

  private addCapacity(d: Record<string, unknown>, doc: string): void {
    if (this.after(obj(d.period)?.end)) {
      this.counts.ignored++;
      return;
    }
    const entry: CapacityEntry = { doc };
    const site = refKey(d.site);
    const product = refKey(d.product);
    this.name(d.site, site);
    this.name(d.product, product);
    if (site !== undefined) entry.site = site;
    if (product !== undefined) entry.product = product;
    const produced = quantity(d.producedQuantity);
    const nominal = quantity(d.nominalCapacity);
    if (produced !== undefined) entry.produced = produced;
    if (nominal !== undefined) entry.nominal = nominal;
    this.capacity.push(entry);
  }

  private addNotice(d: Record<string, unknown>, doc: string): void {
    const dates = obj(d.dates);
    const products: string[] = [];
    for (const item of arr(d.products)) {
      const p = obj(item)?.product;
      const key = refKey(p);
      this.name(p, key);
      if (key !== undefined && !products.includes(key)) products.push(key);
    }
    const entry: NoticeEntry = { doc, products };
    const status = str(d.status);
    if (status !== undefined) entry.status = intern(status);
    const start = datePart(dates?.startDate);
    if (start !== undefined) entry.start = start;
    const resolved = datePart(dates?.resolvedDate);
    if (resolved !== undefined && !this.after(resolved)) entry.resolved = resolved;
    const expected = datePart(dates?.expectedResolutionDate);
    if (expected !== undefined) entry.expectedEnd = expected;
    this.notices.push(entry);
  }
}

/** Adds into a sum in place (one object per product line, however many quantities it sums). */
function addInto(sum: UnitSum, value: number, unit: string): void {
  if (sum.problem !== undefined) return;
  if (sum.unit === '' && sum.value === 0) {
    sum.value = value;
    sum.unit = unit;
    return;
  }
  const next = addQuantity({ value: 0, unit: sum.unit, problem: undefined }, value, unit);
  if (next.problem !== undefined) sum.problem = next.problem;
  else sum.value += next.value;
}

/** Adds to a sum that may still be the empty placeholder (no unit yet). */
function addTo(sum: UnitSum, value: number, unit: string): UnitSum {
  return addQuantity(sum.unit === '' && sum.value === 0 ? undefined : sum, value, unit);
}

function setDate(
  entry: ShipmentEntry,
  member: 'orderDate' | 'requestedDate' | 'receivedDate' | 'shipDate',
  value: unknown,
): void {
  const date = datePart(value);
  if (date !== undefined) entry[member] = intern(date);
}

/** Accepted (else received, else nothing) covers ordered (else shipped) on one shipment line. */
function lineInFull(line: Record<string, unknown> | undefined): boolean | string {
  const wanted = quantity(line?.quantityOrdered) ?? quantity(line?.quantityShipped);
  if (wanted === undefined) return true;
  const got = quantity(line?.quantityAccepted) ?? quantity(line?.quantityReceived);
  if (got === undefined) return wanted.value <= 0;
  const sum = addQuantity({ value: 0, unit: wanted.unit }, got.value, got.unit);
  return sum.problem ?? sum.value >= wanted.value;
}
