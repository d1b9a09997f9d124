/**
 * `auto`: per series, back-test the candidate methods from rolling origins and average every method
 * whose back-test error is within 20 % of the best one's (forecast pooling, Kourentzes, Barrow &
 * Petropoulos 2019). Picking the single best method is noisy on the 2-5 years of monthly history a
 * facility has; pooling the competitive ones keeps the choice data-driven and damps that noise.
 * Decision 0017 gives the measurements behind the candidates, the 20 % and the 12 origins.
 */
import { backtest } from './backtest.js';
import { METHODS, type MethodName, type SeriesForecast } from './methods/index.js';

/** Options of {@link autoForecast}. */
export interface AutoOptions {
  /** Origins per back-test (default 12). */
  origins?: number;
  /** Methods within this share of the best back-test error are pooled (default 0.2). */
  tolerance?: number;
}

/** What `auto` chose for a series, and why. */
export interface AutoResult {
  forecast: SeriesForecast;
  /** The methods averaged, best first. */
  methods: MethodName[];
  /** Back-test score of every method tried (lower is better); absent when the history was too short. */
  scores: Partial<Record<MethodName, number>>;
}

/** Fewest observations before a back-test origin. */
const MIN_HISTORY = 6;

/**
 * The methods `auto` considers, in the order ties are broken. Naive, seasonal naive and Croston
 * lost to these on every corpus we back-tested and only add noise to the choice.
 */
export const AUTO_CANDIDATES: readonly MethodName[] = ['tsb', 'sba', 'ets', 'ma'];

/**
 * Forecasts a series with the methods that back-test best on it. Histories too short to back-test
 * (fewer than 8 observations) get a moving average of everything seen.
 */
export function autoForecast(
  series: readonly number[],
  horizon: number,
  options: AutoOptions = {},
): AutoResult {
  const tolerance = options.tolerance ?? 0.2;
  if (series.length < MIN_HISTORY + 2) {
    return { forecast: METHODS.ma(series, horizon) ?? zeros(horizon), methods: ['ma'], scores: {} };
  }
  const backtestOptions = { horizon, origins: options.origins ?? 12, minHistory: MIN_HISTORY };
  const scores: Partial<Record<MethodName, number>> = {};
  const ranked: Array<{ method: MethodName; score: number }> = [];
  for (const method of AUTO_CANDIDATES) {
    const result = backtest(series, METHODS[method], backtestOptions);
    if (result.origins === 0) continue;
    // MASE rewards forecasting zeros on intermittent data, RMSSE does not: score on both.
    const score =
      result.mase !== undefined && result.rmsse !== undefined
        ? (result.mase + result.rmsse) / 2
        : (result.wape ?? Number.POSITIVE_INFINITY);
    scores[method] = score;
    ranked.push({ method, score });
  }
  ranked.sort((a, b) => a.score - b.score);
  const threshold = (ranked[0]?.score ?? Number.POSITIVE_INFINITY) * (1 + tolerance);
  const chosen: MethodName[] = [];
  const forecasts: SeriesForecast[] = [];
  for (const { method, score } of ranked) {
    if (score > threshold && chosen.length > 0) break;
    const forecast = METHODS[method](series, horizon);
    if (!forecast) continue;
    chosen.push(method);
    forecasts.push(forecast);
  }
  if (forecasts.length === 0) {
    return { forecast: METHODS.ma(series, horizon) ?? zeros(horizon), methods: ['ma'], scores };
  }
  return { forecast: average(forecasts), methods: chosen, scores };
}

/** The mean of several forecasts; the interval is the best method's, where it has one. */
function average(forecasts: readonly SeriesForecast[]): SeriesForecast {
  const best = forecasts[0]!;
  const point = best.point.map(
    (_, k) => forecasts.reduce((sum, forecast) => sum + forecast.point[k]!, 0) / forecasts.length,
  );
  if (!best.lower || !best.upper) return { point };
  return {
    point,
    lower: best.lower.map((value, k) => Math.min(value, point[k]!)),
    upper: best.upper.map((value, k) => Math.max(value, point[k]!)),
  };
}

function zeros(horizon: number): SeriesForecast {
  return { point: Array.from({ length: horizon }, () => 0) };
}
