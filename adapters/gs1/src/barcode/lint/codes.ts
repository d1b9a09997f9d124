/**
 * Rules that look a component up in a code list, and the IBAN check (ISO 13616-1).
 */
import {
  ISO3166_ALPHA2,
  ISO3166_NUMERIC,
  ISO4217_NUMERIC,
  ISO5218,
  MEDIA_TYPES,
  PACKAGE_TYPES,
} from './code-lists.js';
import { type LintFailure, type LintRule, fail } from './rules.js';

function inList(list: ReadonlySet<string>, rule: LintRule) {
  return (s: string, start: number, end: number): LintFailure | undefined =>
    list.has(s.slice(start, end)) ? undefined : fail(rule, 0, end - start);
}

/** `iso3166`: an ISO 3166-1 numeric country code. */
export const lintIso3166 = inList(ISO3166_NUMERIC, 'NOT_ISO3166');
/** `iso3166alpha2`: an ISO 3166-1 alpha-2 country code. */
export const lintIso3166Alpha2 = inList(ISO3166_ALPHA2, 'NOT_ISO3166_ALPHA2');
/** `iso4217`: an ISO 4217 numeric currency code. */
export const lintIso4217 = inList(ISO4217_NUMERIC, 'NOT_ISO4217');
/** `iso5218`: an ISO/IEC 5218 sex code. */
export const lintIso5218 = inList(ISO5218, 'INVALID_BIOLOGICAL_SEX_CODE');
/** `mediatype`: an AIDC media type. */
export const lintMediaType = inList(MEDIA_TYPES, 'INVALID_MEDIA_TYPE');
/** `packagetype`: a GS1 PackageTypeCode. */
export const lintPackageType = inList(PACKAGE_TYPES, 'INVALID_PACKAGE_TYPE');

/** `iso3166999`: an ISO 3166-1 numeric country code, or 999 (country not known, GenSpecs AI 7030-7039). */
export function lintIso3166Or999(s: string, start: number, end: number): LintFailure | undefined {
  const code = s.slice(start, end);
  return code === '999' || ISO3166_NUMERIC.has(code) ? undefined : fail('NOT_ISO3166_OR_999', 0, end - start);
}

/** Shortest length the IBAN rule accepts: enough for country, check characters and some account. */
const IBAN_MIN_LENGTH = 11;

/** `iban`: characters 0-9 A-Z, a country code, and check characters giving 1 modulo 97. */
export function lintIban(s: string, start: number, end: number): LintFailure | undefined {
  const length = end - start;
  if (length < IBAN_MIN_LENGTH) return fail('IBAN_TOO_SHORT', 0, length);
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return fail('INVALID_IBAN_CHARACTER', i - start, 1);
  }
  if (!ISO3166_ALPHA2.has(s.slice(start, start + 2))) return fail('ILLEGAL_IBAN_COUNTRY_CODE', 0, 2);
  // ISO 13616-1: move the first four characters to the end, letters count as 10-35, mod 97 = 1.
  let remainder = 0;
  for (let k = 0; k < length; k++) {
    const c = s.charCodeAt(start + ((k + 4) % length));
    remainder = c <= 57 ? (remainder * 10 + (c - 48)) % 97 : (remainder * 100 + (c - 55)) % 97;
  }
  return remainder === 1 ? undefined : fail('INCORRECT_IBAN_CHECKSUM', 2, 2);
}
