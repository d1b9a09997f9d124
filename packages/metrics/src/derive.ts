/**
 * Turns the aggregates of the streaming pass into metric rows, exactly as the catalogue defines them.
 * Choosing versions happens here: superseded and cancelled documents are dropped, then the latest
 * snapshot per location and month, the latest difference report per location, product and month, and
 * the latest version of each shipment are used.
 */
import type {
  Accumulator,
  DifferenceEntry,
  ForecastEntry,
  ShipmentEntry,
  SnapshotEntry,
} from './accumulate.js';
import type { Dimension } from './catalogue.js';
import type {
  LeadTimeDistribution,
  MetricRow,
  MetricsOptions,
  MetricsResult,
  ShortageSpan,
} from './model.js';
import { dayNumber, daysInMonth, quarterOf } from './read.js';
import { type UnitSum, conversionFactor, unitProblem } from './units.js';
import { upsert } from './upsert.js';

type Granularity = 'month' | 'quarter' | 'year';

/** Facts of one product at one location in one month, from which the stock metrics are derived. */
interface StockFact {
  product: string;
  location: string;
  month: string;
  soh: UnitSum;
  /** AMC in the unit of `soh`, null when not computable (see `reason`), undefined without reports. */
  amc?: number | null;
  reason?: string;
  documents: string[];
}

/** Derives every metric row from the aggregates. */
export function deriveMetrics(acc: Accumulator, options: MetricsOptions = {}): MetricsResult {
  const monthly: Granularity = options.period ?? 'month';
  const rows: MetricRow[] = [];
  let facts: StockFact[] = [];
  const groups = metricGroups(acc, options, (f) => {
    facts = f;
  });
  for (const group of groups.rows()) append(rows, group);
  const by = options.by;
  const metrics = by === undefined ? rows : sortRows(regroup(rows, facts, by, monthly));
  return { ...groups.summary(), metrics };
}

/** The rows of a metrics computation, one sorted group per metric in catalogue order, and the rest of the result. */
export interface MetricGroups {
  /** Each metric's rows, sorted; a group is built only when asked for, so at most one is held at a time. */
  rows(): Generator<MetricRow[]>;
  /** Everything but the rows (available once `rows()` has run). */
  summary(): Omit<MetricsResult, 'metrics'>;
}

/**
 * Derives the metrics one group at a time: the writer of a large report holds the aggregates and one
 * metric's rows, never every row at once. `keepFacts` receives the stock facts (used by `--by`).
 */
export function metricGroups(
  acc: Accumulator,
  options: MetricsOptions = {},
  keepFacts?: (facts: StockFact[]) => void,
): MetricGroups {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const minMonths = options.minMonths ?? 3;
  const maxMonths = options.maxMonths ?? 6;
  const monthly: Granularity = options.period ?? 'month';
  const yearly: Granularity = options.period ?? 'year';
  const live = (doc: string) => !acc.superseded.has(doc);
  let spans: ShortageSpan[] = [];
  let distributions: LeadTimeDistribution[] = [];
  function* rows(): Generator<MetricRow[]> {
    const snapshots = latestSnapshots(acc, live);
    const differences = latestDifferences(acc, live);
    let facts: StockFact[] | undefined = stockFacts(snapshots, differences);
    keepFacts?.(facts);
    yield sortRows(monthsOfStock(facts, monthly));
    yield sortRows(stockOutRate(facts, monthly));
    yield sortRows(stockedAccordingToPlan(facts, monthly, minMonths, maxMonths));
    facts = undefined;
    yield sortRows(stockOutDays(differences, monthly));
    yield sortRows(reportingCompleteness(snapshots, differences, monthly));
    const shipments = latestShipments(acc, live);
    const lead = leadTimes(shipments);
    distributions = lead.distributions;
    yield sortRows(lead.rows);
    yield sortRows(onTimeInFull(shipments));
    yield sortRows(supplierConcentration(shipments, yearly));
    yield sortRows(capacityUtilisation(acc, live));
    const shortages = shortageMetrics(acc, live, asOf, yearly);
    spans = shortages.spans;
    yield sortRows(shortages.rows);
    const accuracy = forecastAccuracy(
      acc.forecasts.filter((f) => live(f.doc)),
      differences,
    );
    yield sortRows(accuracy.wape);
    yield sortRows(accuracy.bias);
    yield sortRows(accuracy.mase);
  }
  function summary(): Omit<MetricsResult, 'metrics'> {
    let superseded = 0;
    for (const doc of acc.superseded) if (doc) superseded++;
    return {
      documents: {
        read: acc.counts.read,
        used: acc.counts.read - acc.counts.cancelled - acc.counts.ignored,
        superseded,
        cancelled: acc.counts.cancelled,
        ignored: acc.counts.ignored,
      },
      names: Object.fromEntries(acc.names),
      shortages: spans,
      leadTimes: distributions,
      asOf,
      plan: { minMonths, maxMonths },
    };
  }
  return { rows, summary };
}

/**
 * Adjusted consumption of a product in one month's difference report, in `unit` (as AMC adjusts it),
 * a string saying why it cannot be had, or undefined when the report has no line for the product.
 */
function adjustedConsumption(
  entry: DifferenceEntry,
  product: string,
  unit: string,
): number | string | undefined {
  const line = entry.lines.get(product);
  if (line === undefined) return undefined;
  if (line.problem !== undefined) return line.problem;
  let consumed = line.value;
  if (consumed !== 0 && line.unit !== unit) {
    const factor = conversionFactor(line.unit, unit);
    if (factor === null) return unitProblem(line.unit, unit);
    consumed *= factor;
  }
  const days = daysInMonth(entry.month);
  const out = line.stockoutDays > 0 ? line.stockoutDays : 0;
  return out >= days ? consumed : (consumed * days) / (days - out);
}

/** forecast-wape, forecast-bias and forecast-mase of each forecast with consumption to compare against. */
function forecastAccuracy(
  forecasts: ForecastEntry[],
  differences: Map<string, DifferenceEntry[]>,
): { wape: MetricRow[]; bias: MetricRow[]; mase: MetricRow[] } {
  const out = { wape: [] as MetricRow[], bias: [] as MetricRow[], mase: [] as MetricRow[] };
  for (const forecast of forecasts) {
    const series = differences.get(forecast.location) ?? [];
    const byMonth = new Map(series.map((entry) => [entry.month, entry]));
    const documents = [forecast.doc];
    let absolute = 0;
    let signed = 0;
    let actualTotal = 0;
    let compared = 0;
    let problem: string | undefined;
    let unit = '';
    for (const [month, value] of forecast.months) {
      unit = value.unit;
      const entry = byMonth.get(month);
      if (entry === undefined) continue;
      const actual = adjustedConsumption(entry, forecast.product, value.unit);
      if (actual === undefined) continue;
      documents.push(entry.doc);
      if (typeof actual === 'string') {
        problem = actual;
        continue;
      }
      compared++;
      absolute += Math.abs(value.value - actual);
      signed += value.value - actual;
      actualTotal += actual;
    }
    if (compared === 0 && problem === undefined) continue;
    const keys = { product: forecast.product, location: forecast.location, period: forecast.start };
    const row = (metric: string, value: number | null, reason?: string): MetricRow => ({
      metric,
      value,
      unit: '1',
      ...keys,
      ...(value === null && reason !== undefined ? { reason } : {}),
      documents: unique(documents),
    });
    if (problem !== undefined) {
      for (const metric of ['wape', 'bias', 'mase'] as const)
        out[metric].push(row(`forecast-${metric}`, null, problem));
      continue;
    }
    const noVolume = 'nothing was consumed in the forecast months';
    out.wape.push(
      actualTotal > 0 ? row('forecast-wape', absolute / actualTotal) : row('forecast-wape', null, noVolume),
    );
    out.bias.push(
      actualTotal > 0 ? row('forecast-bias', signed / actualTotal) : row('forecast-bias', null, noVolume),
    );
    const scale = naiveScale(series, forecast, unit);
    out.mase.push(
      typeof scale === 'number'
        ? row('forecast-mase', absolute / compared / scale)
        : row('forecast-mase', null, scale),
    );
  }
  return out;
}

/** Mean |a(t) - a(t-1)| over consecutive months before the forecast, or why there is none. */
function naiveScale(series: DifferenceEntry[], forecast: ForecastEntry, unit: string): number | string {
  let previous: { month: string; value: number } | undefined;
  let sum = 0;
  let steps = 0;
  for (const entry of series) {
    if (entry.month >= forecast.start) break;
    const actual = adjustedConsumption(entry, forecast.product, unit);
    if (typeof actual !== 'number') {
      previous = undefined;
      continue;
    }
    if (previous !== undefined && nextMonth(previous.month) === entry.month) {
      sum += Math.abs(actual - previous.value);
      steps++;
    }
    previous = { month: entry.month, value: actual };
  }
  if (steps === 0) return 'no two consecutive months of consumption before the forecast';
  if (sum === 0) return 'consumption never changed before the forecast (no naive error to scale by)';
  return sum / steps;
}

/** Compares two instants, NaN (unknown) before any known one. */
function compareInstants(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a - b;
}

/** The later of two versions: by the given instants in order, then documentId (deterministic). */
function later<T extends { doc: string }>(a: T, b: T, ...instants: Array<(x: T) => number>): T {
  for (const at of instants) {
    const c = compareInstants(at(a), at(b));
    if (c !== 0) return c > 0 ? a : b;
  }
  return b.doc > a.doc ? b : a;
}

/** month -> location -> the latest live snapshot of the location in the month. */
function latestSnapshots(
  acc: Accumulator,
  live: (doc: string) => boolean,
): Map<string, Map<string, SnapshotEntry>> {
  const out = new Map<string, Map<string, SnapshotEntry>>();
  for (const entries of acc.snapshots.values()) {
    let best: SnapshotEntry | undefined;
    for (const e of entries) {
      if (!live(e.doc)) continue;
      best =
        best === undefined
          ? e
          : later(
              best,
              e,
              (x) => x.at,
              (x) => x.created,
            );
    }
    if (best === undefined) continue;
    upsert(out, best.month, () => new Map<string, SnapshotEntry>()).set(best.location, best);
  }
  return out;
}

/** location -> the latest live one-month difference report of each month, months ascending. */
function latestDifferences(acc: Accumulator, live: (doc: string) => boolean): Map<string, DifferenceEntry[]> {
  const out = new Map<string, DifferenceEntry[]>();
  for (const entries of acc.differences.values()) {
    let best: DifferenceEntry | undefined;
    for (const e of entries)
      if (live(e.doc)) best = best === undefined ? e : later(best, e, (x) => x.created);
    if (best !== undefined) upsert(out, best.location, () => []).push(best);
  }
  for (const series of out.values()) series.sort((a, b) => (a.month < b.month ? -1 : 1));
  return out;
}

/** SOH and AMC of every product at every location with a snapshot line, per month. */
function stockFacts(
  snapshots: Map<string, Map<string, SnapshotEntry>>,
  differences: Map<string, DifferenceEntry[]>,
): StockFact[] {
  const facts: StockFact[] = [];
  for (const [month, byLocation] of snapshots) {
    for (const [location, snapshot] of byLocation) {
      const series = differences.get(location);
      for (const [product, soh] of snapshot.stock) {
        const fact: StockFact = { product, location, month, soh, documents: [snapshot.doc] };
        if (series !== undefined) amc(fact, series);
        facts.push(fact);
      }
    }
  }
  return facts;
}

/** Mean adjusted consumption over the up to 3 most recent months <= the fact's month with a report of the product. */
function amc(fact: StockFact, series: DifferenceEntry[]): void {
  let i = series.length - 1;
  while (i >= 0 && series[i]!.month > fact.month) i--;
  const unit = fact.soh.unit;
  let total = 0;
  let used = 0;
  for (; i >= 0 && used < 3; i--) {
    const entry = series[i]!;
    const line = entry.lines.get(fact.product);
    if (line === undefined) continue;
    used++;
    if (!fact.documents.includes(entry.doc)) fact.documents.push(entry.doc);
    if (line.problem !== undefined) {
      fact.amc = null;
      fact.reason = line.problem;
      return;
    }
    let consumed = line.value;
    if (consumed !== 0 && unit !== '' && line.unit !== unit) {
      const factor = conversionFactor(line.unit, unit);
      if (factor === null) {
        fact.amc = null;
        fact.reason = unitProblem(line.unit, unit);
        return;
      }
      consumed *= factor;
    }
    const days = daysInMonth(entry.month);
    const out = line.stockoutDays > 0 ? line.stockoutDays : 0;
    // OpenLMIS: with no day in stock there is nothing to adjust by.
    total += out >= days ? consumed : (consumed * days) / (days - out);
  }
  if (used > 0) fact.amc = total / used;
}

function periodOf(month: string, granularity: Granularity): string {
  if (granularity === 'month') return month;
  if (granularity === 'quarter') return quarterOf(month);
  return month.slice(0, 4);
}

function unique(docs: Iterable<string>): string[] {
  return [...new Set(docs)].sort();
}

/** months-of-stock: per product, location and month; for longer periods the last month that has one. */
function monthsOfStock(facts: StockFact[], granularity: Granularity): MetricRow[] {
  const out: MetricRow[] = [];
  // For longer periods, the last month of the period with a value, per product and location.
  const latest = granularity === 'month' ? undefined : new Map<string, { month: string; index: number }>();
  for (const f of facts) {
    if (f.amc === undefined) continue;
    const computable = f.soh.problem === undefined && f.amc !== null;
    if (computable && !((f.amc as number) > 0)) continue;
    const period = periodOf(f.month, granularity);
    const documents = f.documents.length > 1 ? f.documents.sort() : f.documents;
    const row: MetricRow = computable
      ? {
          metric: 'months-of-stock',
          value: f.soh.value / (f.amc as number),
          unit: 'mo',
          product: f.product,
          location: f.location,
          period,
          documents,
        }
      : {
          metric: 'months-of-stock',
          value: null,
          unit: 'mo',
          product: f.product,
          location: f.location,
          period,
          reason: f.soh.problem ?? f.reason ?? '',
          documents,
        };
    if (latest === undefined) {
      out.push(row);
      continue;
    }
    const key = `${f.product}\u0000${f.location}\u0000${period}`;
    const known = latest.get(key);
    if (known === undefined) {
      latest.set(key, { month: f.month, index: out.length });
      out.push(row);
    } else if (known.month < f.month) {
      known.month = f.month;
      out[known.index] = row;
    }
  }
  return out;
}

/** stock-out-rate: share of location-months with a line for the product whose SOH is 0. */
function stockOutRate(facts: StockFact[], granularity: Granularity): MetricRow[] {
  const groups = new Map<string, { zero: number; all: number; problem?: string; docs: Set<string> }>();
  for (const f of facts) {
    const key = `${f.product}\u0000${periodOf(f.month, granularity)}`;
    const g = upsert(groups, key, () => ({ zero: 0, all: 0, docs: new Set<string>() }));
    g.all++;
    g.docs.add(f.documents[0]!);
    if (f.soh.problem !== undefined) g.problem = f.soh.problem;
    else if (f.soh.value === 0) g.zero++;
  }
  return [...groups].map(([key, g]) => {
    const [product = '', period = ''] = key.split('\u0000');
    const row: MetricRow = {
      metric: 'stock-out-rate',
      value: g.problem ? null : g.zero / g.all,
      unit: '1',
      product,
      period,
      documents: unique(g.docs),
    };
    if (g.problem) row.reason = g.problem;
    return row;
  });
}

/** stocked-according-to-plan: share of location-months within [min, max] months of stock. */
function stockedAccordingToPlan(
  facts: StockFact[],
  granularity: Granularity,
  min: number,
  max: number,
): MetricRow[] {
  const groups = new Map<string, { ok: number; all: number; docs: Set<string> }>();
  for (const f of facts) {
    if (f.amc === undefined || f.amc === null || !(f.amc > 0) || f.soh.problem !== undefined) continue;
    const mos = f.soh.value / f.amc;
    const key = `${f.product}\u0000${periodOf(f.month, granularity)}`;
    const g = upsert(groups, key, () => ({ ok: 0, all: 0, docs: new Set<string>() }));
    g.all++;
    if (mos >= min && mos <= max) g.ok++;
    for (const d of f.documents) g.docs.add(d);
  }
  return [...groups].map(([key, g]) => {
    const [product = '', period = ''] = key.split('\u0000');
    return {
      metric: 'stocked-according-to-plan',
      value: g.ok / g.all,
      unit: '1',
      product,
      period,
      documents: unique(g.docs),
    };
  });
}

/** stock-out-days: reported days without stock; summed over the months of longer periods. */
function stockOutDays(differences: Map<string, DifferenceEntry[]>, granularity: Granularity): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  const monthly: MetricRow[] = [];
  for (const [location, series] of differences) {
    for (const entry of series) {
      const period = periodOf(entry.month, granularity);
      const documents = [entry.doc]; // shared by the entry's rows
      for (const [product, line] of entry.lines) {
        if (line.stockoutDays < 0) continue;
        if (granularity === 'month') {
          monthly.push({
            metric: 'stock-out-days',
            value: line.stockoutDays,
            unit: 'd',
            product,
            location,
            period,
            documents,
          });
          continue;
        }
        const id = `${location}\u0000${product}\u0000${period}`;
        const row = rows.get(id);
        if (row === undefined)
          rows.set(id, {
            metric: 'stock-out-days',
            value: line.stockoutDays,
            unit: 'd',
            product,
            location,
            period,
            documents: [entry.doc],
          });
        else {
          row.value = (row.value ?? 0) + line.stockoutDays;
          if (!row.documents.includes(entry.doc)) row.documents.push(entry.doc);
        }
      }
    }
  }
  if (granularity === 'month') return monthly;
  const out = [...rows.values()];
  for (const row of out) if (row.documents.length > 1) row.documents.sort();
  return out;
}

/** reporting-completeness: locations reporting / locations that ever reported, every month in range. */
function reportingCompleteness(
  snapshots: Map<string, Map<string, SnapshotEntry>>,
  differences: Map<string, DifferenceEntry[]>,
  granularity: Granularity,
): MetricRow[] {
  const reported = new Map<string, Map<string, Set<string>>>(); // month -> location -> documents
  const note = (month: string, location: string, doc: string) => {
    const byLocation = upsert(reported, month, () => new Map());
    const docs = upsert(byLocation, location, () => new Set<string>());
    docs.add(doc);
  };
  for (const [month, byLocation] of snapshots)
    for (const [location, s] of byLocation) note(month, location, s.doc);
  for (const [location, series] of differences)
    for (const entry of series) note(entry.month, location, entry.doc);
  if (reported.size === 0) return [];
  const locations = new Set<string>();
  for (const byLocation of reported.values()) for (const l of byLocation.keys()) locations.add(l);
  const months = [...reported.keys()].sort();
  const groups = new Map<string, { got: number; expected: number; docs: Set<string> }>();
  for (let month = months[0]!; month <= months.at(-1)!; month = nextMonth(month)) {
    const period = periodOf(month, granularity);
    const g = upsert(groups, period, () => ({ got: 0, expected: 0, docs: new Set<string>() }));
    g.expected += locations.size;
    const byLocation = reported.get(month);
    if (byLocation === undefined) continue;
    g.got += byLocation.size;
    for (const docs of byLocation.values()) for (const d of docs) g.docs.add(d);
  }
  return [...groups].map(([period, g]) => ({
    metric: 'reporting-completeness',
    value: g.got / g.expected,
    unit: '1',
    period,
    documents: unique(g.docs),
  }));
}

function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The latest live version of every shipment. */
function latestShipments(acc: Accumulator, live: (doc: string) => boolean): ShipmentEntry[] {
  const out: ShipmentEntry[] = [];
  for (const versions of acc.shipments.values()) {
    let best: ShipmentEntry | undefined;
    for (const v of versions)
      if (live(v.doc)) best = best === undefined ? v : later(best, v, (x) => x.created);
    if (best !== undefined) out.push(best);
  }
  return out;
}

/** Nearest-rank percentile of sorted-by-value counts (value -> count). */
function nearestRank(sorted: Array<[number, number]>, n: number, p: number): number {
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const [value, count] of sorted) {
    seen += count;
    if (seen >= rank) return value;
  }
  return sorted.at(-1)?.[0] ?? Number.NaN;
}

/** lead-time-days-p90 and -mean per shipper and product, and each shipper's distribution. */
function leadTimes(shipments: ShipmentEntry[]): { rows: MetricRow[]; distributions: LeadTimeDistribution[] } {
  // Whole days: a histogram (days -> count) is exact for nearest rank and bounded in size.
  const groups = new Map<string, { days: Map<number, number>; sum: number; n: number; docs: Set<string> }>();
  const perShipper = new Map<string, Map<number, number>>();
  for (const s of shipments) {
    if (
      s.status !== 'received' ||
      s.shipper === undefined ||
      s.orderDate === undefined ||
      s.receivedDate === undefined
    )
      continue;
    const days = dayNumber(s.receivedDate) - dayNumber(s.orderDate);
    for (const product of s.shipped.keys()) {
      const key = `${s.shipper}\u0000${product}`;
      const g = upsert(groups, key, () => ({ days: new Map(), sum: 0, n: 0, docs: new Set<string>() }));
      g.days.set(days, (g.days.get(days) ?? 0) + 1);
      g.sum += days;
      g.n++;
      g.docs.add(s.doc);
    }
    const h = upsert(perShipper, s.shipper, () => new Map());
    h.set(days, (h.get(days) ?? 0) + 1);
  }
  const rows: MetricRow[] = [];
  for (const [key, g] of groups) {
    const [party = '', product = ''] = key.split('\u0000');
    const sorted = [...g.days].sort((a, b) => a[0] - b[0]);
    const documents = unique(g.docs);
    rows.push({
      metric: 'lead-time-days-p90',
      value: nearestRank(sorted, g.n, 0.9),
      unit: 'd',
      product,
      party,
      documents,
    });
    rows.push({ metric: 'lead-time-days-mean', value: g.sum / g.n, unit: 'd', product, party, documents });
  }
  const distributions: LeadTimeDistribution[] = [];
  for (const [party, h] of perShipper) {
    const sorted = [...h].sort((a, b) => a[0] - b[0]);
    let n = 0;
    for (const [, c] of sorted) n += c;
    distributions.push({
      party,
      n,
      min: sorted[0]![0],
      q1: nearestRank(sorted, n, 0.25),
      median: nearestRank(sorted, n, 0.5),
      q3: nearestRank(sorted, n, 0.75),
      max: sorted.at(-1)![0],
    });
  }
  distributions.sort((a, b) => (a.party < b.party ? -1 : 1));
  return { rows, distributions };
}

/** on-time-in-full per shipper: each received shipment with a requested date counts once. */
function onTimeInFull(shipments: ShipmentEntry[]): MetricRow[] {
  const groups = new Map<string, { ok: number; n: number; problem?: string; docs: Set<string> }>();
  for (const s of shipments) {
    if (
      s.status !== 'received' ||
      s.shipper === undefined ||
      s.receivedDate === undefined ||
      s.requestedDate === undefined
    )
      continue;
    const g = upsert(groups, s.shipper, () => ({ ok: 0, n: 0, docs: new Set<string>() }));
    g.n++;
    g.docs.add(s.doc);
    if (typeof s.inFull === 'string') g.problem = s.inFull;
    else if (s.inFull && s.receivedDate <= s.requestedDate) g.ok++;
  }
  return [...groups].map(([party, g]) => {
    const row: MetricRow = {
      metric: 'on-time-in-full',
      value: g.problem ? null : g.ok / g.n,
      unit: '1',
      party,
      documents: unique(g.docs),
    };
    if (g.problem) row.reason = g.problem;
    return row;
  });
}

/** supplier-hhi per product and year, and single-source-share per year. */
function supplierConcentration(shipments: ShipmentEntry[], granularity: Granularity): MetricRow[] {
  const groups = new Map<
    string,
    { byShipper: Map<string, number>; unit: string; problem?: string; docs: Set<string> }
  >();
  for (const s of shipments) {
    if (s.status === 'cancelled' || s.shipDate === undefined || s.shipper === undefined) continue;
    const period = periodOf(s.shipDate.slice(0, 7), granularity);
    for (const [product, qty] of s.shipped) {
      const key = `${product}\u0000${period}`;
      const g = upsert(groups, key, () => ({ byShipper: new Map(), unit: '', docs: new Set<string>() }));
      g.docs.add(s.doc);
      if (qty.problem !== undefined) {
        g.problem = qty.problem;
        continue;
      }
      let value = qty.value;
      if (qty.unit !== '' && value !== 0) {
        if (g.unit === '') g.unit = qty.unit;
        const factor = conversionFactor(qty.unit, g.unit);
        if (factor === null) {
          g.problem = unitProblem(qty.unit, g.unit);
          continue;
        }
        value *= factor;
      }
      g.byShipper.set(s.shipper, (g.byShipper.get(s.shipper) ?? 0) + value);
    }
  }
  const rows: MetricRow[] = [];
  const single = new Map<string, { one: number; all: number; docs: Set<string> }>();
  for (const [key, g] of groups) {
    const [product = '', period = ''] = key.split('\u0000');
    let total = 0;
    for (const q of g.byShipper.values()) total += q;
    if (g.problem !== undefined) {
      rows.push({
        metric: 'supplier-hhi',
        value: null,
        product,
        period,
        reason: g.problem,
        documents: unique(g.docs),
      });
      continue;
    }
    if (!(total > 0)) continue;
    let hhi = 0;
    let shippers = 0;
    for (const q of g.byShipper.values()) {
      if (q > 0) shippers++;
      hhi += ((100 * q) / total) ** 2;
    }
    rows.push({ metric: 'supplier-hhi', value: hhi, product, period, documents: unique(g.docs) });
    const s = upsert(single, period, () => ({ one: 0, all: 0, docs: new Set<string>() }));
    s.all++;
    if (shippers === 1) s.one++;
    for (const d of g.docs) s.docs.add(d);
  }
  for (const [period, s] of single)
    rows.push({
      metric: 'single-source-share',
      value: s.one / s.all,
      unit: '1',
      period,
      documents: unique(s.docs),
    });
  return rows;
}

/** capacity-utilisation: one row per live CapacityReport with produced and capacity > 0. */
function capacityUtilisation(acc: Accumulator, live: (doc: string) => boolean): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const c of acc.capacity) {
    if (!live(c.doc) || c.site === undefined || c.product === undefined || !c.produced || !c.nominal)
      continue;
    if (!(c.nominal.value > 0)) continue;
    const factor = conversionFactor(c.produced.unit, c.nominal.unit);
    const row: MetricRow = {
      metric: 'capacity-utilisation',
      value: factor === null ? null : (c.produced.value * factor) / c.nominal.value,
      unit: '1',
      product: c.product,
      site: c.site,
      documents: [c.doc],
    };
    if (factor === null) row.reason = unitProblem(c.produced.unit, c.nominal.unit);
    rows.push(row);
  }
  return rows;
}

/** shortage-count, shortage-active and shortage-duration-days-mean, and the timeline spans. */
function shortageMetrics(
  acc: Accumulator,
  live: (doc: string) => boolean,
  asOf: string,
  granularity: Granularity,
): { rows: MetricRow[]; spans: ShortageSpan[] } {
  const counted = new Map<string, { n: number; days: number; docs: Set<string> }>();
  const active = new Map<string, Set<string>>();
  const spans: ShortageSpan[] = [];
  for (const n of acc.notices) {
    if (!live(n.doc) || n.status === 'withdrawn' || n.start === undefined || n.start > asOf) continue;
    const resolved =
      n.status === 'resolved' && n.resolved !== undefined && n.resolved <= asOf ? n.resolved : undefined;
    const end = resolved ?? asOf;
    const days = dayNumber(end) - dayNumber(n.start);
    const period = periodOf(n.start.slice(0, 7), granularity);
    for (const product of n.products) {
      const key = `${product}\u0000${period}`;
      const g = upsert(counted, key, () => ({ n: 0, days: 0, docs: new Set<string>() }));
      g.n++;
      g.days += days;
      g.docs.add(n.doc);
      const span: ShortageSpan = {
        product,
        start: n.start,
        active: resolved === undefined,
        status: n.status ?? 'current',
        document: n.doc,
      };
      const shownEnd = resolved ?? n.expectedEnd;
      if (shownEnd !== undefined) span.end = shownEnd;
      spans.push(span);
      if (resolved === undefined) {
        const docs = upsert(active, product, () => new Set<string>());
        docs.add(n.doc);
      }
    }
  }
  const rows: MetricRow[] = [];
  for (const [key, g] of counted) {
    const [product = '', period = ''] = key.split('\u0000');
    const documents = unique(g.docs);
    rows.push({ metric: 'shortage-count', value: g.n, product, period, documents });
    rows.push({
      metric: 'shortage-duration-days-mean',
      value: g.days / g.n,
      unit: 'd',
      product,
      period,
      documents,
    });
  }
  for (const [product, docs] of active)
    rows.push({ metric: 'shortage-active', value: docs.size, product, documents: unique(docs) });
  spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.product < b.product ? -1 : 1));
  return { rows, spans };
}

/**
 * Aggregates rows over the dimensions not kept in `by`: months of stock from summed SOH and AMC, the
 * other stock rates from their location-months, sums for days; metrics that cannot be pooled from their
 * rows (percentiles, shares of shipments) keep their dimensions.
 */
function regroup(
  rows: MetricRow[],
  facts: StockFact[],
  by: readonly Dimension[],
  granularity: Granularity,
): MetricRow[] {
  const keep = new Set<Dimension>(by);
  const out: MetricRow[] = [];
  const mos = new Map<
    string,
    { soh: number; amc: number; unit: string; row: MetricRow; docs: Set<string> }
  >();
  const sums = new Map<string, MetricRow>();
  for (const f of facts) {
    if (
      keep.has('location') ||
      f.amc === undefined ||
      f.amc === null ||
      !(f.amc > 0) ||
      f.soh.problem !== undefined
    )
      continue;
    const product = keep.has('product') ? f.product : undefined;
    const key = `${product ?? ''}\u0000${f.month}`;
    let g = mos.get(key);
    if (g === undefined) {
      const row: MetricRow = {
        metric: 'months-of-stock',
        value: 0,
        unit: 'mo',
        period: f.month,
        documents: [],
      };
      if (product !== undefined) row.product = product;
      g = { soh: 0, amc: 0, unit: f.soh.unit, row, docs: new Set() };
      mos.set(key, g);
    }
    const factor = f.soh.unit === '' || g.unit === '' ? 1 : conversionFactor(f.soh.unit, g.unit);
    if (factor === null) {
      g.row.reason = unitProblem(f.soh.unit, g.unit);
      continue;
    }
    if (g.unit === '') g.unit = f.soh.unit;
    g.soh += f.soh.value * factor;
    g.amc += f.amc * factor;
    for (const d of f.documents) g.docs.add(d);
  }
  // For longer periods, the last month of the period that has a value (as per location).
  const lastOfPeriod = new Map<string, MetricRow>();
  const byMonth = [...mos.values()].sort((a, b) => ((a.row.period ?? '') < (b.row.period ?? '') ? -1 : 1));
  for (const g of byMonth) {
    g.row.value = g.row.reason ? null : g.soh / g.amc;
    g.row.documents = unique(g.docs);
    g.row.period = periodOf(g.row.period ?? '', granularity);
    lastOfPeriod.set(`${g.row.product ?? ''}\u0000${g.row.period}`, g.row);
  }
  append(out, lastOfPeriod.values());
  for (const row of rows) {
    if (row.metric === 'months-of-stock' && !keep.has('location')) continue;
    const dims = (['product', 'location', 'party', 'site'] as const).filter((d) => row[d] !== undefined);
    const dropped = dims.filter((d) => !keep.has(d));
    if (dropped.length === 0) {
      out.push(row);
      continue;
    }
    if (
      row.metric === 'stock-out-days' ||
      row.metric === 'shortage-count' ||
      row.metric === 'shortage-active'
    ) {
      const copy: MetricRow = { ...row };
      for (const d of dropped) delete copy[d];
      const key = `${copy.metric}\u0000${copy.product ?? ''}\u0000${copy.location ?? ''}\u0000${copy.period ?? ''}`;
      const known = sums.get(key);
      if (known === undefined) sums.set(key, { ...copy, documents: [...row.documents] });
      else {
        known.value = known.value === null || row.value === null ? null : known.value + row.value;
        known.documents = unique([...known.documents, ...row.documents]);
      }
      continue;
    }
    out.push(row);
  }
  append(out, sums.values());
  return out;
}

const ORDER = new Map<string, number>();

/** Rows by metric (catalogue order), then period, product, location, party, site. */
function sortRows(rows: MetricRow[]): MetricRow[] {
  const groups = new Map<string, MetricRow[]>();
  for (const row of rows) upsert(groups, row.metric, () => []).push(row);
  const ids = [...groups.keys()].sort((a, b) => (ORDER.get(a) ?? 99) - (ORDER.get(b) ?? 99));
  const out: MetricRow[] = [];
  for (const id of ids) append(out, groups.get(id)!.sort(compareRows));
  return out;
}

function compareRows(a: MetricRow, b: MetricRow): number {
  if (a.period !== b.period) return (a.period ?? '') < (b.period ?? '') ? -1 : 1;
  if (a.product !== b.product) return (a.product ?? '') < (b.product ?? '') ? -1 : 1;
  if (a.location !== b.location) return (a.location ?? '') < (b.location ?? '') ? -1 : 1;
  if (a.party !== b.party) return (a.party ?? '') < (b.party ?? '') ? -1 : 1;
  if (a.site !== b.site) return (a.site ?? '') < (b.site ?? '') ? -1 : 1;
  return 0;
}

/** Sets the report order of metrics (the catalogue order). */
export function setMetricOrder(ids: readonly string[]): void {
  ids.forEach((id, i) => ORDER.set(id, i));
}

/** Appends without spreading (a spread of a million rows overflows the call stack). */
function append<T>(into: T[], items: Iterable<T>): void {
  for (const item of items) into.push(item);
}
