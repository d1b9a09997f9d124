/** Stream helpers for reader tests. */

/**
 * Yields `bytes` in chunks whose sizes cycle through `sizes` (each at least 1), so that every split
 * point between chunks gets exercised.
 */
export async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[i++ % Math.max(1, sizes.length)] ?? 1);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}
