/**
 * GS1 mod-10 check digit (GS1 General Specifications §7.9.1), shared by GTIN-8/12/13/14, GLN,
 * SSCC, GSIN and every other numeric GS1 key. Weights 3,1,3,… from the right, excluding the check digit.
 */

/** Computes the mod-10 check digit for a string of digits that does not yet include it. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  const sum = weightedSum(digitsWithoutCheck, digitsWithoutCheck.length);
  return sum < 0 ? Number.NaN : (10 - (sum % 10)) % 10;
}

/** True when `key` is all digits (at least 2) and its last digit is the correct mod-10 check digit. */
export function hasValidGs1CheckDigit(key: string): boolean {
  // One pass over char codes, no regex and no sliced copy: this runs on every GS1 key of every record.
  const last = key.length - 1;
  if (last < 1) return false;
  const check = key.charCodeAt(last) - 48;
  if (check < 0 || check > 9) return false;
  const sum = weightedSum(key, last);
  return sum >= 0 && (10 - (sum % 10)) % 10 === check;
}

/** The GS1 weighted sum of the first `end` characters of `digits`, or -1 if one is not a digit. */
function weightedSum(digits: string, end: number): number {
  let sum = 0;
  let weight = 3;
  for (let i = end - 1; i >= 0; i--) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    sum += d * weight;
    weight = 4 - weight;
  }
  return sum;
}
