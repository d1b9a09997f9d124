/**
 * Quantities in one unit. Values of a key are summed in the first unit seen for it; other units are
 * converted with UCUM where UCUM can, and otherwise the key is marked not computable with the reason.
 * UCUM treats annotations (`{tablet}`, `{pack}`) as the unity 1, which would silently equate tablets
 * and packs, so units whose annotations differ are never converted.
 */
import { ucumFactor } from '@medsupply/validators';

/** A sum of quantities kept in one unit, or the reason it cannot be. */
export interface UnitSum {
  value: number;
  unit: string;
  /** Set when a quantity in a unit that cannot be converted was added: the sum is unusable. */
  problem?: string;
}

const ANNOTATION = /\{[^{}]*\}/g;

/** The factor from `from` to `to`, or null when the two cannot be converted without guessing. */
export function conversionFactor(from: string, to: string): number | null {
  if (from === to) return 1;
  const a = from.match(ANNOTATION)?.join('') ?? '';
  const b = to.match(ANNOTATION)?.join('') ?? '';
  if (a !== b) return null;
  // `1` and a bare annotation are both counts: equal annotations make them the same unit.
  return ucumFactor(from, to);
}

/** Converts `value` from `from` to `to`, or returns null with no silent guess. */
export function convert(value: number, from: string, to: string): number | null {
  const factor = conversionFactor(from, to);
  return factor === null ? null : value * factor;
}

/** Adds a quantity to a sum (starting one in the quantity's unit when `sum` is undefined). */
export function addQuantity(sum: UnitSum | undefined, value: number, unit: string): UnitSum {
  if (sum === undefined) return { value, unit, problem: undefined };
  if (sum.problem !== undefined) return sum;
  const converted = convert(value, unit, sum.unit);
  if (converted === null) {
    sum.problem = unitProblem(unit, sum.unit);
    return sum;
  }
  sum.value += converted;
  return sum;
}

/** The reason two units cannot be combined, as reported on a not-computable metric. */
export function unitProblem(from: string, to: string): string {
  return `quantities in "${from}" and "${to}" cannot be converted into one another (UCUM)`;
}
