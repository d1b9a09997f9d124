/**
 * The formats the medsupply schemas use. The compiled (standalone) validators import this module,
 * so it must stay free of Ajv itself.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { dateTimeChecker, isFullDate } from './dates.js';
import { hasValidGs1CheckDigit } from './gs1-check-digit.js';
import { isCountryAlpha2, isJurisdiction, isSubdivisionCode } from './iso3166.js';
import { isNdc } from './ndc.js';
import { isUcumUnit } from './ucum.js';
import { uriChecker } from './uri.js';

type FormatCheck = (value: string) => boolean;

function fromAjvFormats(name: 'date' | 'date-time' | 'uri' | 'uuid'): FormatCheck {
  const format = fullFormats[name];
  if (typeof format === 'function') return format as FormatCheck;
  if (format instanceof RegExp) return (value) => format.test(value);
  const validate = (format as { validate: RegExp | FormatCheck }).validate;
  return typeof validate === 'function' ? validate : (value) => validate.test(value);
}

/** RFC 3339 §5.6 requires `T` between date and time; Ajv's format also lets a space through. */
function rfc3339DateTime(check: FormatCheck): FormatCheck {
  return (value) => (value.charCodeAt(10) === 0x54 || value.charCodeAt(10) === 0x74) && check(value);
}

/** Feeds repeat a handful of identifier and code systems: remember their verdicts (bounded). */
function memoised(check: FormatCheck, limit = 10_000): FormatCheck {
  const seen = new Map<string, boolean>();
  return (value) => {
    let verdict = seen.get(value);
    if (verdict === undefined) {
      verdict = check(value);
      if (seen.size < limit && value.length <= 512) seen.set(value, verdict);
    }
    return verdict;
  };
}

/** Every string format used by the schemas, by name. */
export const formats: Readonly<Record<string, FormatCheck>> = {
  date: isFullDate,
  'date-time': dateTimeChecker(rfc3339DateTime(fromAjvFormats('date-time'))),
  uri: memoised(uriChecker(fromAjvFormats('uri'))),
  uuid: fromAjvFormats('uuid'),
  'gs1-check-digit': hasValidGs1CheckDigit,
  ndc: isNdc,
  ucum: isUcumUnit,
  'iso3166-1-alpha2': isCountryAlpha2,
  'iso3166-2': isSubdivisionCode,
  jurisdiction: isJurisdiction,
};

/** The issue code each format raises when a value does not match it. */
export const formatIssueCodes: Readonly<Record<string, string>> = {
  date: 'DATE_INVALID',
  'date-time': 'DATETIME_INVALID',
  uri: 'URI_INVALID',
  uuid: 'UUID_INVALID',
  'gs1-check-digit': 'GS1_CHECK_DIGIT',
  ndc: 'NDC_INVALID',
  ucum: 'UCUM_UNIT_INVALID',
  'iso3166-1-alpha2': 'COUNTRY_CODE_UNKNOWN',
  'iso3166-2': 'SUBDIVISION_CODE_INVALID',
  jurisdiction: 'JURISDICTION_UNKNOWN',
};

export { hasValidGs1CheckDigit, gs1CheckDigit } from './gs1-check-digit.js';
export { isCountryAlpha2, isJurisdiction, isSubdivisionCode, subdivisionCountry } from './iso3166.js';
export { isNdc, toNdc11 } from './ndc.js';
export { isUcumUnit, ucumFactor } from './ucum.js';
