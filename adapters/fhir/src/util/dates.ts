/**
 * Date and date-time spellings: canonical documents use RFC 3339 (`date`, `date-time` with offset);
 * FHIR uses its own dateTime (https://hl7.org/fhir/R5/datatypes.html#dateTime), which may be partial.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const FHIR_FULL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const FHIR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FHIR_DATETIME_PREFIX = /^(\d{4}-\d{2}-\d{2})T/;

/**
 * A canonical date-time as a FHIR dateTime: upper-case `T` and `Z`, a colon in the offset and at
 * most 9 fraction digits. Well-formed canonical values (the usual spelling) pass unchanged.
 */
export function toFhirDateTime(value: string): string {
  const match = RFC3339.exec(value);
  if (match === null) return value;
  const [, date, time, fraction = '', zone = ''] = match;
  let offset = zone.toUpperCase();
  if (offset !== 'Z') {
    const digits = offset.replace(':', '');
    offset = digits.length === 3 ? `${digits}:00` : `${digits.slice(0, 3)}:${digits.slice(3)}`;
  }
  return `${date}T${time}${fraction.slice(0, 10)}${offset}`;
}

/** How a FHIR dateTime reads as a canonical date-time. */
export type DateTimeReading = { value: string } | { problem: 'partial' | 'invalid' };

/** A FHIR dateTime or instant as a canonical date-time; a date without time is `partial` (never padded). */
export function readFhirDateTime(value: unknown): DateTimeReading {
  if (typeof value !== 'string') return { problem: 'invalid' };
  if (FHIR_FULL_DATETIME.test(value)) return { value };
  if (/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(value)) return { problem: 'partial' };
  return { problem: 'invalid' };
}

/** How a FHIR date or dateTime reads as a canonical calendar date. */
export type DateReading = { value: string; truncated: boolean } | { problem: 'partial' | 'invalid' };

/**
 * A FHIR date, or the local calendar day of a FHIR dateTime, as a canonical date. The time of day is
 * dropped (`truncated`), the day is kept as written, so no time-zone arithmetic shifts it.
 */
export function readFhirDate(value: unknown): DateReading {
  if (typeof value !== 'string') return { problem: 'invalid' };
  if (FHIR_DATE.test(value)) return { value, truncated: false };
  const prefix = FHIR_DATETIME_PREFIX.exec(value);
  if (prefix !== null && FHIR_FULL_DATETIME.test(value)) return { value: prefix[1]!, truncated: true };
  if (/^\d{4}(?:-\d{2})?$/.test(value)) return { problem: 'partial' };
  return { problem: 'invalid' };
}
