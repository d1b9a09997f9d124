/**
 * ISO 3166 country and subdivision checks. The alpha-2 list comes from i18n-iso-countries (MIT,
 * maintained); only its code table is loaded, not its translations, to keep start-up fast.
 */
import countries from 'i18n-iso-countries/index.js';

const SUBDIVISION = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

/**
 * The package's alpha-2 codes as a set, made on first use. For two upper-case letters this is the
 * package's own `isValid` (which upper-cases its argument and also looks among alpha-3 and numeric
 * codes, none of which has two letters), without a string copy and three lookups per call.
 */
let alpha2: ReadonlySet<string> | undefined;

/** True for an assigned ISO 3166-1 alpha-2 code (plus `XK`, Kosovo, as the package and the EU use it). */
export function isCountryAlpha2(value: string): boolean {
  if (!/^[A-Z]{2}$/.test(value)) return false;
  alpha2 ??= new Set(Object.keys(countries.getAlpha2Codes()));
  return alpha2.has(value);
}

/** True for `CC-XXX` where CC is an assigned country; the subdivision list itself is not shipped. */
export function isSubdivisionCode(value: string): boolean {
  const match = SUBDIVISION.exec(value);
  return match !== null && isCountryAlpha2(match[1]!);
}

/** The country part of an ISO 3166-2 code (`KE-30` → `KE`), or undefined. */
export function subdivisionCountry(value: string): string | undefined {
  return SUBDIVISION.exec(value)?.[1];
}

/**
 * A jurisdiction: a country (alpha-2), `EU`, or a subdivision of a country (ISO 3166-2). Schemas that
 * allow only countries say so with a two-letter pattern beside the format.
 */
export function isJurisdiction(value: string): boolean {
  return value === 'EU' || isCountryAlpha2(value) || isSubdivisionCode(value);
}
