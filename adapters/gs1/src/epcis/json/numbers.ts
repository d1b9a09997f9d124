/**
 * JSON numbers that a JavaScript number cannot hold: `1e400` (Infinity), `1e-400` (0), a 30-digit
 * integer (rounded). `JSON.parse` changes them without a word, and the XML writer would then write
 * `Infinity` or wrong digits. The reader finds them in the raw text and keeps them as their literal
 * text instead (vendor members), or refuses them where EPCIS wants a number that fits.
 */
import { type Issue, issue, joinPointer } from '@medsupply/validators';
import type { JsonValue } from '../model.js';

// Cheap pre-check: a lossy literal has 16+ significant digits or an exponent.
const MAYBE_LOSSY = /\d{16}|[eE][+-]?\d/;
// Private-use characters: a marker no EPCIS text uses; inputs that contain it are never rewritten.
const MARK = '\uE000num:';
// EPCIS members whose values are xsd:double / JSON numbers.
const NUMERIC_MEMBERS = new Set([
  'quantity',
  'value',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
]);

/** Significant digits of a decimal literal (no sign, point, exponent, leading or trailing zeros). */
function significantDigits(literal: string): string {
  const mantissa = literal
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '');
}

/** True when `Number(literal)` does not give back the literal's value. */
export function isLossyNumber(literal: string): boolean {
  const value = Number(literal);
  if (!Number.isFinite(value)) return true;
  const digits = significantDigits(literal);
  if (digits.length <= 15) return value === 0 && digits !== '';
  if (digits.length > 100) return true;
  return significantDigits(Math.abs(value).toExponential(digits.length - 1)) !== digits;
}

/** The raw text with every lossy number literal outside strings turned into a marked string. */
function markLossyNumbers(raw: string): string | undefined {
  let out = '';
  let last = 0;
  let changed = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34) {
      // Skip a string.
      for (i++; i < raw.length; i++) {
        const d = raw.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let end = i + 1;
      while (end < raw.length && /[0-9eE.+-]/.test(raw[end] as string)) end++;
      const literal = raw.slice(i, end);
      if (isLossyNumber(literal)) {
        out += `${raw.slice(last, i)}"${MARK}${literal}"`;
        last = end;
        changed = true;
      }
      i = end - 1;
    }
  }
  return changed ? out + raw.slice(last) : undefined;
}

/**
 * Parses one JSON value, keeping numbers that would lose their value: as text in vendor members
 * (warning `EPCIS_NUMBER_KEPT_AS_TEXT`), as the nearest number in EPCIS numeric members (xsd:double
 * rounds too), and refused there when out of range (`EPCIS_NUMBER_OUT_OF_RANGE`). Throws like
 * `JSON.parse` on syntax errors.
 */
export function parseJsonKeepingNumbers(
  raw: string,
  issues: Issue[],
  params: Record<string, unknown>,
): JsonValue {
  if (!MAYBE_LOSSY.test(raw) || raw.includes('\uE000')) return JSON.parse(raw) as JsonValue;
  const marked = markLossyNumbers(raw);
  if (marked === undefined) return JSON.parse(raw) as JsonValue;
  let value: JsonValue;
  try {
    value = JSON.parse(marked) as JsonValue;
  } catch {
    return JSON.parse(raw) as JsonValue; // the original's own syntax error
  }
  return resolve(value, '', '', issues, params);
}

function resolve(
  value: JsonValue,
  path: string,
  key: string,
  issues: Issue[],
  params: Record<string, unknown>,
): JsonValue {
  if (typeof value === 'string') {
    if (!value.startsWith(MARK)) return value;
    const literal = value.slice(MARK.length);
    const number = Number(literal);
    if (NUMERIC_MEMBERS.has(key)) {
      if (Number.isFinite(number) && number !== 0) return number;
      issues.push(
        issue(
          'error',
          'EPCIS_NUMBER_OUT_OF_RANGE',
          path,
          `${literal.slice(0, 40)} is outside the range of a number`,
          {
            ...params,
          },
        ),
      );
      return literal;
    }
    issues.push(
      issue(
        'warning',
        'EPCIS_NUMBER_KEPT_AS_TEXT',
        path,
        `${literal.slice(0, 40)} does not fit a number without changing its value; kept as its literal text`,
        { ...params },
      ),
    );
    return literal;
  }
  if (Array.isArray(value))
    return value.map((item, i) => resolve(item, joinPointer(path, i), key, issues, params));
  if (value === null || typeof value !== 'object') return value;
  // `__proto__` members are dropped by the reader afterwards; assigning one would set the prototype.
  for (const member of Object.keys(value))
    if (member !== '__proto__')
      value[member] = resolve(value[member] as JsonValue, joinPointer(path, member), member, issues, params);
  return value;
}
