/**
 * Differential test of the reader's cheap pre-checks: whatever shortcut `parseRecord` takes on the
 * common path must give the verdict, code and JSON Pointer that the precise, slow checks give, so a
 * shortcut can never let a bad record through (or stop a good one). The records are random JSON trees
 * and every fixture document, both turned into "member lists" that may repeat a name, then printed with
 * random spacing (also before colons, and CR/LF/tab), names spelled with `\u` escapes, colons and
 * quotes inside values, `__proto__` members in any spelling, nesting near the depth limit, a BOM.
 *
 * READER_CASES (default 3 000 random trees plus 3 000 fixture mutations) sets the size;
 * READER_SEED replays a run.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findDuplicateMember,
  namesProvablyUnique,
  scanForDuplicate,
} from '../../validators/src/readers/duplicate-members.js';
import { DEFAULT_LIMITS, type ReaderLimits } from '../../validators/src/readers/limits.js';
import { deeperThan, findForbiddenKey, parseRecord } from '../../validators/src/readers/parse-record.js';
import { repositoryRoot } from '../support/shared.js';

const CASES = Number(process.env.READER_CASES ?? 3_000);
const SEED = Number(process.env.READER_SEED ?? Date.now() % 2 ** 31);

/** A JSON value whose objects are member lists, so a name can repeat (as JSON text allows). */
type Tree = null | boolean | number | string | { list: Tree[] } | { members: Array<[string, Tree]> };

/** Names that stress the checks: specials, escapes, colons, quotes, the forbidden name. */
const NAMES = ['a', 'b', 'documentType', '__proto__', 'x:y', 'q"', '"', '\\', ' ', ':', '~/', 'é', '😀', ''];
/** Value strings with colons and quotes in every position a text scan could trip on. */
const VALUE_STRINGS = [
  '":',
  '" :',
  '"\t:',
  'a:b',
  ' : ',
  '"',
  '\\":',
  '10:00:00+08:00',
  'urn:oid:1.2',
  '{"k":1}',
];

const nameArbitrary = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 4 }));
const scalarArbitrary: fc.Arbitrary<Tree> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...VALUE_STRINGS),
  fc.string({ maxLength: 6 }),
);
const { tree: treeArbitrary } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArbitrary,
    fc.array(tie('tree'), { maxLength: 4 }).map((list) => ({ list })),
    fc.array(fc.tuple(nameArbitrary, tie('tree')), { maxLength: 5 }).map((members) => ({ members })),
  ),
}));

/** A small seeded generator for the printing choices (fast-check draws the seed). */
function random(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const SPACES = ['', '', '', ' ', '  ', '\n', '\r\n', '\t', ' \n '];

/** Prints a tree as JSON text; `style` 0 is compact, 1 pretty, 2 random spacing and escapes. */
function print(tree: Tree, style: number, next: () => number): string {
  const space = () => (style === 2 ? SPACES[Math.floor(next() * SPACES.length)]! : '');
  const name = (key: string) => {
    if (style !== 2 || next() < 0.6) return JSON.stringify(key);
    // Some characters spelled as `\uXXXX`: the same name to JSON.parse, another text to a scan.
    let text = '"';
    for (const unit of JSON.stringify(key)
      .slice(1, -1)
      .match(/\\u[0-9a-f]{4}|\\.|[\s\S]/gu) ?? []) {
      const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
      text += unit.length === 1 && next() < 0.5 ? `\\u${next() < 0.5 ? hex : hex.toUpperCase()}` : unit;
    }
    return `${text}"`;
  };
  const walk = (node: Tree, indent: string): string => {
    if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'null';
    const inner = style === 1 ? `${indent}  ` : indent;
    const open = style === 1 ? `\n${inner}` : space();
    const close = style === 1 ? `\n${indent}` : space();
    if ('list' in node) {
      if (node.list.length === 0) return `[${space()}]`;
      return `[${open}${node.list.map((item) => walk(item, inner)).join(`,${open}`)}${close}]`;
    }
    if (node.members.length === 0) return `{${space()}}`;
    const colon = () => (style === 1 ? ': ' : `${space()}:${space()}`);
    const members = node.members.map(([key, value]) => `${name(key)}${colon()}${walk(value, inner)}`);
    return `{${open}${members.join(`,${open}`)}${close}}`;
  };
  return `${space()}${walk(tree, '')}${space()}`;
}

/** Total members over all objects of a parsed value: what the reader's walk counts. */
function keyCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + keyCount(item), 0);
  const keys = Object.keys(value);
  return keys.reduce((n, key) => n + keyCount((value as Record<string, unknown>)[key]), keys.length);
}

/**
 * What the reader must say about well-formed JSON text, from the precise checks alone, in the
 * reader's order: too deep, then a repeated name, then `__proto__`.
 */
function expected(text: string, limits: ReaderLimits): string[] {
  const value: unknown = JSON.parse(text);
  if (deeperThan(value, limits.maxDepth)) return ['JSON_TOO_DEEP '];
  const duplicate = scanForDuplicate(text);
  if (duplicate !== undefined) return [`DUPLICATE_MEMBER ${duplicate}`];
  const forbidden = findForbiddenKey(value);
  return forbidden === undefined ? [] : [`FORBIDDEN_KEY ${forbidden}`];
}

/** Checks one text both ways: the pre-check against the scan, and the whole reader against `expected`. */
function checkText(text: string, limits: ReaderLimits): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return; // Escapes of lone surrogates etc. can make a text ill-formed; syntax has its own tests.
  }
  const keys = keyCount(value);
  const scanned = scanForDuplicate(text);
  if (namesProvablyUnique(text, keys)) expect(scanned).toBeUndefined();
  expect(findDuplicateMember(text, keys)).toBe(scanned);
  const bytes = Buffer.from(text);
  const got = parseRecord(bytes, limits).issues.map((i) => `${i.code} ${i.path}`);
  expect(got).toEqual(expected(text, limits));
  // A BOM and a CRLF line end, as files carry them, change nothing.
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  expect(parseRecord(withBom, limits).issues.map((i) => `${i.code} ${i.path}`)).toEqual(got);
}

const limitsArbitrary = fc.oneof(
  fc.constant(DEFAULT_LIMITS),
  fc.integer({ min: 1, max: 6 }).map((maxDepth) => ({ ...DEFAULT_LIMITS, maxDepth })),
);

/** Every fixture document (valid and invalid) of every schema version, as parsed JSON. */
function fixtures(): unknown[] {
  const documents: unknown[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) documents.push(JSON.parse(readFileSync(path, 'utf8')));
    }
  };
  walk(join(repositoryRoot, 'schemas', 'fixtures'));
  return documents;
}

function toTree(value: unknown): Tree {
  if (value === null || typeof value !== 'object') return value as Tree;
  if (Array.isArray(value)) return { list: value.map(toTree) };
  return { members: Object.entries(value).map(([key, item]) => [key, toTree(item)]) };
}

/** All member lists of a tree, so a mutation can pick one. */
function memberLists(tree: Tree, into: Array<Array<[string, Tree]>> = []): Array<Array<[string, Tree]>> {
  if (tree === null || typeof tree !== 'object') return into;
  if ('list' in tree) for (const item of tree.list) memberLists(item, into);
  else {
    into.push(tree.members);
    for (const [, item] of tree.members) memberLists(item, into);
  }
  return into;
}

/** Edits of a fixture's member lists: repeat a name, rename to a sibling's name, add `__proto__`. */
function mutateTree(tree: Tree, edits: Array<{ at: number; op: number; pick: number }>): Tree {
  const copy = structuredClone(tree);
  const lists = memberLists(copy);
  if (lists.length === 0) return copy;
  for (const edit of edits) {
    const members = lists[edit.at % lists.length]!;
    const other = members[edit.pick % Math.max(1, members.length)];
    switch (edit.op % 5) {
      case 0: // the same member again, anywhere in the object
        if (other) members.splice(edit.pick % (members.length + 1), 0, [other[0], other[1]]);
        break;
      case 1: // a member renamed to a sibling's name
        if (other && members.length > 1) members[(edit.pick + 1) % members.length]![0] = other[0];
        break;
      case 2:
        members.splice(edit.pick % (members.length + 1), 0, ['__proto__', { members: [['x', 1]] }]);
        break;
      case 3: // a colon and a quote inside a value, next to a member name
        members.splice(edit.pick % (members.length + 1), 0, ['note', '" : "x":']);
        break;
      default: // a value nested a few levels deeper
        if (other) other[1] = { list: [{ members: [['k', { list: [other[1]] }]] }] };
    }
  }
  return copy;
}

describe('reader pre-checks against the precise checks (property)', () => {
  it('agree on random member trees printed compact, pretty and with random spacing and escapes', () => {
    fc.assert(
      fc.property(treeArbitrary, fc.nat(2), fc.integer(), limitsArbitrary, (tree, style, seed, limits) => {
        checkText(print(tree, style, random(seed)), limits);
      }),
      { numRuns: CASES, seed: SEED },
    );
  });

  const documents = fixtures().map(toTree);
  it(`agree on mutations of every fixture (${documents.length} documents)`, () => {
    expect(documents.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(
        fc.nat(documents.length - 1),
        fc.array(fc.record({ at: fc.nat(), op: fc.nat(), pick: fc.nat() }), { minLength: 0, maxLength: 3 }),
        fc.nat(2),
        fc.integer(),
        (which, edits, style, seed) => {
          const text = print(mutateTree(documents[which]!, edits), style, random(seed));
          checkText(text, DEFAULT_LIMITS);
          checkText(text, { ...DEFAULT_LIMITS, maxDepth: 6 });
        },
      ),
      { numRuns: CASES, seed: SEED + 1 },
    );
  });

  it('decide the hostile spellings the cheap count could be fooled by', () => {
    const cases: Array<[string, string[]]> = [
      ['{"a" :1,"a":2}', ['DUPLICATE_MEMBER /a']],
      ['{"a"\r\n:1,"a"\t:2}', ['DUPLICATE_MEMBER /a']],
      ['{"\\u0061":1,"a":2}', ['DUPLICATE_MEMBER /a']],
      ['{"a":"\\":","a":2}', ['DUPLICATE_MEMBER /a']],
      ['{"x":"\\" :","a":1,"a":2}', ['DUPLICATE_MEMBER /a']],
      ['{"x":"\\":\\":","a":1}', []],
      ['{"\\u005f_proto__":1}', ['FORBIDDEN_KEY /__proto__']],
      ['{"__proto__" : {"__proto__":1}}', ['FORBIDDEN_KEY /__proto__']],
      ['{"a":[{"b":1,"b":1}],"__proto__":1}', ['DUPLICATE_MEMBER /a/0/b']],
      ['"a:b"', []],
    ];
    for (const [text, issues] of cases) {
      expect(parseRecord(Buffer.from(text), DEFAULT_LIMITS).issues.map((i) => `${i.code} ${i.path}`)).toEqual(
        issues,
      );
      checkText(text, DEFAULT_LIMITS);
    }
  });
});
