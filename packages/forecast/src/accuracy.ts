/**
 * Forecast accuracy measures. MASE (Hyndman & Koehler 2006) and RMSSE (the M5 competition's measure)
 * are scaled by the in-sample one-step naive error, so series of any volume can be averaged; WAPE and
 * bias are the volume-weighted measures planners read.
 */
import { lagDifferences } from './methods/baselines.js';

/** Accuracy of one forecast against what happened. */
export interface Accuracy {
  /** Mean absolute scaled error; undefined when the history never changes (no scale). */
  mase?: number;
  /** Root mean squared scaled error; undefined when the history never changes. */
  rmsse?: number;
  /** Σ|actual − forecast| / Σ actual; undefined when nothing was consumed. */
  wape?: number;
  /** Σ(forecast − actual) / Σ actual: positive over-forecasts; undefined when nothing was consumed. */
  bias?: number;
}

/** Scores a forecast against the actual values that followed the given history. */
export function accuracy(
  history: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
): Accuracy {
  const steps = Math.min(actual.length, forecast.length);
  let absolute = 0;
  let squared = 0;
  let signed = 0;
  let total = 0;
  for (let k = 0; k < steps; k++) {
    const error = forecast[k]! - actual[k]!;
    absolute += Math.abs(error);
    squared += error * error;
    signed += error;
    total += actual[k]!;
  }
  const naiveErrors = lagDifferences(history, 1);
  const scaleAbsolute = meanOf(naiveErrors.map(Math.abs));
  const scaleSquared = meanOf(naiveErrors.map((e) => e * e));
  const result: Accuracy = {};
  if (steps > 0 && scaleAbsolute > 0) result.mase = absolute / steps / scaleAbsolute;
  if (steps > 0 && scaleSquared > 0) result.rmsse = Math.sqrt(squared / steps / scaleSquared);
  if (total > 0) {
    result.wape = absolute / total;
    result.bias = signed / total;
  }
  return result;
}

function meanOf(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
