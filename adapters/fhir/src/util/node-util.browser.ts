/**
 * What the mappings use of `node:util`, for browsers (the package's `browser` field maps `node:util`
 * here): `isDeepStrictEqual` for the JSON values they compare (resources, documents), with Node's
 * semantics for them: `Object.is` for primitives (so `0` and `-0` differ), same prototype, same own
 * keys in any order, arrays element by element.
 */

/** Deep strict equality of two JSON values, as node:util's isDeepStrictEqual decides it. */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    return a.every((item, index) => isDeepStrictEqual(item, other[index]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  return keys.every((key) => Object.hasOwn(right, key) && isDeepStrictEqual(left[key], right[key]));
}
