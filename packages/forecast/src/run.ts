/**
 * From a consumption history to DemandForecast documents: one per product × location series, each
 * forecast with the chosen method, and every series that could not be forecast counted with its reason.
 */
import { createHash } from 'node:crypto';
import { type AutoResult, autoForecast } from './auto.js';
import { backtest } from './backtest.js';
import { type MonthlySeries, addMonths, daysInMonth, seriesId } from './history.js';
import {
  type DemandPattern,
  METHODS,
  METHOD_NAMES,
  type MethodName,
  type SeriesForecast,
  classifyDemand,
} from './methods/index.js';

/** `auto` or one method. */
export type MethodChoice = MethodName | 'auto';

/** Options of {@link forecastSeries}. */
export interface ForecastOptions {
  /** Months to forecast (default 6). */
  horizon: number;
  method: MethodChoice;
  /** The last month of history: the forecast starts the month after (default: the latest month seen). */
  origin: string;
  /** When the forecast is made (date-time). */
  issuedAt: string;
  /** Release the documents follow. */
  schemaVersion: string;
  /** Who forecasts and sends (default: the sender of the newest report of the series). */
  sender?: Record<string, unknown>;
  /** Jurisdiction when no report gave the location inline (default: the sender's country). */
  jurisdiction?: string;
  /** Round counts to whole numbers (releases before 1.1.0 accept no fractional counts). */
  wholeCounts: boolean;
}

/** A series the run could not forecast. */
export interface SeriesNotForecast {
  series: string;
  code:
    | 'FORECAST_NO_HISTORY'
    | 'FORECAST_NO_JURISDICTION'
    | 'FORECAST_NO_SENDER'
    | 'FORECAST_METHOD_NOT_APPLICABLE';
  message: string;
}

/** One series forecast: its document, and how it was made. */
export interface SeriesForecastResult {
  series: string;
  document: Record<string, unknown>;
  methods: MethodName[];
  pattern: DemandPattern;
  gapsFilled: number;
}

/**
 * The series values from its first month to `origin`, oldest first; months without a report inside
 * that range are filled with the series mean (a missing report says nothing of demand, and zero
 * would bias every method down) and counted.
 */
export function regularValues(
  series: MonthlySeries,
  origin: string,
): { values: number[]; first: string; gaps: number } {
  const months = [...series.months.keys()].filter((month) => month <= origin);
  const first = months[0] ?? origin;
  const observed = months.map((month) => series.months.get(month)!);
  const fill = observed.length > 0 ? observed.reduce((a, b) => a + b, 0) / observed.length : 0;
  const values: number[] = [];
  let gaps = 0;
  for (let month = first; month <= origin; month = addMonths(month, 1)) {
    const value = series.months.get(month);
    if (value === undefined) gaps++;
    values.push(value ?? fill);
  }
  return { values, first, gaps };
}

/** Forecasts one series; a result, or why it could not be. */
export function forecastSeries(
  series: MonthlySeries,
  options: ForecastOptions,
): SeriesForecastResult | SeriesNotForecast {
  const id = seriesId(series.key);
  const { values, first, gaps } = regularValues(series, options.origin);
  const lastObserved = [...series.months.keys()].filter((m) => m <= options.origin).at(-1);
  if (!lastObserved)
    return { series: id, code: 'FORECAST_NO_HISTORY', message: `no consumption up to ${options.origin}` };
  const sender = options.sender ?? (series.context.sender as Record<string, unknown> | undefined);
  if (!sender)
    return { series: id, code: 'FORECAST_NO_SENDER', message: 'no sender: pass --sender SYSTEM|VALUE' };
  const jurisdiction = series.context.jurisdiction ?? options.jurisdiction ?? countryOf(sender);
  if (!jurisdiction)
    return {
      series: id,
      code: 'FORECAST_NO_JURISDICTION',
      message: 'no report gave the location inline and the sender has no country: pass --jurisdiction',
    };
  const made = runMethod(values, options.horizon, options.method);
  if (!made)
    return {
      series: id,
      code: 'FORECAST_METHOD_NOT_APPLICABLE',
      message: `${options.method} does not apply to a history of ${values.length} months`,
    };
  const pattern = classifyDemand(values);
  const document = forecastDocument(series, made.forecast, {
    ...options,
    sender,
    jurisdiction,
    first,
    methods: made.methods,
    pattern,
    gaps,
  });
  return { series: id, document, methods: made.methods, pattern, gapsFilled: gaps };
}

function runMethod(
  values: number[],
  horizon: number,
  method: MethodChoice,
): Pick<AutoResult, 'forecast' | 'methods'> | undefined {
  if (method === 'auto') return autoForecast(values, horizon);
  const forecast = METHODS[method](values, horizon);
  return forecast ? { forecast, methods: [method] } : undefined;
}

/** Back-test scores of every method on one series, as `--backtest` prints them. */
export function backtestSeries(series: MonthlySeries, origin: string, horizon: number) {
  const { values } = regularValues(series, origin);
  const options = { horizon, origins: 6, minHistory: 6 };
  return METHOD_NAMES.map((method) => ({ method, ...backtest(values, METHODS[method], options) }));
}

interface DocumentFacts extends ForecastOptions {
  sender: Record<string, unknown>;
  jurisdiction: string;
  first: string;
  methods: MethodName[];
  pattern: DemandPattern;
  gaps: number;
}

/** The DemandForecast document of a series. */
function forecastDocument(
  series: MonthlySeries,
  forecast: SeriesForecast,
  facts: DocumentFacts,
): Record<string, unknown> {
  const { unit } = series.key;
  const counts = facts.wholeCounts && /^(?:1|\{[^{}]{1,64}\})$/.test(unit);
  const amount = (value: number, round: (x: number) => number) => ({
    value: counts ? round(value) : roundTo(value, 4),
    unit,
  });
  const start = addMonths(facts.origin, 1);
  const end = addMonths(facts.origin, facts.horizon);
  const entries = forecast.point.map((point, k) => {
    const month = addMonths(start, k);
    const entry: Record<string, unknown> = {
      period: monthPeriod(month),
      quantity: amount(point, Math.round),
    };
    if (forecast.lower && forecast.upper) {
      entry.lower = amount(Math.min(forecast.lower[k]!, point), Math.floor);
      entry.upper = amount(Math.max(forecast.upper[k]!, point), Math.ceil);
    }
    return entry;
  });
  const scope: Record<string, unknown> = {
    jurisdiction: facts.jurisdiction,
    location: series.context.location,
  };
  const method = facts.method === 'auto' ? 'auto' : facts.method;
  const documentId = uuidFrom(
    `${seriesId(series.key)}\n${facts.first}\n${facts.origin}\n${facts.horizon}\n${method}\n${facts.issuedAt}`,
  );
  return {
    schemaVersion: facts.schemaVersion,
    documentId,
    documentType: 'DemandForecast',
    documentStatus: 'original',
    createdAt: facts.issuedAt,
    sender: facts.sender,
    confidentiality: series.context.confidentiality,
    forecaster: facts.sender,
    scope,
    product: series.context.product,
    measure: 'demand',
    method: 'consumption',
    issuedAt: facts.issuedAt,
    horizon: { start: `${start}-01`, end: lastDay(end), granularity: 'month' },
    series: entries,
    basedOn: {
      historyWindow: { start: `${facts.first}-01`, end: lastDay(facts.origin), granularity: 'month' },
      adjustedForStockouts: series.context.adjustedForStockouts,
    },
    extensions: {
      'org.medsupply.forecast': {
        method,
        methods: facts.methods,
        demandClass: facts.pattern.demandClass,
        adi: roundTo(facts.pattern.adi, 3),
        cv2: roundTo(facts.pattern.cv2, 3),
        monthsFilled: facts.gaps,
        intervalLevel: forecast.lower ? 0.8 : undefined,
      },
    },
  };
}

function monthPeriod(month: string) {
  return { start: `${month}-01`, end: lastDay(month), granularity: 'month' };
}

function lastDay(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

function countryOf(party: Record<string, unknown>): string | undefined {
  return typeof party.country === 'string' ? party.country : undefined;
}

function roundTo(value: number, digits: number): number {
  if (!Number.isFinite(value)) return 0;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A UUID (version 8, RFC 9562) derived from a name, so the same forecast run gives the same ids. */
function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
