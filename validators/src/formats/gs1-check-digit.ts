/**
 * GS1 mod-10 check digit (GS1 General Specifications §7.9.1), shared by GTIN-8/12/13/14, GLN,
 * SSCC, GSIN and every other numeric GS1 key. Weights 3,1,3,… from the right, excluding the check digit.
 */

/** Computes the mod-10 check digit for a string of digits that does not yet include it. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  let weight = 3;
  for (let i = digitsWithoutCheck.length - 1; i >= 0; i--) {
    const d = digitsWithoutCheck.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    sum += d * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `key` is all digits (at least 2) and its last digit is the correct mod-10 check digit. */
export function hasValidGs1CheckDigit(key: string): boolean {
  if (key.length < 2 || !/^[0-9]+$/.test(key)) return false;
  return gs1CheckDigit(key.slice(0, -1)) === key.charCodeAt(key.length - 1) - 48;
}
