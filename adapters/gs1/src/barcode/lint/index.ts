/**
 * The component rules by name, as the AI table refers to them, and the character-set rule that
 * runs before them.
 */
import type { AiCharset, LinterName } from '../ai-row.js';
import { lintCset39, lintCset64, lintCset82, lintNumeric } from './charsets.js';
import { lintCheckCharacterPair, lintCheckDigit } from './check-digits.js';
import {
  lintIban,
  lintIso3166,
  lintIso3166Alpha2,
  lintIso3166Or999,
  lintIso4217,
  lintIso5218,
  lintMediaType,
  lintPackageType,
} from './codes.js';
import { lintCouponCode, lintCouponPosOffer } from './coupon.js';
import {
  lintHour,
  lintHourMinute,
  lintMinute,
  lintSecond,
  lintYymmd0Date,
  lintYymmddDate,
  lintYyyymmddDate,
} from './dates.js';
import {
  lintGcpPosition1,
  lintGcpPosition2,
  lintHasNonDigit,
  lintHyphen,
  lintImporterIndex,
  lintLatitude,
  lintLongitude,
  lintNoZeroPrefix,
  lintNonZero,
  lintPercentEncoding,
  lintPieceOfTotal,
  lintPositionInSequence,
  lintWinding,
  lintYesNo,
  lintZero,
} from './misc.js';
import type { Linter } from './rules.js';

export { LINT_MESSAGES, type LintFailure, type LintRule, type Linter } from './rules.js';

/** Every named component rule. */
export const linters: Readonly<Record<LinterName, Linter>> = {
  couponcode: lintCouponCode,
  couponposoffer: lintCouponPosOffer,
  csum: lintCheckDigit,
  csumalpha: lintCheckCharacterPair,
  gcppos1: lintGcpPosition1,
  gcppos2: lintGcpPosition2,
  hasnondigit: lintHasNonDigit,
  hh: lintHour,
  hhmi: lintHourMinute,
  hyphen: lintHyphen,
  iban: lintIban,
  importeridx: lintImporterIndex,
  iso3166: lintIso3166,
  iso3166999: lintIso3166Or999,
  iso3166alpha2: lintIso3166Alpha2,
  iso4217: lintIso4217,
  iso5218: lintIso5218,
  latitude: lintLatitude,
  longitude: lintLongitude,
  mediatype: lintMediaType,
  mi: lintMinute,
  nonzero: lintNonZero,
  nozeroprefix: lintNoZeroPrefix,
  packagetype: lintPackageType,
  pcenc: lintPercentEncoding,
  pieceoftotal: lintPieceOfTotal,
  posinseqslash: lintPositionInSequence,
  ss: lintSecond,
  winding: lintWinding,
  yesno: lintYesNo,
  yymmd0: lintYymmd0Date,
  yymmdd: lintYymmddDate,
  yyyymmdd: lintYyyymmddDate,
  zero: lintZero,
};

/** The character-set rule of each component type. */
export const charsetLinters: Readonly<Record<AiCharset, Linter>> = {
  N: lintNumeric,
  X: lintCset82,
  Y: lintCset39,
  Z: lintCset64,
};

/** Runs one named rule on a whole string (for tests and tools). */
export function lintValue(name: LinterName | 'cset82' | 'cset39' | 'cset64' | 'csetnumeric', value: string) {
  const linter =
    name === 'cset82'
      ? lintCset82
      : name === 'cset39'
        ? lintCset39
        : name === 'cset64'
          ? lintCset64
          : name === 'csetnumeric'
            ? lintNumeric
            : linters[name];
  return linter(value, 0, value.length);
}
