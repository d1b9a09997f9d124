/**
 * Intermittent-demand methods: Croston (1972), its Syntetos-Boylan approximation (SBA, 2005) and
 * Teunter-Syntetos-Babai (TSB, 2011), with the Syntetos-Boylan-Croston demand classification.
 * None of them gives a prediction interval, so none is returned.
 */
import { mean } from './baselines.js';
import type { SeriesForecast } from './types.js';

/** Smoothing constants tried when fitting; the literature recommends 0.05-0.3 for intermittent demand. */
const SMOOTHING_GRID = [0.05, 0.1, 0.2, 0.3] as const;

/** Croston's method: smoothed demand size over smoothed inter-demand interval. */
export function croston(history: readonly number[], horizon: number): SeriesForecast | undefined {
  return crostonFamily(history, horizon, false);
}

/** SBA: Croston's estimate times (1 − α/2), removing its known upward bias. */
export function sba(history: readonly number[], horizon: number): SeriesForecast | undefined {
  return crostonFamily(history, horizon, true);
}

function crostonFamily(
  history: readonly number[],
  horizon: number,
  debias: boolean,
): SeriesForecast | undefined {
  if (history.length === 0) return undefined;
  if (!history.some((value) => value > 0)) return flat(0, horizon);
  let best = { error: Number.POSITIVE_INFINITY, rate: 0 };
  for (const alpha of SMOOTHING_GRID) {
    const fit = fitCroston(history, alpha);
    const rate = fit.rate * (debias ? 1 - alpha / 2 : 1);
    if (fit.error < best.error) best = { error: fit.error, rate };
  }
  return flat(best.rate, horizon);
}

/**
 * Runs Croston's recursions with one α for sizes and intervals (initialised, as R's `croston`, on the
 * first demand and the periods up to it) and returns the final rate and the in-sample squared error
 * of its one-step forecasts.
 */
function fitCroston(history: readonly number[], alpha: number): { rate: number; error: number } {
  const first = history.findIndex((value) => value > 0);
  let size = history[first]!;
  let interval = first + 1;
  let sinceLast = 0;
  let error = 0;
  for (let t = first + 1; t < history.length; t++) {
    const value = history[t]!;
    error += (value - size / interval) ** 2;
    sinceLast++;
    if (value > 0) {
      size += alpha * (value - size);
      interval += alpha * (sinceLast - interval);
      sinceLast = 0;
    }
  }
  return { rate: size / interval, error };
}

/** TSB: smooths the probability of demand every period, so obsolescence lowers the forecast. */
export function tsb(history: readonly number[], horizon: number): SeriesForecast | undefined {
  if (history.length === 0) return undefined;
  const sizes = history.filter((value) => value > 0);
  if (sizes.length === 0) return flat(0, horizon);
  let best = { error: Number.POSITIVE_INFINITY, rate: 0 };
  for (const alpha of SMOOTHING_GRID) {
    for (const beta of SMOOTHING_GRID) {
      let size = mean(sizes);
      let probability = sizes.length / history.length;
      let error = 0;
      for (const value of history) {
        error += (value - probability * size) ** 2;
        if (value > 0) {
          probability += beta * (1 - probability);
          size += alpha * (value - size);
        } else {
          probability -= beta * probability;
        }
      }
      if (error < best.error) best = { error, rate: probability * size };
    }
  }
  return flat(best.rate, horizon);
}

/** The Syntetos-Boylan-Croston demand classes. */
export type DemandClass = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'none';

/** A series' demand pattern: average inter-demand interval, squared CV of sizes, and its class. */
export interface DemandPattern {
  adi: number;
  cv2: number;
  demandClass: DemandClass;
}

/** Cut-offs of Syntetos, Boylan & Croston (2005). */
const ADI_CUTOFF = 1.32;
const CV2_CUTOFF = 0.49;

/** Classifies a series by ADI (periods per demand) and CV² of its non-zero demand sizes. */
export function classifyDemand(history: readonly number[]): DemandPattern {
  const sizes = history.filter((value) => value > 0);
  if (sizes.length === 0) return { adi: Number.POSITIVE_INFINITY, cv2: 0, demandClass: 'none' };
  const adi = history.length / sizes.length;
  const m = mean(sizes);
  const variance = sizes.reduce((sum, value) => sum + (value - m) ** 2, 0) / sizes.length;
  const cv2 = m > 0 ? variance / (m * m) : 0;
  const demandClass: DemandClass =
    adi < ADI_CUTOFF
      ? cv2 < CV2_CUTOFF
        ? 'smooth'
        : 'erratic'
      : cv2 < CV2_CUTOFF
        ? 'intermittent'
        : 'lumpy';
  return { adi, cv2, demandClass };
}

function flat(value: number, horizon: number): SeriesForecast {
  return { point: Array.from({ length: horizon }, () => value) };
}
