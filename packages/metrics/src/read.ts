/**
 * Defensive readers for canonical documents (1.0.0 and later minor releases, which only add optional
 * members): every accessor checks the shape it needs and answers undefined otherwise, so a document
 * from a newer release is read for what this code knows and never throws.
 */

/** A plain object, or undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An array, or an empty one. */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number, or undefined. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A quantity `{value, unit}` as numbers and strings, or undefined. */
export function quantity(value: unknown): { value: number; unit: string } | undefined {
  const q = obj(value);
  const v = num(q?.value);
  const unit = str(q?.unit);
  return v === undefined || unit === undefined ? undefined : { value: v, unit };
}

/**
 * A copy of `text` that does not keep its source alive. V8 may return strings of 13 or more characters
 * from JSON.parse as slices of the whole input line, so keeping a documentId would keep the document.
 */
export function own(text: string): string {
  return ` ${text}`.slice(1);
}

const interned = new Map<string, string>();
const keys = new Map<string, Map<string, string>>();
const MAX_INTERNED = 1_000_000;
let keyCount = 0;

/** One shared copy of each key string: aggregate maps hold many references to few keys. */
export function intern(key: string): string {
  const known = interned.get(key);
  if (known !== undefined) return known;
  const copy = own(key);
  if (interned.size < MAX_INTERNED) interned.set(copy, copy);
  return copy;
}

/** `SYSTEM|VALUE`, built once per identifier (a lookup allocates nothing; feeds repeat few keys). */
function identifierKey(system: string, value: string): string {
  let bySystem = keys.get(system);
  if (bySystem === undefined) {
    bySystem = new Map();
    keys.set(own(system), bySystem);
  }
  const known = bySystem.get(value);
  if (known !== undefined) return known;
  const key = `${system}|${value}`;
  if (keyCount < MAX_INTERNED) {
    bySystem.set(own(value), key);
    keyCount++;
  }
  return key;
}

/**
 * The key of a product, party or location reference: `SYSTEM|VALUE` of its identifier, or of the first
 * of its `identifiers` when the reference is inline.
 */
export function refKey(ref: unknown): string | undefined {
  const r = obj(ref);
  if (r === undefined) return undefined;
  const id = obj(r.identifier) ?? obj(arr(r.identifiers)[0]);
  const system = str(id?.system);
  const value = str(id?.value);
  return system === undefined || value === undefined ? undefined : identifierKey(system, value);
}

/** A display name of an inline reference, when it has one. */
export function refName(ref: unknown): string | undefined {
  return str(obj(ref)?.name);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** The date part `YYYY-MM-DD` of a date or date-time as written (never shifted to UTC), or undefined. */
export function datePart(value: unknown): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const m = DATE.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** `YYYY-MM` of a date or date-time as written. */
export function monthOf(value: unknown): string | undefined {
  return datePart(value)?.slice(0, 7);
}

/** `YYYY` of a date or date-time as written. */
export function yearOf(value: unknown): string | undefined {
  return datePart(value)?.slice(0, 4);
}

/** Day number of a `YYYY-MM-DD` date (days since 1970-01-01), for differences in calendar days. */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}

/** Calendar days of a `YYYY-MM` month. */
export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** The month a period covers when it runs from the 1st to the last day of one calendar month. */
export function oneMonthPeriod(period: unknown): string | undefined {
  const p = obj(period);
  const start = datePart(p?.start);
  const end = datePart(p?.end);
  if (start === undefined || end === undefined) return undefined;
  const month = start.slice(0, 7);
  if (start.slice(8) !== '01' || end.slice(0, 7) !== month) return undefined;
  return Number(end.slice(8)) === daysInMonth(month) ? month : undefined;
}

/** The instant of a date-time in milliseconds (for ordering snapshots), or NaN. */
export function instant(value: unknown): number {
  const s = str(value);
  return s === undefined ? Number.NaN : Date.parse(s);
}

/** `YYYY-Qn` of a `YYYY-MM` month. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}
