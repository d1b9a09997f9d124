import { once } from 'node:events';
/**
 * Deterministic benchmark feeds: valid fixtures as templates, fresh ids, and one record in ten broken
 * in a way a real feed breaks (bad check digit, missing member, impossible date, unknown member,
 * a line cut short). The same seed always gives the same bytes.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchDir = join(repoRoot, '.bench');

/** mulberry32: a tiny seeded PRNG, so feeds are reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The valid fixtures of the current release, as templates. */
export function templates() {
  const root = join(repoRoot, 'schemas', 'fixtures', '1.0.0');
  const docs = [];
  for (const type of readdirSync(root).sort()) {
    const dir = join(root, type, 'valid');
    for (const file of readdirSync(dir).sort()) docs.push(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  }
  if (docs.length === 0) throw new Error('no valid fixtures found');
  return docs;
}

function uuid(random) {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function firstGs1Key(node) {
  if (!node || typeof node !== 'object') return undefined;
  if (
    typeof node.system === 'string' &&
    /gs1\.org\/(gtin|gln)$/.test(node.system) &&
    typeof node.value === 'string'
  )
    return node;
  for (const value of Object.values(node)) {
    const found = firstGs1Key(value);
    if (found) return found;
  }
  return undefined;
}

const BREAKERS = [
  (doc) => {
    const key = firstGs1Key(doc);
    if (key) key.value = key.value.slice(0, -1) + String((Number(key.value.at(-1)) + 1) % 10);
    return JSON.stringify(doc);
  },
  (doc) => {
    delete doc.createdAt;
    return JSON.stringify(doc);
  },
  (doc) => {
    doc.createdAt = '2026-02-30T10:00:00Z';
    return JSON.stringify(doc);
  },
  (doc) => {
    doc.comment = 'not part of the standard';
    return JSON.stringify(doc);
  },
  (doc) => JSON.stringify(doc).slice(0, 200),
];

/** One NDJSON line per record: `count` records, every tenth invalid. */
export function* feedLines(count, seed = 42) {
  const random = prng(seed);
  const docs = templates();
  for (let i = 0; i < count; i++) {
    const doc = structuredClone(docs[i % docs.length]);
    doc.documentId = uuid(random);
    yield i % 10 === 9 ? BREAKERS[Math.floor(random() * BREAKERS.length)](doc) : JSON.stringify(doc);
  }
}

/** Writes (once) an NDJSON feed of `count` records under .bench/ and returns its path and size. */
export async function ensureFeed(count, seed = 42) {
  mkdirSync(benchDir, { recursive: true });
  const path = join(benchDir, `feed-${count}-${seed}.ndjson`);
  if (!existsSync(path)) {
    const out = createWriteStream(`${path}.tmp`);
    for (const line of feedLines(count, seed)) {
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const { renameSync } = await import('node:fs');
    renameSync(`${path}.tmp`, path);
  }
  return { path, bytes: statSync(path).size };
}
