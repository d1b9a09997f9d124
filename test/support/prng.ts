/**
 * mulberry32, a tiny seeded PRNG for tests that generate their own cases: the same seed gives the same
 * cases on every run, so a failure replays from its seed. (The benches use the same generator from
 * `test/bench/feed.mjs`, which plain Node runs without a TypeScript loader.)
 *
 * @example
 * const next = seededRandom(42);
 * const digit = Math.floor(next() * 10);
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
