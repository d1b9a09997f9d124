/** ucum-lhc for browser bundles (see ucum-loader.ts): a static import the bundler can follow. */
import ucumLhc from '@lhncbc/ucum-lhc';
import type { UcumUtils } from './ucum-loader.js';

export type { UcumUtils } from './ucum-loader.js';

/** The ucum-lhc utilities instance. */
export function loadUcum(): UcumUtils {
  return (ucumLhc as { UcumLhcUtils: { getInstance(): UcumUtils } }).UcumLhcUtils.getInstance();
}
