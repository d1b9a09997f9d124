/** The forecasting methods by name. */
import { movingAverage, naive, seasonalNaive } from './baselines.js';
import { ets } from './ets.js';
import { croston, sba, tsb } from './intermittent.js';
import type { Method, MethodName } from './types.js';

export * from './types.js';
export { classifyDemand, type DemandClass, type DemandPattern } from './intermittent.js';
export { prepareEts } from './ets.js';

/** Every method by its name on the command line. */
export const METHODS: Readonly<Record<MethodName, Method>> = {
  naive,
  ma: (history, horizon) => movingAverage(history, horizon),
  snaive: (history, horizon) => seasonalNaive(history, horizon),
  croston,
  sba,
  tsb,
  ets,
};
