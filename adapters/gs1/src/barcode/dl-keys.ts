/**
 * Digital Link primary keys and their key-qualifier paths (GS1 Digital Link standard §4.5): a
 * path holds the key, then any of its qualifiers in their defined order, e.g. GTIN (01) with
 * CPV (22), lot (10) and serial (21): `/01/…/22/…/10/…/21/…`, `/01/…/21/…`, but not `/01/…/21/…/10/…`.
 */
import { aiTable } from './ai-table.js';

function orderedSubsets(sequence: readonly string[]): string[][] {
  let subsets: string[][] = [[]];
  for (const ai of sequence) subsets = subsets.concat(subsets.map((s) => [...s, ai]));
  return subsets;
}

/** Every valid path, as AIs joined by spaces (`01 10 21`). */
const validPaths = new Set<string>();
/** Valid paths by primary key, sorted as their joined text sorts, key alone first. */
const pathsByKey = new Map<string, readonly (readonly string[])[]>();

for (const entry of aiTable) {
  if (!entry.dlPrimaryKey) continue;
  const sequences = entry.dlQualifiers.length === 0 ? [[]] : entry.dlQualifiers;
  const paths = new Map<string, string[]>();
  for (const sequence of sequences) {
    for (const subset of orderedSubsets(sequence)) {
      const path = [entry.ai, ...subset];
      paths.set(path.join(' '), path);
    }
  }
  for (const text of paths.keys()) validPaths.add(text);
  const sorted = [...paths.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, path]) => path);
  pathsByKey.set(entry.ai, sorted);
}

/** True when the AIs form a valid Digital Link path: a primary key followed by qualifiers in order. */
export function isDigitalLinkPath(ais: readonly string[]): boolean {
  return validPaths.has(ais.join(' '));
}

/** The valid paths of a primary key, key alone first; empty for an AI that is no key. */
export function dlPathsOfKey(ai: string): readonly (readonly string[])[] {
  return pathsByKey.get(ai) ?? [];
}

/** Per key: its qualifiers, and the best path for each set of them present (filled on use). */
const bestPaths = new Map<
  string,
  { qualifiers: readonly string[]; byMask: Map<number, readonly string[]> }
>();

/**
 * The longest valid path of `key` whose qualifiers are all among `ais`; among equally long ones,
 * the first as paths sort (the choice of the GS1 Syntax Engine). Cached by the qualifiers present.
 */
export function bestDlPath(key: string, ais: readonly { readonly ai: string }[]): readonly string[] {
  let known = bestPaths.get(key);
  if (known === undefined) {
    const qualifiers = [...new Set(dlPathsOfKey(key).flatMap((path) => path.slice(1)))];
    known = { qualifiers, byMask: new Map() };
    bestPaths.set(key, known);
  }
  let mask = 0;
  for (const { ai } of ais) {
    const q = known.qualifiers.indexOf(ai);
    if (q >= 0) mask |= 1 << q;
  }
  let best = known.byMask.get(mask);
  if (best === undefined) {
    const qualifiers = known.qualifiers;
    best = [key];
    for (const path of dlPathsOfKey(key)) {
      if (
        path.length > best.length &&
        path.every((ai, i) => i === 0 || (mask & (1 << qualifiers.indexOf(ai))) !== 0)
      ) {
        best = path;
      }
    }
    known.byMask.set(mask, best);
  }
  return best;
}
