/**
 * The remaining component rules of the GS1 General Specifications: company prefix position,
 * zero and flag values, piece-of-total and position-in-sequence, percent-encoding, geographic
 * coordinates and the importer index of AI (7040).
 */
import { firstNonDigit } from './charsets.js';
import { type LintFailure, fail } from './rules.js';

/** Shortest GS1 Company Prefix (GenSpecs §1.4.4): four digits. */
const GCP_MIN_LENGTH = 4;

function lintGcpAt(s: string, start: number, end: number, skip: number): LintFailure | undefined {
  const from = start + skip;
  if (end - from < GCP_MIN_LENGTH) return fail('TOO_SHORT_FOR_GCP', skip, Math.max(0, end - from));
  const bad = firstNonDigit(s, from, from + GCP_MIN_LENGTH);
  return bad >= 0 ? fail('INVALID_GCP_PREFIX', bad - start, 1) : undefined;
}

/**
 * `gcppos1`: the component starts with a GS1 Company Prefix. Without a licence register only the
 * shape is checked: the shortest prefix must be digits.
 */
export const lintGcpPosition1 = (s: string, start: number, end: number) => lintGcpAt(s, start, end, 0);

/** `gcppos2`: the GS1 Company Prefix starts at the second character (after an indicator digit). */
export const lintGcpPosition2 = (s: string, start: number, end: number) => lintGcpAt(s, start, end, 1);

/** `hasnondigit`: at least one character is not a digit (AI 8014 MUDI is never purely numeric). */
export function lintHasNonDigit(s: string, start: number, end: number): LintFailure | undefined {
  return firstNonDigit(s, start, end) >= 0 ? undefined : fail('REQUIRES_NON_DIGIT_CHARACTER', 0, end - start);
}

/** `nozeroprefix`: digits that do not start with 0. */
export function lintNoZeroPrefix(s: string, start: number, end: number): LintFailure | undefined {
  const bad = firstNonDigit(s, start, end);
  if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
  return end > start && s.charCodeAt(start) === 48 ? fail('ILLEGAL_ZERO_PREFIX', 0, 1) : undefined;
}

/** `nonzero`: a number other than zero. */
export function lintNonZero(s: string, start: number, end: number): LintFailure | undefined {
  const bad = firstNonDigit(s, start, end);
  if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
  for (let i = start; i < end; i++) if (s.charCodeAt(i) !== 48) return undefined;
  return fail('ILLEGAL_ZERO_VALUE', 0, end - start);
}

function lintOneOf(allowed: string, rule: 'NOT_ZERO' | 'NOT_ZERO_OR_ONE' | 'INVALID_WINDING_DIRECTION') {
  return (s: string, start: number, end: number): LintFailure | undefined =>
    end - start === 1 && allowed.includes(s[start] ?? '') ? undefined : fail(rule, 0, end - start);
}

/** `zero`: exactly "0". */
export const lintZero = lintOneOf('0', 'NOT_ZERO');
/** `yesno`: "0" (no) or "1" (yes). */
export const lintYesNo = lintOneOf('01', 'NOT_ZERO_OR_ONE');
/** `winding`: winding direction "0" (face in), "1" (face out) or "9" (undefined), AI 8001. */
export const lintWinding = lintOneOf('019', 'INVALID_WINDING_DIRECTION');

/** `hyphen`: hyphens only (the optional negative sign of AIs 4330-4333). */
export function lintHyphen(s: string, start: number, end: number): LintFailure | undefined {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) !== 45) return fail('NOT_HYPHEN', i - start, 1);
  return undefined;
}

/** Compares two digit strings of equal length as numbers. */
function compareDigits(s: string, a: number, b: number, length: number): number {
  for (let i = 0; i < length; i++) {
    const d = s.charCodeAt(a + i) - s.charCodeAt(b + i);
    if (d !== 0) return d;
  }
  return 0;
}

function isAllZero(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) !== 48) return false;
  return true;
}

/** `pieceoftotal`: piece number then total, of equal length, neither zero, piece ≤ total (AI 8006, 8026). */
export function lintPieceOfTotal(s: string, start: number, end: number): LintFailure | undefined {
  const length = end - start;
  if (length < 2 || length % 2 !== 0) return fail('INVALID_LENGTH_FOR_PIECE_OF_TOTAL', 0, length);
  const bad = firstNonDigit(s, start, end);
  if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
  const half = length / 2;
  if (isAllZero(s, start, start + half)) return fail('ZERO_PIECE_NUMBER', 0, half);
  if (isAllZero(s, start + half, end)) return fail('ZERO_TOTAL_PIECES', half, half);
  return compareDigits(s, start, start + half, half) > 0
    ? fail('PIECE_NUMBER_EXCEEDS_TOTAL', 0, length)
    : undefined;
}

/** `posinseqslash`: `<position>/<end>`, both without leading zeros, position ≤ end (AI 7258). */
export function lintPositionInSequence(s: string, start: number, end: number): LintFailure | undefined {
  const length = end - start;
  let slash = start;
  while (slash < end && s.charCodeAt(slash) >= 48 && s.charCodeAt(slash) <= 57) slash++;
  if (
    slash === start ||
    slash >= end - 1 ||
    s.charCodeAt(slash) !== 47 ||
    firstNonDigit(s, slash + 1, end) >= 0
  ) {
    return fail('POSITION_IN_SEQUENCE_MALFORMED', 0, length);
  }
  const posLength = slash - start;
  const endLength = end - slash - 1;
  if (s.charCodeAt(start) === 48) return fail('ILLEGAL_ZERO_PREFIX', 0, posLength);
  if (s.charCodeAt(slash + 1) === 48) return fail('ILLEGAL_ZERO_PREFIX', posLength + 1, endLength);
  const exceeds =
    posLength > endLength || (posLength === endLength && compareDigits(s, start, slash + 1, posLength) > 0);
  return exceeds ? fail('POSITION_EXCEEDS_END', 0, length) : undefined;
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** `pcenc`: every `%` starts a `%hh` hex escape (names and addresses, AIs 4300-4320, 7253-7259). */
export function lintPercentEncoding(s: string, start: number, end: number): LintFailure | undefined {
  for (let i = start; i < end; i++) {
    if (s.charCodeAt(i) !== 37) continue;
    if (i + 2 >= end) return fail('INVALID_PERCENT_SEQUENCE', i - start, end - i);
    if (!isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2)))
      return fail('INVALID_PERCENT_SEQUENCE', i - start, 3);
    i += 2;
  }
  return undefined;
}

function lintBoundedNumber(max: string, rule: 'INVALID_LATITUDE' | 'INVALID_LONGITUDE') {
  return (s: string, start: number, end: number): LintFailure | undefined => {
    const value = s.slice(start, end);
    const bad = firstNonDigit(s, start, end);
    if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
    return value.length === max.length && value <= max ? undefined : fail(rule, 0, end - start);
  };
}

/** `latitude`: ten digits, 0000000000-1800000000 (degrees + 90, times 10^7; AI 4309). */
export const lintLatitude = lintBoundedNumber('1800000000', 'INVALID_LATITUDE');
/** `longitude`: ten digits, 0000000000-3600000000 (degrees + 180, times 10^7; AI 4309). */
export const lintLongitude = lintBoundedNumber('3600000000', 'INVALID_LONGITUDE');

/** `importeridx`: one character of `-`, `0-9`, `A-Z`, `_`, `a-z` (AI 7040, EU tobacco traceability). */
export function lintImporterIndex(s: string, start: number, end: number): LintFailure | undefined {
  if (end - start !== 1) return fail('IMPORTER_IDX_MUST_BE_ONE_CHARACTER', 0, end - start);
  const c = s.charCodeAt(start);
  const ok = c === 45 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return ok ? undefined : fail('INVALID_IMPORT_IDX_CHARACTER', 0, 1);
}
