/** Bulk bodies for the queue tests: valid documents with a few invalid ones at known places. */
import { ndjsonFeed } from '../support/serve.js';

/** `count` NDJSON lines sent by `tag`; every `invalidEvery`-th is valid JSON the engine rejects. */
export function mixedFeed(
  count: number,
  tag: string,
  invalidEvery: number,
): { lines: string[]; invalid: Set<number> } {
  const lines = ndjsonFeed(count, tag);
  const invalid = new Set<number>();
  for (let i = invalidEvery - 1; i < count; i += invalidEvery) {
    const doc = JSON.parse(lines[i]!);
    doc.createdAt = 'not a date';
    lines[i] = JSON.stringify(doc);
    invalid.add(i);
  }
  return { lines, invalid };
}
