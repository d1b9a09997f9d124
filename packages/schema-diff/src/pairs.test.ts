import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';
import { DIFF_RULES } from './rules.js';

interface Pair {
  description: string;
  old: unknown;
  new: unknown;
  backward: boolean;
  forward: boolean;
  rules: string[];
}

const dir = join(import.meta.dirname, '..', '..', '..', 'test', 'schema-diff', 'pairs');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const total = files.reduce(
  (n, f) => n + (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Pair[]).length,
  0,
);

describe('schema pair table', () => {
  it('has at least 80 pairs', () => expect(total).toBeGreaterThanOrEqual(80));

  for (const file of files) {
    const pairs = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Pair[];
    describe(file, () => {
      it.each(pairs.map((p) => [p.description, p] as const))('%s', (_, pair) => {
        const result = diffSchemas(
          { root: { uri: 'file:///old.schema.json', schema: pair.old } },
          { root: { uri: 'file:///new.schema.json', schema: pair.new } },
        );
        const rules = result.changes.map((c) => c.rule);
        expect({
          backward: result.compatibility.backward,
          forward: result.compatibility.forward,
          rules,
        }).toMatchObject({
          backward: pair.backward,
          forward: pair.forward,
        });
        for (const rule of pair.rules) expect(rules).toContain(rule);
        if (pair.backward && pair.forward && pair.rules.length === 0) {
          expect(result.changes.filter((c) => !c.backward || !c.forward)).toEqual([]);
        }
        for (const c of result.changes) {
          expect(Object.hasOwn(DIFF_RULES, c.rule)).toBe(true);
          expect(c.oldPath === '' || c.oldPath.startsWith('/')).toBe(true);
          expect(c.newPath === '' || c.newPath.startsWith('/')).toBe(true);
        }
      });
    });
  }
});
