/**
 * Public types of GS1 barcode parsing: options, results, and the AI/value pairs they carry.
 */
import type { Issue } from '@medsupply/validators';

/** One Application Identifier and its value, e.g. `{ ai: '17', value: '261231' }`. */
export interface Gs1Ai {
  ai: string;
  value: string;
}

/** How the input was read. */
export type Gs1Syntax = 'bracketed' | 'unbracketed' | 'scan' | 'digitalLink' | 'plain';

/**
 * How to read the input:
 * - `auto` (default): scan data when it starts with `]`, bracketed when it starts with `(`,
 *   otherwise a data string (next item).
 * - `data`: a data string as barcode software holds it: `^` = FNC1 AI data when it starts with
 *   `^`, a Digital Link URI when it starts with `http://` or `https://` (either all lower or all
 *   upper case), otherwise plain non-GS1 data. `|` separates a linear and a 2D composite part.
 * - `bracketed`: `(01)…(17)…`, a data `(` escaped as `\(`.
 * - `unbracketed`: AI data with `^` or GS (ASCII 29) as FNC1; the leading FNC1 may be left out.
 * - `scan`: what a scanner sends: symbology identifier (`]d2`, `]Q3`, `]C1`, `]e0`, `]J1`, `]E0`…)
 *   then data with GS separators.
 * - `digitalLink`: a GS1 Digital Link URI.
 */
export type Gs1InputSyntax = 'auto' | 'data' | 'bracketed' | 'unbracketed' | 'scan' | 'digitalLink';

/** Options of `parseGs1` and friends. Defaults follow the GS1 Syntax Engine. */
export interface Gs1ParseOptions {
  /** How to read the input (default `auto`). */
  syntax?: Gs1InputSyntax;
  /** Accept AIs that the table does not know, as CSET 82 values (default false). */
  permitUnknownAis?: boolean;
  /** Accept GTIN-8/12/13 in a Digital Link path and pad them to GTIN-14 (legacy; default false). */
  permitZeroSuppressedGtin?: boolean;
  /** Check requisite AIs, e.g. that a lot (10) comes with a GTIN (01) (default true). */
  validateRequisites?: boolean;
  /** Accept unknown AIs as Digital Link data attributes (default false; needs `permitUnknownAis`). */
  unknownAisAsDlAttributes?: boolean;
  /** Longest input accepted, in characters (default 8191). */
  maxLength?: number;
  /** Stem of the Digital Link URI put in results (default `https://id.gs1.org`). */
  dlStem?: string;
}

/** The result of reading one barcode input. */
export interface Gs1ParseResult {
  /** True when the input has no error-severity issue. */
  valid: boolean;
  /** How the input was read; `plain` for data that holds no GS1 AIs. */
  syntax: Gs1Syntax;
  /** The symbology identifier of scan data, e.g. `]d2`. */
  symbologyId?: string;
  /** The AIs in input order; empty when the input is invalid (nothing is half-validated). */
  ais: Gs1Ai[];
  /** The GS1 Digital Link URI of the AIs, when they have a primary key and form a valid URI. */
  digitalLink?: string;
  /** Problems, each with `params.position` where one applies. */
  issues: Issue[];
}
