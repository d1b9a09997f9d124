/**
 * UCUM unit validation with @lhncbc/ucum-lhc (the NLM implementation). Loading its tables costs about
 * 200 ms, so it is loaded on the first unit that needs it: the unity `1` and pure annotations such as
 * `{pack}` are valid UCUM by grammar alone. Answers are memoised; feeds repeat a handful of units.
 */
import { loadUcum } from './ucum-loader.js';

import type { UcumUtils } from './ucum-loader.js';

const ANNOTATION_ONLY = /^\{[!-z|~]{1,62}\}$/; // UCUM annotations: printable ASCII except curly braces
const MAX_CACHE = 10_000;
const cache = new Map<string, boolean>();
let utils: UcumUtils | undefined;

function ucum(): UcumUtils {
  utils ??= loadUcum();
  return utils;
}

/** True when `unit` is a valid, case-sensitive UCUM expression. */
export function isUcumUnit(unit: string): boolean {
  if (unit === '1' || ANNOTATION_ONLY.test(unit)) return true;
  const known = cache.get(unit);
  if (known !== undefined) return known;
  const valid = unit.length <= 64 && ucum().validateUnitString(unit, false).status === 'valid';
  if (cache.size < MAX_CACHE) cache.set(unit, valid);
  return valid;
}
