/**
 * Monthly consumption history from difference StockReports, the input of every forecast. Consumption
 * is defined as the metrics catalogue defines it for AMC: `periodTotals.consumed`, else the sum of
 * `consumption` and `issue` movements, adjusted for stock-out days as consumed × D / (D − stockoutDays)
 * (USAID | DELIVER Logistics Handbook). Only one-month periods count (1st to last day of a month).
 */

/** One product × location series, keyed as `SYSTEM|VALUE` of each side's first identifier. */
export interface SeriesKey {
  product: string;
  location: string;
  unit: string;
}

/** What a series knows besides its values: enough to write a DemandForecast for it. */
export interface SeriesContext {
  /** The product as the reports named it (a reference by identifier). */
  product: { identifier: { system: string; value: string } };
  /** The location as the reports named it (a reference by identifier). */
  location: { identifier: { system: string; value: string } };
  /** The location's country or subdivision, when some report gave the location inline. */
  jurisdiction?: string;
  /** The sender of the newest report, as that report named it. */
  sender?: unknown;
  /** The most restrictive confidentiality of the reports used. */
  confidentiality: string;
  /** Whether any month was adjusted for stock-out days. */
  adjustedForStockouts: boolean;
}

/** A monthly series: values by month (`YYYY-MM`), possibly with gaps. */
export interface MonthlySeries {
  key: SeriesKey;
  context: SeriesContext;
  months: Map<string, number>;
}

/** A month of a series that could not be used, and why. */
export interface HistoryIssue {
  documentId?: string;
  series?: string;
  month?: string;
  code: 'FORECAST_STOCKED_OUT_MONTH' | 'FORECAST_NO_CONSUMPTION';
  message: string;
}

const CONFIDENTIALITY_ORDER = ['public', 'restricted', 'commercial-in-confidence'];

interface Contribution {
  series: string;
  month: string;
  value: number;
  createdAt: string;
}

/**
 * Collects consumption from documents in any order. Replacements and cancellations follow the
 * envelope: a `replace` or `cancel` document withdraws what the document it supersedes contributed,
 * and when two reports give the same month of a series the one created last wins.
 */
export class ConsumptionHistory {
  private readonly contributions = new Map<string, Contribution[]>();
  private readonly withdrawn = new Set<string>();
  private readonly contexts = new Map<string, { key: SeriesKey; context: SeriesContext }>();
  /** Months that could not be used. */
  readonly issues: HistoryIssue[] = [];

  /** Adds one (valid) canonical document; anything but a difference StockReport is ignored. */
  add(document: Record<string, unknown>): void {
    const documentId = String(document.documentId ?? '');
    if (typeof document.supersedes === 'string') this.withdrawn.add(document.supersedes);
    if (document.documentType !== 'StockReport' || document.countType !== 'difference') return;
    if (document.documentStatus === 'cancel') return;
    const month = monthOfPeriod(document.period);
    if (!month) return;
    const days = daysInMonth(month);
    const createdAt = String(document.createdAt ?? '');
    const own: Contribution[] = [];
    const sums = new Map<string, { consumed: number; stockoutDays: number }>();
    for (const listing of asArray(document.listings)) {
      const location = identifierOf(listing.location);
      if (!location) continue;
      for (const line of asArray(listing.lines)) {
        const product = identifierOf(line.product);
        const consumed = consumedOf(line);
        if (!product || !consumed) continue;
        const key: SeriesKey = { product: keyOf(product), location: keyOf(location), unit: consumed.unit };
        const id = seriesId(key);
        this.remember(id, key, product, location, listing.location, document);
        // Lots of one product at one location add up; stock-out days are the location's, not per lot.
        const sum = sums.get(id) ?? { consumed: 0, stockoutDays: 0 };
        sum.consumed += consumed.value;
        sum.stockoutDays = Math.max(sum.stockoutDays, stockoutDaysOf(line));
        sums.set(id, sum);
      }
    }
    for (const [id, { consumed, stockoutDays }] of sums) {
      if (stockoutDays >= days) {
        this.issues.push({
          documentId,
          series: id,
          month,
          code: 'FORECAST_STOCKED_OUT_MONTH',
          message: `stocked out all ${days} days of ${month}: consumption says nothing of demand, month left out`,
        });
        continue;
      }
      if (stockoutDays > 0) this.contexts.get(id)!.context.adjustedForStockouts = true;
      own.push({ series: id, month, value: (consumed * days) / (days - stockoutDays), createdAt });
    }
    if (own.length > 0) this.contributions.set(documentId, own);
  }

  /** Every series with its monthly values, in key order. */
  series(): MonthlySeries[] {
    const byMonth = new Map<string, Map<string, Contribution>>();
    for (const [documentId, list] of this.contributions) {
      if (this.withdrawn.has(documentId)) continue;
      for (const entry of list) {
        const months = byMonth.get(entry.series) ?? new Map<string, Contribution>();
        const existing = months.get(entry.month);
        if (!existing || existing.createdAt < entry.createdAt) months.set(entry.month, entry);
        byMonth.set(entry.series, months);
      }
    }
    return [...byMonth.keys()].sort().map((id) => {
      const { key, context } = this.contexts.get(id)!;
      const months = new Map(
        [...byMonth.get(id)!.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([m, c]) => [m, c.value]),
      );
      return { key, context, months };
    });
  }

  private remember(
    id: string,
    key: SeriesKey,
    product: Identifier,
    location: Identifier,
    locationValue: unknown,
    document: Record<string, unknown>,
  ): void {
    let entry = this.contexts.get(id);
    if (!entry) {
      entry = {
        key,
        context: {
          product: { identifier: product },
          location: { identifier: location },
          confidentiality: 'public',
          adjustedForStockouts: false,
        },
      };
      this.contexts.set(id, entry);
    }
    const context = entry.context;
    const jurisdiction = jurisdictionOf(locationValue);
    if (jurisdiction) context.jurisdiction = jurisdiction;
    if (document.sender !== undefined) context.sender = document.sender;
    const confidentiality = String(document.confidentiality ?? 'public');
    if (
      CONFIDENTIALITY_ORDER.indexOf(confidentiality) > CONFIDENTIALITY_ORDER.indexOf(context.confidentiality)
    )
      context.confidentiality = confidentiality;
  }
}

interface Identifier {
  system: string;
  value: string;
}

/** `SYSTEM|VALUE` of a series key. */
export function keyOf(identifier: Identifier): string {
  return `${identifier.system}|${identifier.value}`;
}

/** The id of a series: product, location and unit keys joined. */
export function seriesId(key: SeriesKey): string {
  return `${key.product} @ ${key.location} [${key.unit}]`;
}

/** The identifier of a reference (`{identifier}`) or the first of an inline object's `identifiers`. */
function identifierOf(value: unknown): Identifier | undefined {
  if (!isObject(value)) return undefined;
  const candidate = isObject(value.identifier) ? value.identifier : asArray(value.identifiers)[0];
  if (!isObject(candidate) || typeof candidate.system !== 'string' || typeof candidate.value !== 'string')
    return undefined;
  return { system: candidate.system, value: candidate.value };
}

function jurisdictionOf(location: unknown): string | undefined {
  if (!isObject(location)) return undefined;
  if (typeof location.subdivision === 'string') return location.subdivision;
  return typeof location.country === 'string' ? location.country : undefined;
}

/** Consumption of a line: `periodTotals.consumed`, else consumption and issue movements summed. */
function consumedOf(line: Record<string, unknown>): { value: number; unit: string } | undefined {
  const totals = isObject(line.periodTotals) ? line.periodTotals : undefined;
  const consumed = totals && isObject(totals.consumed) ? totals.consumed : undefined;
  if (consumed && typeof consumed.value === 'number' && typeof consumed.unit === 'string')
    return { value: consumed.value, unit: consumed.unit };
  let sum: { value: number; unit: string } | undefined;
  for (const movement of asArray(line.movements)) {
    if (movement.type !== 'consumption' && movement.type !== 'issue') continue;
    const quantity = isObject(movement.quantity) ? movement.quantity : undefined;
    if (!quantity || typeof quantity.value !== 'number' || typeof quantity.unit !== 'string') continue;
    if (sum && sum.unit !== quantity.unit) return undefined;
    const sign = movement.direction === 'credit' ? -1 : 1;
    sum = { value: (sum?.value ?? 0) + sign * quantity.value, unit: quantity.unit };
  }
  return sum;
}

function stockoutDaysOf(line: Record<string, unknown>): number {
  const totals = isObject(line.periodTotals) ? line.periodTotals : undefined;
  const days = totals?.stockoutDays;
  return typeof days === 'number' && days > 0 ? days : 0;
}

/** `YYYY-MM` when the period runs from the 1st to the last day of one calendar month. */
export function monthOfPeriod(period: unknown): string | undefined {
  if (!isObject(period) || typeof period.start !== 'string' || typeof period.end !== 'string')
    return undefined;
  const start = /^(\d{4})-(\d{2})-01$/.exec(period.start);
  if (!start) return undefined;
  const month = `${start[1]}-${start[2]}`;
  return period.end === `${month}-${String(daysInMonth(month)).padStart(2, '0')}` ? month : undefined;
}

/** Days in a `YYYY-MM` month. */
export function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** The month `offset` months after a `YYYY-MM` month. */
export function addMonths(month: string, offset: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
