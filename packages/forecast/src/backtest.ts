/**
 * Rolling-origin back-tests (Tashman 2000): forecast from several past origins with only the history
 * before each, score against what followed, and average. This is how `auto` chooses, and what
 * `--backtest` prints.
 */
import { type Accuracy, accuracy } from './accuracy.js';
import type { Method } from './methods/types.js';

/** How a method did over the origins of one back-test. */
export interface BacktestScore extends Accuracy {
  /** Origins the method could forecast from. */
  origins: number;
}

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /** Steps forecast from each origin. */
  horizon: number;
  /** How many origins, the last one `horizon` steps before the end. */
  origins: number;
  /** Fewest observations before the first origin. */
  minHistory: number;
}

/**
 * The origins of a back-test of a series of length n: the latest first, one step apart, each leaving
 * at least one actual value after it and `minHistory` before it.
 */
export function backtestOrigins(length: number, options: BacktestOptions): number[] {
  const origins: number[] = [];
  const last = length - Math.min(options.horizon, Math.max(1, length - options.minHistory));
  for (let origin = last; origin >= options.minHistory && origins.length < options.origins; origin--) {
    if (origin < length) origins.push(origin);
  }
  return origins;
}

/** Back-tests one method on one series; measures are averaged over the origins that scored. */
export function backtest(series: readonly number[], method: Method, options: BacktestOptions): BacktestScore {
  const sums = { mase: 0, rmsse: 0, wape: 0, bias: 0 };
  const counts = { mase: 0, rmsse: 0, wape: 0, bias: 0 };
  let origins = 0;
  for (const origin of backtestOrigins(series.length, options)) {
    const history = series.slice(0, origin);
    const actual = series.slice(origin, origin + options.horizon);
    const forecast = method(history, actual.length);
    if (!forecast) continue;
    origins++;
    const score = accuracy(history, actual, forecast.point);
    for (const key of ['mase', 'rmsse', 'wape', 'bias'] as const) {
      const value = score[key];
      if (value !== undefined) {
        sums[key] += value;
        counts[key]++;
      }
    }
  }
  const result: BacktestScore = { origins };
  for (const key of ['mase', 'rmsse', 'wape', 'bias'] as const) {
    if (counts[key] > 0) result[key] = sums[key] / counts[key];
  }
  return result;
}
