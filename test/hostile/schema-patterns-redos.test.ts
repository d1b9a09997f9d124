/**
 * Every regular expression in the schemas is checked for catastrophic backtracking with recheck:
 * validators run them on untrusted strings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? schemaFiles(join(dir, e.name))
      : e.name.endsWith('.schema.json')
        ? [join(dir, e.name)]
        : [],
  );
}

function patterns(node: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) patterns(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') found.add(value);
      else patterns(value, found);
    }
  }
  return found;
}

const all = new Set<string>();
for (const file of schemaFiles(join(repositoryRoot, 'schemas')))
  patterns(JSON.parse(readFileSync(file, 'utf8')), all);

describe('schema patterns', () => {
  it('has patterns to check, and every one is anchored', () => {
    expect(all.size).toBeGreaterThan(10);
    for (const pattern of all) expect(pattern, pattern).toMatch(/^\^.*\$$/s);
  });

  it.each([...all])('%s is safe from catastrophic backtracking', async (pattern) => {
    const result = await check(pattern, 'u');
    expect(result.status, `${pattern}: ${JSON.stringify(result)}`).toBe('safe');
  });

  it('the checker does catch a vulnerable pattern', async () => {
    expect((await check('^(a+)+$', '')).status).toBe('vulnerable');
  });
});
