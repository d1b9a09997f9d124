/**
 * The GS1 character sets (GS1 General Specifications §7.11): numeric, CSET 82 (Figure 7.11-1),
 * CSET 39 (Figure 7.11-2) and CSET 64, the base64url alphabet of RFC 4648 §5 (Figure 7.11-3).
 * Checked with lookup tables over char codes: no regular expressions, no allocation.
 */
import { type LintFailure, fail } from './rules.js';

const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const CSET39 = '#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CSET64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

const IN_CSET82 = table(CSET82);
const IN_CSET39 = table(CSET39);
const IN_CSET64 = table(CSET64);

/** Weight (position) of each CSET 82 character, used by the check character pair. */
export const CSET82_WEIGHT: Int16Array = (() => {
  const w = new Int16Array(128).fill(-1);
  for (let i = 0; i < CSET82.length; i++) w[CSET82.charCodeAt(i)] = i;
  return w;
})();

/** True when `c` (a char code) is in CSET 82. */
export function isCset82(c: number): boolean {
  return c < 128 && IN_CSET82[c] === 1;
}

/** Index of the first non-digit in `s[start, end)`, or -1. */
export function firstNonDigit(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return i;
  }
  return -1;
}

/** Numeric component: digits only. */
export function lintNumeric(s: string, start: number, end: number): LintFailure | undefined {
  const at = firstNonDigit(s, start, end);
  return at < 0 ? undefined : fail('NON_DIGIT_CHARACTER', at - start, 1);
}

/** CSET 82 component. */
export function lintCset82(s: string, start: number, end: number): LintFailure | undefined {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || IN_CSET82[c] !== 1) return fail('INVALID_CSET82_CHARACTER', i - start, 1);
  }
  return undefined;
}

/** CSET 39 component. */
export function lintCset39(s: string, start: number, end: number): LintFailure | undefined {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || IN_CSET39[c] !== 1) return fail('INVALID_CSET39_CHARACTER', i - start, 1);
  }
  return undefined;
}

/** CSET 64 component: base64url, optionally padded with up to two `=` to a multiple of 3 characters. */
export function lintCset64(s: string, start: number, end: number): LintFailure | undefined {
  let dataEnd = end;
  while (dataEnd > start && s.charCodeAt(dataEnd - 1) === 61 /* = */) dataEnd--;
  const pads = end - dataEnd;
  if (pads > 2 || (pads > 0 && (end - start) % 3 !== 0))
    return fail('INVALID_CSET64_PADDING', dataEnd - start, pads);
  for (let i = start; i < dataEnd; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || IN_CSET64[c] !== 1) return fail('INVALID_CSET64_CHARACTER', i - start, 1);
  }
  return undefined;
}
