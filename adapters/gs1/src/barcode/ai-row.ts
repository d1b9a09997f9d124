/**
 * The shape of one row of the AI table (`ai-data.ts`) and the small constructors that keep the
 * rows short. The rows are compiled into lookup structures by `ai-table.ts`.
 */

/** Character set of a component: numeric, CSET 82, CSET 39 or CSET 64 (GS1 GenSpecs §7.11). */
export type AiCharset = 'N' | 'X' | 'Y' | 'Z';

/**
 * A content rule applied to a component after its character set, named as in the GS1 Barcode
 * Syntax Tests (`csum` = mod-10 check digit, `csumalpha` = check character pair, `yymmd0` = date
 * whose day may be 00, `iso3166` = ISO 3166 numeric country code, …).
 */
export type LinterName =
  | 'couponcode'
  | 'couponposoffer'
  | 'csum'
  | 'csumalpha'
  | 'gcppos1'
  | 'gcppos2'
  | 'hasnondigit'
  | 'hh'
  | 'hhmi'
  | 'hyphen'
  | 'iban'
  | 'importeridx'
  | 'iso3166'
  | 'iso3166999'
  | 'iso3166alpha2'
  | 'iso4217'
  | 'iso5218'
  | 'latitude'
  | 'longitude'
  | 'mediatype'
  | 'mi'
  | 'nonzero'
  | 'nozeroprefix'
  | 'packagetype'
  | 'pcenc'
  | 'pieceoftotal'
  | 'posinseqslash'
  | 'ss'
  | 'winding'
  | 'yesno'
  | 'yymmd0'
  | 'yymmdd'
  | 'yyyymmdd'
  | 'zero';

/** One component of an AI value: the value is the concatenation of its components. */
export interface AiComponent {
  /** Character set every character must belong to. */
  readonly charset: AiCharset;
  /** Shortest allowed length (equal to `maxLength` for fixed-length components). */
  readonly minLength: number;
  /** Longest allowed length. */
  readonly maxLength: number;
  /** An optional component may be left out when the value ends before it. */
  readonly optional: boolean;
  /** Content rules applied in order after the character set. */
  readonly linters: readonly LinterName[];
}

/** `FIXED`: predefined length, no FNC1 separator follows the AI (GenSpecs Figure 7.8.5-2). */
export const FIXED = 1;
/** `DL_ATTR`: the AI may be carried as a GS1 Digital Link data attribute. */
export const DL_ATTR = 2;

/** One row of the AI table; `ai` is one AI or a `first-last` range of AIs sharing the definition. */
export interface AiRow {
  readonly ai: string;
  readonly title: string;
  readonly flags: number;
  readonly components: readonly AiComponent[];
  /** Requirements; each holds alternatives, `a+b` meaning both. */
  readonly req: readonly (readonly string[])[];
  /** AIs (or patterns ending in `n`) that must not appear with this AI. */
  readonly ex: readonly string[];
  /** Present when the AI is a Digital Link primary key: its key-qualifier sequences. */
  readonly dlKey?: readonly (readonly string[])[];
}

interface RowAssociations {
  req?: readonly (readonly string[])[];
  ex?: readonly string[];
  dlKey?: readonly (readonly string[])[];
}

/** Builds a table row. */
export function row(
  ai: string,
  title: string,
  flags: number,
  components: readonly AiComponent[],
  associations: RowAssociations = {},
): AiRow {
  const base = { ai, title, flags, components, req: associations.req ?? [], ex: associations.ex ?? [] };
  return associations.dlKey === undefined ? base : { ...base, dlKey: associations.dlKey };
}

function component(charset: AiCharset, min: number, max: number, linters: LinterName[]): AiComponent {
  return { charset, minLength: min, maxLength: max, optional: false, linters };
}

/** Numeric component of exactly `length` digits. */
export const n = (length: number, ...linters: LinterName[]) => component('N', length, length, linters);
/** Numeric component of 1 to `max` digits. */
export const nv = (max: number, ...linters: LinterName[]) => component('N', 1, max, linters);
/** CSET 82 component of exactly `length` characters. */
export const x = (length: number, ...linters: LinterName[]) => component('X', length, length, linters);
/** CSET 82 component of 1 to `max` characters. */
export const xv = (max: number, ...linters: LinterName[]) => component('X', 1, max, linters);
/** CSET 39 component of 1 to `max` characters. */
export const yv = (max: number, ...linters: LinterName[]) => component('Y', 1, max, linters);
/** CSET 64 (base64url) component of 1 to `max` characters. */
export const zv = (max: number, ...linters: LinterName[]) => component('Z', 1, max, linters);
/** Marks a trailing component as optional. */
export const opt = (c: AiComponent): AiComponent => ({ ...c, optional: true });
