/**
 * Check digits: the GS1 mod-10 check digit of numeric keys (GenSpecs §7.9.1) and the check
 * character pair of alphanumeric keys such as GMN (8013) and MUDI (8014) (GenSpecs §7.9.5).
 */
import { gs1CheckDigit } from '@medsupply/validators';
import { CSET82_WEIGHT, firstNonDigit } from './charsets.js';
import { type LintFailure, fail } from './rules.js';

/** `csum`: the last digit is the mod-10 check digit of the digits before it. */
export function lintCheckDigit(s: string, start: number, end: number): LintFailure | undefined {
  if (end <= start) return fail('TOO_SHORT_FOR_CHECK_DIGIT', 0, 0);
  const bad = firstNonDigit(s, start, end);
  if (bad >= 0) return fail('NON_DIGIT_CHARACTER', bad - start, 1);
  const expected = gs1CheckDigit(s.slice(start, end - 1));
  return expected === s.charCodeAt(end - 1) - 48
    ? undefined
    : fail('INCORRECT_CHECK_DIGIT', end - 1 - start, 1);
}

/** The first 97 primes: weights of the check character pair, right to left. */
const PRIMES: readonly number[] = (() => {
  const out: number[] = [];
  for (let c = 2; out.length < 97; c++) {
    let prime = true;
    for (const p of out) {
      if (p * p > c) break;
      if (c % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(c);
  }
  return out;
})();

/** CSET 32: the alphabet of the two check characters (GenSpecs Figure 7.11-4). */
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * `csumalpha`: the last two characters are the check character pair: the sum of the CSET 82
 * weights of the other characters, times primes from the right, modulo 1021, split into two
 * 5-bit CSET 32 characters.
 */
export function lintCheckCharacterPair(s: string, start: number, end: number): LintFailure | undefined {
  const length = end - start;
  if (length < 2) return fail('TOO_SHORT_FOR_CHECK_PAIR', 0, length);
  if (length - 2 > PRIMES.length) return fail('TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION', 0, length);
  let sum = 0;
  for (let i = start, p = length - 3; i < end - 2; i++, p--) {
    const c = s.charCodeAt(i);
    const weight = c < 128 ? (CSET82_WEIGHT[c] ?? -1) : -1;
    if (weight < 0) return fail('INVALID_CSET82_CHARACTER', i - start, 1);
    sum += weight * (PRIMES[p] ?? 0);
  }
  sum %= 1021;
  const ok = s[end - 2] === CSET32[sum >> 5] && s[end - 1] === CSET32[sum & 31];
  return ok ? undefined : fail('INCORRECT_CHECK_PAIR', length - 2, 2);
}
