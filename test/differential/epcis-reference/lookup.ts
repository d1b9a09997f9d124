/**
 * Lookup tables keyed by names read from documents (event types, business steps, attribute names,
 * prefixes, units). A plain object literal answers `constructor` or `toString` with a function from
 * Object.prototype; these tables have no prototype, so such a name finds nothing, as any unknown does.
 */
export function lookupTable<T>(entries: { readonly [key: string]: T }): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
