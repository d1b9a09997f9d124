/**
 * Dates and times in AI values (GenSpecs §7.12): YYMMDD (with or without the "DD = 00" rule of
 * §7.12, which stands for the last day of the month), YYYYMMDD, HHMI, HH, MI and SS. Dates are
 * real calendar dates: month 01-12, day within the month, 29 February only in leap years.
 */
import { firstNonDigit } from './charsets.js';
import { type LintFailure, type LintRule, fail } from './rules.js';

const two = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Resolves YY to a year: 72-99 → 19YY, 00-71 → 20YY, the window of the GS1 reference
 * implementation. Only leap years depend on it, and in 1972-2071 a year is leap exactly when
 * YY mod 4 = 0, as the century rule of GenSpecs §7.12 also gives.
 */
function fullYear(yy: number): number {
  return yy >= 72 ? 1900 + yy : 2000 + yy;
}

/** Month and day of a date whose month starts at `s[i]`; `zeroDay` allows DD = 00. */
function lintMonthDay(
  s: string,
  i: number,
  year: number,
  offset: number,
  zeroDay: boolean,
): LintFailure | undefined {
  const month = two(s, i);
  if (month < 1 || month > 12) return fail('ILLEGAL_MONTH', offset, 2);
  const day = two(s, i + 2);
  const max = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if ((day === 0 && !zeroDay) || day > max) return fail('ILLEGAL_DAY', offset + 2, 2);
  return undefined;
}

function lintFixedDigits(
  s: string,
  start: number,
  end: number,
  length: number,
  short: LintRule,
  long: LintRule,
): LintFailure | undefined {
  const n = end - start;
  if (n !== length) return fail(n < length ? short : long, 0, n);
  const bad = firstNonDigit(s, start, end);
  return bad >= 0 ? fail('NON_DIGIT_CHARACTER', bad - start, 1) : undefined;
}

function lintYymmdd(s: string, start: number, end: number, zeroDay: boolean): LintFailure | undefined {
  const shape = lintFixedDigits(s, start, end, 6, 'DATE_TOO_SHORT', 'DATE_TOO_LONG');
  if (shape !== undefined) return shape;
  return lintMonthDay(s, start + 2, fullYear(two(s, start)), 2, zeroDay);
}

/** `yymmdd`: a calendar date. */
export const lintYymmddDate = (s: string, start: number, end: number) => lintYymmdd(s, start, end, false);

/** `yymmd0`: a calendar date, or DD = 00 for "end of month" (GenSpecs §7.12). */
export const lintYymmd0Date = (s: string, start: number, end: number) => lintYymmdd(s, start, end, true);

/** `yyyymmdd`: a calendar date with a four-digit year. */
export function lintYyyymmddDate(s: string, start: number, end: number): LintFailure | undefined {
  const shape = lintFixedDigits(s, start, end, 8, 'DATE_TOO_SHORT', 'DATE_TOO_LONG');
  if (shape !== undefined) return shape;
  return lintMonthDay(s, start + 4, two(s, start) * 100 + two(s, start + 2), 4, false);
}

/** `hhmi`: hours 00-23 and minutes 00-59. */
export function lintHourMinute(s: string, start: number, end: number): LintFailure | undefined {
  const shape = lintFixedDigits(s, start, end, 4, 'HOUR_WITH_MINUTE_TOO_SHORT', 'HOUR_WITH_MINUTE_TOO_LONG');
  if (shape !== undefined) return shape;
  if (two(s, start) > 23) return fail('ILLEGAL_HOUR', 0, 2);
  if (two(s, start + 2) > 59) return fail('ILLEGAL_MINUTE', 2, 2);
  return undefined;
}

/** `hh`: hours 00-23. */
export function lintHour(s: string, start: number, end: number): LintFailure | undefined {
  const shape = lintFixedDigits(s, start, end, 2, 'HOUR_TOO_SHORT', 'HOUR_TOO_LONG');
  if (shape !== undefined) return shape;
  return two(s, start) > 23 ? fail('ILLEGAL_HOUR', 0, 2) : undefined;
}

/** `mi`: minutes 00-59. */
export function lintMinute(s: string, start: number, end: number): LintFailure | undefined {
  const shape = lintFixedDigits(s, start, end, 2, 'MINUTE_TOO_SHORT', 'MINUTE_TOO_LONG');
  if (shape !== undefined) return shape;
  return two(s, start) > 59 ? fail('ILLEGAL_MINUTE', 0, 2) : undefined;
}

/** `ss`: seconds 00-59. */
export function lintSecond(s: string, start: number, end: number): LintFailure | undefined {
  const shape = lintFixedDigits(s, start, end, 2, 'SECOND_TOO_SHORT', 'SECOND_TOO_LONG');
  if (shape !== undefined) return shape;
  return two(s, start) > 59 ? fail('ILLEGAL_SECOND', 0, 2) : undefined;
}
