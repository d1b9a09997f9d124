/**
 * Exponential smoothing with automatic model choice (Hyndman et al. 2008), from the augurs library
 * (Rust compiled to WebAssembly), so no ETS is written by hand here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MONTHS_PER_YEAR } from './baselines.js';
import { INTERVAL_LEVEL, type SeriesForecast } from './types.js';

type EtsModule = typeof import('@bsull/augurs/ets');

let loaded: EtsModule | undefined;

/**
 * Loads the WebAssembly module once, synchronously from disk (the package's own loader would fetch
 * it by URL, which Node cannot do for `file:` URLs).
 */
async function etsModule(): Promise<EtsModule> {
  if (loaded) return loaded;
  const module = await import('@bsull/augurs/ets');
  const require = createRequire(import.meta.url);
  // The package exports no path to its .wasm; its ESM entry sits beside it.
  const entry = require.resolve('@bsull/augurs/ets');
  module.initSync({ module: readFileSync(join(dirname(entry), 'ets_bg.wasm')) });
  loaded = module;
  return module;
}

/** Loads ETS before a synchronous run of {@link ets} (call once per process). */
export async function prepareEts(): Promise<void> {
  await etsModule();
}

/**
 * AutoETS: additive or multiplicative error and trend chosen by AICc; seasonal models only with
 * two full years of history. Undefined when no model fits (fewer than 4 points, or a fit error).
 * {@link prepareEts} must have run.
 */
export function ets(history: readonly number[], horizon: number): SeriesForecast | undefined {
  if (!loaded) throw new Error('ETS is not loaded: await prepareEts() first');
  if (history.length < 4) return undefined;
  const seasonal = history.length >= 2 * MONTHS_PER_YEAR;
  const model = new loaded.AutoETS(seasonal ? MONTHS_PER_YEAR : 1, seasonal ? 'ZZZ' : 'ZZN');
  try {
    model.fit(Float64Array.from(history));
    const forecast = model.predict(horizon, INTERVAL_LEVEL);
    const point = forecast.point.map((value) => clampNonNegative(value));
    if (point.some((value) => !Number.isFinite(value))) return undefined;
    const intervals = forecast.intervals;
    return intervals
      ? {
          point,
          lower: intervals.lower.map((value) => clampNonNegative(value)),
          upper: intervals.upper.map((value) => clampNonNegative(value)),
        }
      : { point };
  } catch {
    return undefined;
  } finally {
    model.free();
  }
}

function clampNonNegative(value: number): number {
  return value < 0 ? 0 : value;
}
