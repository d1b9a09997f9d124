/** A forecast of one series: point values for each step ahead, and an interval where the method gives one. */
export interface SeriesForecast {
  point: number[];
  /** Lower bound of the prediction interval, per step (absent when the method has no interval). */
  lower?: number[];
  /** Upper bound of the prediction interval, per step. */
  upper?: number[];
}

/** The methods `medsupply forecast --method` accepts, `auto` aside. */
export const METHOD_NAMES = ['naive', 'ma', 'snaive', 'croston', 'sba', 'tsb', 'ets'] as const;

/** One forecasting method by name. */
export type MethodName = (typeof METHOD_NAMES)[number];

/**
 * A forecasting method: given a history (oldest first, no gaps) and how many steps to forecast,
 * its forecast, or undefined when the method does not apply to this history (too short, say).
 */
export type Method = (history: readonly number[], horizon: number) => SeriesForecast | undefined;

/** Coverage of the prediction intervals the methods give (80 %, the usual level in supply planning). */
export const INTERVAL_LEVEL = 0.8;

/** Standard normal quantile for the two-sided {@link INTERVAL_LEVEL} interval. */
export const INTERVAL_Z = 1.2815515655446004;
