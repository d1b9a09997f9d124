/**
 * Consumption-based baselines: naive, moving average and seasonal naive (Hyndman & Athanasopoulos,
 * Forecasting: Principles and Practice, 3rd ed., §5.2). Intervals assume normal one-step residuals.
 */
import { INTERVAL_Z, type SeriesForecast } from './types.js';

/** Months in a seasonal cycle of monthly data. */
export const MONTHS_PER_YEAR = 12;

/** Every future step repeats the last observation; interval widens with √h. */
export function naive(history: readonly number[], horizon: number): SeriesForecast | undefined {
  const n = history.length;
  if (n === 0) return undefined;
  const last = history[n - 1]!;
  const sigma = rootMeanSquare(lagDifferences(history, 1));
  return withInterval(
    Array.from({ length: horizon }, () => last),
    (step) => sigma * Math.sqrt(step),
  );
}

/** Mean of the last `window` observations (all of them when fewer). */
export function movingAverage(
  history: readonly number[],
  horizon: number,
  window = 6,
): SeriesForecast | undefined {
  const n = history.length;
  if (n === 0) return undefined;
  const recent = history.slice(Math.max(0, n - window));
  const level = mean(recent);
  const k = recent.length;
  const sigma = k > 1 ? standardDeviation(recent) : 0;
  return withInterval(
    Array.from({ length: horizon }, () => level),
    () => sigma * Math.sqrt(1 + 1 / k),
  );
}

/** Each future month repeats the same month a year earlier; needs at least one full year. */
export function seasonalNaive(
  history: readonly number[],
  horizon: number,
  season = MONTHS_PER_YEAR,
): SeriesForecast | undefined {
  const n = history.length;
  if (n < season) return undefined;
  const sigma = rootMeanSquare(lagDifferences(history, season));
  return withInterval(
    Array.from({ length: horizon }, (_, k) => history[n - season + (k % season)]!),
    (step) => sigma * Math.sqrt(Math.floor((step - 1) / season) + 1),
  );
}

/** Adds a symmetric interval (clipped at zero: consumption is never negative). */
function withInterval(point: number[], halfWidth: (step: number) => number): SeriesForecast {
  return {
    point,
    lower: point.map((value, k) => Math.max(0, value - INTERVAL_Z * halfWidth(k + 1))),
    upper: point.map((value, k) => value + INTERVAL_Z * halfWidth(k + 1)),
  };
}

/** `y[t] - y[t - lag]` for every t that has a lagged value. */
export function lagDifferences(values: readonly number[], lag: number): number[] {
  const out: number[] = [];
  for (let t = lag; t < values.length; t++) out.push(values[t]! - values[t - lag]!);
  return out;
}

/** Arithmetic mean (0 for an empty list). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation (n − 1). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

function rootMeanSquare(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value * value;
  return Math.sqrt(sum / values.length);
}
