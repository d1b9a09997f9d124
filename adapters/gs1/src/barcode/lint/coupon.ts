/**
 * North American coupon codes: AI (8110) "couponcode" and AI (8112) "couponposoffer", laid out in
 * the GS1 US "North American Coupon Application Guideline Using GS1 DataBar Expanded Symbols".
 * Both are digits read left to right as length indicators (VLI) followed by that many digits.
 */
import { firstNonDigit } from './charsets.js';
import { lintYymmddDate } from './dates.js';
import { lintGcpPosition1 } from './misc.js';
import { type LintFailure, type LintRule, fail } from './rules.js';

/** A left-to-right reader over `s[start, end)` that reports failures relative to `start`. */
class CouponReader {
  pos: number;
  constructor(
    readonly s: string,
    readonly start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  get atEnd(): boolean {
    return this.pos >= this.end;
  }
  get digit(): number {
    return this.s.charCodeAt(this.pos) - 48;
  }
  /** Failure for a missing field: the whole data is highlighted. */
  missing(rule: LintRule): LintFailure {
    return fail(rule, 0, this.end - this.start);
  }
  /** Failure for the single character at the current position. */
  here(rule: LintRule): LintFailure {
    return fail(rule, this.pos - this.start, 1);
  }
  /** Failure for data shorter than needed: the remaining data, or everything when none remains. */
  truncated(rule: LintRule): LintFailure {
    return this.atEnd
      ? fail(rule, 0, this.end - this.start)
      : fail(rule, this.pos - this.start, this.end - this.pos);
  }
  remaining(): number {
    return this.end - this.pos;
  }
}

/** Reads a VLI digit in [min, max] (or `alt`), then that many characters plus `add`. */
function readVli(
  r: CouponReader,
  rules: { missing: LintRule; invalid: LintRule; truncated: LintRule },
  min: number,
  max: number,
  add: number,
  alt?: number,
): { ok: true; start: number; length: number } | { ok: false; failure: LintFailure } {
  if (r.atEnd) return { ok: false, failure: r.missing(rules.missing) };
  const d = r.digit;
  let length: number;
  if (alt !== undefined && d === alt) length = 0;
  else if (d < min || d > max) return { ok: false, failure: r.here(rules.invalid) };
  else length = d + add;
  r.pos++;
  if (r.remaining() < length) return { ok: false, failure: r.truncated(rules.truncated) };
  const start = r.pos;
  r.pos += length;
  return { ok: true, start, length };
}

/** Checks that a GS1 Company Prefix read from the coupon starts with enough digits. */
function gcpAt(r: CouponReader, start: number, length: number): LintFailure | undefined {
  if (length === 0) return undefined;
  const failure = lintGcpPosition1(r.s, start, start + length);
  return failure === undefined ? undefined : fail(failure.rule, start - r.start, length);
}

/** Reads a purchase requirement: VLI 1-5 + value, a code 0-4 or 9, and a 3-digit family code. */
function readPurchase(r: CouponReader, ordinal: '1ST' | '2ND' | '3RD'): LintFailure | undefined {
  const req = readVli(
    r,
    {
      missing: `COUPON_MISSING_${ordinal}_PURCHASE_REQUIREMENT_VLI`,
      invalid: `COUPON_INVALID_${ordinal}_PURCHASE_REQUIREMENT_LENGTH`,
      truncated: `COUPON_TRUNCATED_${ordinal}_PURCHASE_REQUIREMENT`,
    },
    1,
    5,
    0,
  );
  if (!req.ok) return req.failure;
  if (r.atEnd) return r.missing(`COUPON_MISSING_${ordinal}_PURCHASE_REQUIREMENT_CODE`);
  if (r.digit > 4 && r.digit !== 9) return r.here(`COUPON_INVALID_${ordinal}_PURCHASE_REQUIREMENT_CODE`);
  r.pos++;
  if (r.remaining() < 3) return r.truncated(`COUPON_TRUNCATED_${ordinal}_PURCHASE_FAMILY_CODE`);
  r.pos += 3;
  return undefined;
}

/** Reads the company prefix of the second or third purchase: VLI 0-6 (+6 digits) or 9 (none). */
function readPurchaseGcp(r: CouponReader, ordinal: '2ND' | '3RD'): LintFailure | undefined {
  const gcp = readVli(
    r,
    {
      missing: `COUPON_MISSING_${ordinal}_PURCHASE_GCP_VLI`,
      invalid: `COUPON_INVALID_${ordinal}_PURCHASE_GCP_LENGTH`,
      truncated: `COUPON_TRUNCATED_${ordinal}_PURCHASE_GCP`,
    },
    0,
    6,
    6,
    9,
  );
  return gcp.ok ? gcpAt(r, gcp.start, gcp.length) : gcp.failure;
}

/** Reads a YYMMDD date of an optional field; returns its start or a failure. */
function readDate(r: CouponReader, tooShort: LintRule, invalid: LintRule): number | LintFailure {
  r.pos++;
  if (r.remaining() < 6) return r.truncated(tooShort);
  const start = r.pos;
  if (lintYymmddDate(r.s, start, start + 6) !== undefined) return fail(invalid, start - r.start, 6);
  r.pos += 6;
  return start;
}

/** `couponcode`: AI (8110) coupon code identification for use in North America. */
export function lintCouponCode(s: string, start: number, end: number): LintFailure | undefined {
  const bad = firstNonDigit(s, start, end);
  if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
  const r = new CouponReader(s, start, end);

  const gcp = readVli(
    r,
    {
      missing: 'COUPON_MISSING_GCP_VLI',
      invalid: 'COUPON_INVALID_GCP_LENGTH',
      truncated: 'COUPON_TRUNCATED_GCP',
    },
    0,
    6,
    6,
  );
  if (!gcp.ok) return gcp.failure;
  const gcpFailure = gcpAt(r, gcp.start, gcp.length);
  if (gcpFailure !== undefined) return gcpFailure;
  if (r.remaining() < 6) return r.truncated('COUPON_TRUNCATED_OFFER_CODE');
  r.pos += 6;
  const save = readVli(
    r,
    {
      missing: 'COUPON_MISSING_SAVE_VALUE_VLI',
      invalid: 'COUPON_INVALID_SAVE_VALUE_LENGTH',
      truncated: 'COUPON_TRUNCATED_SAVE_VALUE',
    },
    1,
    5,
    0,
  );
  if (!save.ok) return save.failure;
  const first = readPurchase(r, '1ST');
  if (first !== undefined) return first;

  // Optional field 1: additional purchase rules code and second purchase.
  if (!r.atEnd && r.digit === 1) {
    r.pos++;
    if (r.atEnd) return r.missing('COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE');
    if (r.digit > 3) return r.here('COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE');
    r.pos++;
    const second = readPurchase(r, '2ND') ?? readPurchaseGcp(r, '2ND');
    if (second !== undefined) return second;
  }
  // Optional field 2: third purchase.
  if (!r.atEnd && r.digit === 2) {
    r.pos++;
    const third = readPurchase(r, '3RD') ?? readPurchaseGcp(r, '3RD');
    if (third !== undefined) return third;
  }
  // Optional field 3: expiration date.
  let expiry = -1;
  if (!r.atEnd && r.digit === 3) {
    const read = readDate(r, 'COUPON_TOO_SHORT_FOR_EXPIRATION_DATE', 'COUPON_INVALID_EXIPIRATION_DATE');
    if (typeof read !== 'number') return read;
    expiry = read;
  }
  // Optional field 4: start date, not after the expiration date.
  if (!r.atEnd && r.digit === 4) {
    const read = readDate(r, 'COUPON_TOO_SHORT_FOR_START_DATE', 'COUPON_INVALID_START_DATE');
    if (typeof read !== 'number') return read;
    if (expiry >= 0 && s.slice(read, read + 6) > s.slice(expiry, expiry + 6)) {
      return fail('COUPON_EXPIRATION_BEFORE_START', read - 8 - start, 14);
    }
  }
  // Optional field 5: serial number.
  if (!r.atEnd && r.digit === 5) {
    r.pos++;
    if (r.atEnd) return r.missing('COUPON_MISSING_SERIAL_NUMBER_VLI');
    const length = r.digit + 6;
    r.pos++;
    if (r.remaining() < length) return r.truncated('COUPON_TRUNCATED_SERIAL_NUMBER');
    r.pos += length;
  }
  // Optional field 6: retailer company prefix or GLN.
  if (!r.atEnd && r.digit === 6) {
    r.pos++;
    const retailer = readVli(
      r,
      {
        missing: 'COUPON_MISSING_RETAILER_GCP_OR_GLN_VLI',
        invalid: 'COUPON_INVALID_RETAILER_GCP_OR_GLN_LENGTH',
        truncated: 'COUPON_TRUNCATED_RETAILER_GCP_OR_GLN',
      },
      1,
      7,
      6,
    );
    if (!retailer.ok) return retailer.failure;
    const failure = gcpAt(r, retailer.start, retailer.length);
    if (failure !== undefined) return failure;
  }
  // Optional field 9: save value code, applies-to-item, store coupon and don't-multiply flags.
  if (!r.atEnd && r.digit === 9) {
    r.pos++;
    if (r.atEnd) return r.missing('COUPON_MISSING_SAVE_VALUE_CODE');
    if (![0, 1, 2, 5, 6].includes(r.digit)) return r.here('COUPON_INVALID_SAVE_VALUE_CODE');
    r.pos++;
    if (r.atEnd) return r.missing('COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM');
    if (r.digit > 2) return r.here('COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM');
    r.pos++;
    if (r.atEnd) return r.missing('COUPON_MISSING_STORE_COUPON_FLAG');
    r.pos++;
    if (r.atEnd) return r.missing('COUPON_MISSING_DONT_MULTIPLY_FLAG');
    if (r.digit > 1) return r.here('COUPON_INVALID_DONT_MULTIPLY_FLAG');
    r.pos++;
  }
  return r.atEnd ? undefined : fail('COUPON_EXCESS_DATA', r.pos - start, end - r.pos);
}

/** `couponposoffer`: AI (8112) paperless coupon code identification for use in North America. */
export function lintCouponPosOffer(s: string, start: number, end: number): LintFailure | undefined {
  const bad = firstNonDigit(s, start, end);
  if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
  const r = new CouponReader(s, start, end);
  if (r.atEnd) return r.missing('COUPON_MISSING_FORMAT_CODE');
  if (r.digit > 1) return r.here('COUPON_INVALID_FORMAT_CODE');
  r.pos++;
  const funder = readVli(
    r,
    {
      missing: 'COUPON_MISSING_FUNDER_VLI',
      invalid: 'COUPON_INVALID_FUNDER_LENGTH',
      truncated: 'COUPON_TRUNCATED_FUNDER',
    },
    0,
    6,
    6,
  );
  if (!funder.ok) return funder.failure;
  if (r.remaining() < 6) return r.truncated('COUPON_TRUNCATED_OFFER_CODE');
  r.pos += 6;
  if (r.atEnd) return r.missing('COUPON_MISSING_SERIAL_NUMBER_VLI');
  const length = r.digit + 6;
  r.pos++;
  if (r.remaining() < length) return r.truncated('COUPON_TRUNCATED_SERIAL_NUMBER');
  r.pos += length;
  return r.atEnd ? undefined : fail('COUPON_EXCESS_DATA', r.pos - start, end - r.pos);
}
