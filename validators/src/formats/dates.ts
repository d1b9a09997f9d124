/**
 * RFC 3339 `full-date` and `date-time`, checked character by character. Every schema date and every
 * business rule that compares dates goes through these, so they run several times per record; the
 * verdicts are exactly those of ajv-formats (`date`, and `date-time` with a required offset) plus the
 * `T` that RFC 3339 §5.6 requires, which the regular-expression versions reach far more slowly.
 * @see https://www.rfc-editor.org/rfc/rfc3339#section-5.6
 */

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of two ASCII digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** True when `text` starts (at 0) with a valid `YYYY-MM-DD`. */
function datePrefix(text: string): boolean {
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1) return false;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  if (day <= DAYS_IN_MONTH[month]!) return true;
  const year = century * 100 + yy;
  return month === 2 && day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** A valid calendar date `YYYY-MM-DD` (RFC 3339 full-date). */
export function isFullDate(text: string): boolean {
  return text.length === 10 && datePrefix(text);
}

/**
 * An RFC 3339 date-time with an offset: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh[:]mm|±hh)`, as ajv-formats
 * accepts it with a `T`. The common shapes are decided here; anything unusual (a leap second, an offset
 * without a colon, a lower-case `z`) is handed to `exact`, the reference check.
 */
export function dateTimeChecker(exact: (text: string) => boolean): (text: string) => boolean {
  return (text) => {
    const length = text.length;
    if (length < 20) return false;
    const t = text.charCodeAt(10);
    if ((t !== 0x54 && t !== 0x74) || !datePrefix(text)) return false;
    const hour = twoDigits(text, 11);
    const minute = twoDigits(text, 14);
    const second = twoDigits(text, 17);
    if (
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 59 ||
      text.charCodeAt(13) !== 0x3a ||
      text.charCodeAt(16) !== 0x3a
    ) {
      return exact(text);
    }
    let at = 19;
    if (text.charCodeAt(at) === 0x2e) {
      at++;
      const digits = at;
      while (at < length && text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39) at++;
      if (at === digits) return exact(text);
    }
    const zone = text.charCodeAt(at);
    if (zone === 0x5a && at + 1 === length) return true;
    if ((zone === 0x2b || zone === 0x2d) && at + 6 === length && text.charCodeAt(at + 3) === 0x3a) {
      const offsetHour = twoDigits(text, at + 1);
      const offsetMinute = twoDigits(text, at + 4);
      if (offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59) return true;
    }
    return exact(text);
  };
}
