import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapePointerToken } from '../pointer.js';
import { walkObjects, walkObjectsLazily } from './common.js';
import { runBusinessRules } from './index.js';
import type { JsonObject } from './values.js';

/** The walk as it was before the recursive one: an explicit stack of (node, place). The reference. */
function referenceWalk(root: unknown): Array<[JsonObject, string]> {
  type Place = { parent: Place | undefined; token: string };
  const pointerOf = (place: Place | undefined) => {
    let path = '';
    for (let p = place; p !== undefined; p = p.parent) path = `/${escapePointerToken(p.token)}${path}`;
    return path;
  };
  const seen: Array<[JsonObject, string]> = [];
  const stack: Array<[unknown, Place | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, place] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child = node[i];
        if (child !== null && typeof child === 'object')
          stack.push([child, { parent: place, token: String(i) }]);
      }
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    seen.push([node as JsonObject, pointerOf(place)]);
    const keys = Object.keys(node);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (place === undefined && key === 'extensions') continue;
      const child = (node as JsonObject)[key];
      if (child !== null && typeof child === 'object') stack.push([child, { parent: place, token: key }]);
    }
  }
  return seen;
}

/** Expects the same objects (by identity, not deep equality: documents can be very deep) at the same pointers. */
function expectSameWalk(actual: Array<[JsonObject, string]>, expected: Array<[JsonObject, string]>): void {
  expect(actual.map(([, path]) => path)).toEqual(expected.map(([, path]) => path));
  expect(actual.every(([node], i) => node === expected[i]![0])).toBe(true);
}

function recursiveWalk(root: unknown): Array<[JsonObject, string]> {
  const seen: Array<[JsonObject, string]> = [];
  walkObjectsLazily(root, (node, pathOf) => seen.push([node, pathOf()]));
  return seen;
}

/** A chain of `depth` objects, each holding the next under `token`, with a period at the bottom. */
function chain(depth: number, token: string): JsonObject {
  let node: JsonObject = { start: '2026-02-01', end: '2026-01-01' };
  for (let i = 0; i < depth; i++) node = i % 2 === 0 ? { [token]: node } : { list: [1, node] };
  return node;
}

const fixturesRoot = join(import.meta.dirname, '..', '..', '..', 'schemas', 'fixtures');
function fixtureDocuments(): unknown[] {
  const docs: unknown[] = [];
  for (const version of readdirSync(fixturesRoot))
    for (const type of readdirSync(join(fixturesRoot, version)))
      for (const verdict of readdirSync(join(fixturesRoot, version, type)))
        for (const file of readdirSync(join(fixturesRoot, version, type, verdict)))
          if (file.endsWith('.json'))
            docs.push(JSON.parse(readFileSync(join(fixturesRoot, version, type, verdict, file), 'utf8')));
  return docs;
}

describe('the recursive object walk', () => {
  it('visits the objects of every fixture in the same order, at the same pointers, as the iterative walk', () => {
    const docs = fixtureDocuments();
    expect(docs.length).toBeGreaterThan(20);
    for (const doc of docs) expectSameWalk(recursiveWalk(doc), referenceWalk(doc));
  });

  it('escapes ~ and / in member names (~0, ~1) only in the pointers it builds', () => {
    const doc = { 'a/b': { 'c~d': [{ '~/': { start: '2026-02-01', end: '2026-01-01' } }] } };
    expect(recursiveWalk(doc).map(([, path]) => path)).toEqual([
      '',
      '/a~1b',
      '/a~1b/c~0d/0',
      '/a~1b/c~0d/0/~0~1',
    ]);
    expect(runBusinessRules(doc, 'Other').map((i) => i.path)).toEqual(['/a~1b/c~0d/0/~0~1/end']);
  });

  it('skips the free-form extensions of the document only, not members of that name further down', () => {
    const period = { start: '2026-02-01', end: '2026-01-01' };
    const doc = { extensions: { period }, lines: [{ extensions: { period } }] };
    expect(runBusinessRules(doc, 'Other').map((i) => i.path)).toEqual(['/lines/0/extensions/period/end']);
  });

  it('walks documents far deeper than it recurses, with the same pointers', () => {
    for (const depth of [399, 400, 401, 402, 2000]) {
      const doc = { deep: chain(depth, 'x/~') };
      const actual = recursiveWalk(doc);
      expect(actual.length).toBe(depth + 2);
      expectSameWalk(actual, referenceWalk(doc));
      const reported = runBusinessRules(doc, 'Other');
      expect(reported).toHaveLength(1);
      expect(reported[0]!.path).toBe(`${referenceWalk(doc).at(-1)![1]}/end`);
    }
  });

  it('does not run out of stack on a document 100 000 levels deep', () => {
    const reported = runBusinessRules({ deep: chain(100_000, 'x') }, 'Other');
    expect(reported.map((i) => i.code)).toEqual(['PERIOD_END_BEFORE_START']);
    expect(reported[0]!.path).toMatch(/^\/deep\/list\/1\/x\/.*\/x\/end$/);
  });

  it('lists members in the same order whether Object.prototype is clean or not', () => {
    const doc = { b: { n: 1 }, a: [{ m: 2 }], 2: { k: 3 }, 1: { j: 4 } };
    const clean = recursiveWalk(doc);
    expectSameWalk(clean, referenceWalk(doc));
    const proto = Object.prototype as Record<string, unknown>;
    let polluted: Array<[JsonObject, string]>;
    Object.defineProperty(proto, 'polluted', {
      value: { start: 'x' },
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      polluted = recursiveWalk(doc);
    } finally {
      delete proto.polluted;
    }
    expectSameWalk(polluted, clean);
  });

  it('visits objects of other prototypes by their own members, as Object.keys lists them', () => {
    const inherited = Object.create({ hidden: { start: 'b', end: 'a' } }) as JsonObject;
    inherited.own = { n: 1 };
    const bare = Object.assign(Object.create(null) as JsonObject, { child: { n: 2 } });
    const doc = { inherited, bare };
    expectSameWalk(recursiveWalk(doc), referenceWalk(doc));
  });

  it('keeps the walkObjects form, with a base pointer', () => {
    const seen: string[] = [];
    walkObjects({ a: [{ b: {} }] }, '/base', (_node, path) => seen.push(path));
    expect(seen).toEqual(['/base', '/base/a/0', '/base/a/0/b']);
  });
});

describe('the shared-definition rules walk', () => {
  /** The rules as the generic walk runs them: forced by something enumerable on Object.prototype. */
  function withGenericWalk<T>(run: () => T): T {
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(proto, 'unrelated', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      return run();
    } finally {
      delete proto.unrelated;
    }
  }

  it("reports an object's issues before those of the objects inside it, in document order", () => {
    const doc = {
      start: '2026-02-01',
      end: '2026-01-01',
      child: {
        lot: { lotNumber: 'L1', expiryDate: '2020-01-01', manufactureDate: '2021-01-01' },
        start: '2026-03-01',
        end: '2026-01-01',
      },
      after: { start: '2026-02-01', end: '2026-01-01' },
    };
    const paths = runBusinessRules(doc, 'Other').map((i) => i.path);
    expect(paths).toEqual(['/end', '/child/end', '/child/lot/expiryDate', '/after/end']);
    expect(withGenericWalk(() => runBusinessRules(doc, 'Other').map((i) => i.path))).toEqual(paths);
  });

  it("gives the generic walk's issues on every fixture, under both rule releases", () => {
    for (const doc of fixtureDocuments()) {
      for (const version of ['1.0.0', '1.1.0']) {
        const type = String((doc as JsonObject).documentType);
        const fast = runBusinessRules(doc, type, version);
        expect(withGenericWalk(() => runBusinessRules(doc, type, version))).toEqual(fast);
      }
    }
  });

  it('only checks members an object has itself, and reads inherited ones of other prototypes as before', () => {
    const inherited = Object.create({ start: '2026-02-01', end: '2026-01-01' }) as JsonObject;
    inherited.own = { start: '2026-02-01', end: '2026-01-01' };
    const doc = { inherited, plain: { start: '2026-02-01' } };
    expect(runBusinessRules(doc, 'Other').map((i) => i.path)).toEqual([
      '/inherited/end',
      '/inherited/own/end',
    ]);
  });

  it('checks periods deeper than it recurses, and the objects above them first', () => {
    for (const depth of [401, 2000]) {
      const doc = { start: '2026-02-01', end: '2026-01-01', deep: chain(depth, 'x') };
      const reported = runBusinessRules(doc, 'Other');
      expect(reported.map((i) => i.path)[0]).toBe('/end');
      expect(reported).toHaveLength(2);
      expect(withGenericWalk(() => runBusinessRules(doc, 'Other'))).toEqual(reported);
    }
  });
});
