import { type UcumUtils, loadUcum } from './ucum-loader.js';
/**
 * UCUM unit validation with @lhncbc/ucum-lhc (the NLM implementation). Loading its tables costs
 * 80-200 ms, so it is loaded on the first unit that needs it: the unity `1` and pure annotations such
 * as `{pack}` are valid UCUM by grammar alone, and the simple units the library accepts (`kg`, `mL`,
 * `[iU]`…) were listed at build time (ucum-table.ts, decision 0022). Answers are memoised; feeds
 * repeat a handful of units.
 */
import { VALID_SIMPLE_UNITS } from './ucum-table.js';

const ANNOTATION_ONLY = /^\{[!-z|~]{1,62}\}$/; // UCUM annotations: printable ASCII except curly braces
const MAX_CACHE = 10_000;
const cache = new Map<string, boolean>();
let utils: UcumUtils | undefined;
/** The table with a space at both ends, so every unit sits between two spaces. */
const LISTED = ` ${VALID_SIMPLE_UNITS} `;

/**
 * True when the build-time table lists `unit` as one the library accepts. A plain text search (no
 * white space can occur in `unit` by then): each new unit costs one scan of 60 KB, where building a
 * set of the 8 000 units would cost more than a run of a small file ever searches.
 */
function isListedValid(unit: string): boolean {
  return LISTED.includes(` ${unit} `);
}

function ucum(): UcumUtils {
  utils ??= withoutConsole(loadUcum);
  return utils;
}

/**
 * Runs `call` with the console silenced. ucum-lhc reports unparsable units with `console.log`
 * ("Unit requested for unit string … request unsuccessful"), which would land in the middle of our
 * stdout reports (JSON, SARIF…). The swap is synchronous and undone before returning, so nothing
 * else can print in between and nothing outside this call loses its console.
 */
function withoutConsole<T>(call: () => T): T {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const quiet = () => {};
  console.log = console.info = console.warn = console.error = quiet;
  try {
    return call();
  } finally {
    Object.assign(console, saved);
  }
}

/** True when `unit` is a valid, case-sensitive UCUM expression. */
export function isUcumUnit(unit: string): boolean {
  if (unit === '1' || ANNOTATION_ONLY.test(unit)) return true;
  const known = cache.get(unit);
  if (known !== undefined) return known;
  // UCUM has no white space in its grammar; the library would only complain about it on the console.
  const valid =
    unit.length <= 64 &&
    !/\s/.test(unit) &&
    (isListedValid(unit) || withoutConsole(() => ucum().validateUnitString(unit, false)).status === 'valid');
  if (cache.size < MAX_CACHE) cache.set(unit, valid);
  return valid;
}

const factors = new Map<string, number | null>();

/**
 * The factor that converts a value in `from` into `to` (so `value * factor`), or `null` when UCUM
 * says the units are not commensurable or not units. Shares the lazily loaded UCUM tables with
 * `isUcumUnit`; answers are memoised (bounded).
 */
export function ucumFactor(from: string, to: string): number | null {
  if (from === to) return 1;
  const key = `${from}\u0000${to}`;
  const known = factors.get(key);
  if (known !== undefined) return known;
  let factor: number | null = null;
  if (from.length <= 64 && to.length <= 64) {
    try {
      const result = ucum().convertUnitTo(from, 1, to);
      if (result.status === 'succeeded' && typeof result.toVal === 'number' && Number.isFinite(result.toVal))
        factor = result.toVal;
    } catch {
      factor = null;
    }
  }
  if (factors.size < MAX_CACHE) factors.set(key, factor);
  return factor;
}
