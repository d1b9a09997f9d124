/**
 * Loads @lhncbc/ucum-lhc synchronously on first use (its tables cost ~200 ms, so Node loads them only
 * when a unit needs them). package.json's `browser` field swaps in ucum-loader.browser.ts for bundles.
 */
import { createRequire } from 'node:module';

/** The part of ucum-lhc's API the unit check uses. */
export interface UcumUtils {
  validateUnitString(unit: string, suggest?: boolean): { status: string };
  convertUnitTo(from: string, value: number, to: string): { status: string; toVal?: number; msg?: string[] };
}

const require = createRequire(import.meta.url);

/** The ucum-lhc utilities instance. */
export function loadUcum(): UcumUtils {
  return (
    require('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): UcumUtils } }
  ).UcumLhcUtils.getInstance();
}
