import { formats } from '../formats/index.js';
import { isUcumUnit } from '../formats/ucum.js';

/**
 * Defensive readers for business rules. Rules also run on documents that failed schema checks, so
 * every read tolerates missing or mistyped members and simply yields undefined.
 */

/** A plain JSON object, or undefined. */
export type JsonObject = Record<string, unknown>;

/** The value as an object, or undefined when it is not a (non-array) object. */
export function obj(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** The value as an array, or an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value as a string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A quantity that rules can compute with. */
export interface Amount {
  value: number;
  unit: string;
}

/**
 * The value as a `{ value, unit }` quantity with a finite number and a valid UCUM unit, or undefined
 * (a quantity the schema already rejects is not compared again, to avoid follow-on errors).
 */
export function amount(value: unknown): Amount | undefined {
  const q = obj(value);
  if (!q || typeof q.value !== 'number' || !Number.isFinite(q.value) || typeof q.unit !== 'string')
    return undefined;
  if (!isUcumUnit(q.unit)) return undefined;
  return { value: q.value, unit: q.unit };
}

/** True for a valid date (`YYYY-MM-DD`) or RFC 3339 date-time with offset. */
function isDateOrDateTime(value: string): boolean {
  return value.length === 10 ? formats.date!(value) : formats['date-time']!(value);
}

/** The calendar day (`YYYY-MM-DD`) a valid date or date-time is written in, or undefined. */
export function day(value: unknown): string | undefined {
  return typeof value === 'string' && isDateOrDateTime(value) ? value.slice(0, 10) : undefined;
}

/**
 * A comparable instant: epoch milliseconds for a date-time with offset, or the start of the day (UTC)
 * for a plain date. Undefined when the text is not a date.
 */
export function instant(value: unknown): number | undefined {
  // Only values the schema accepts are compared: a date-time without offset has no instant.
  if (typeof value !== 'string' || !isDateOrDateTime(value)) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Equality of two computed amounts, tolerant of binary floating-point noise. */
export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
