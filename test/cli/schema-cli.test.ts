/**
 * `medsupply schema diff` and `medsupply schemas` end to end: outputs, exit codes and errors.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const open = file('open.json', { type: 'object', properties: { a: { type: 'string', maxLength: 10 } } });
const narrower = file('narrower.json', {
  type: 'object',
  properties: { a: { type: 'string', maxLength: 5 } },
});

interface DiffJson {
  compatibility: { backward: boolean; forward: boolean };
  changes: Array<Record<string, unknown>>;
}

describe('medsupply schema diff', () => {
  it('prints the documented JSON shape and exits 1 when the change breaks backward compatibility', async () => {
    const run = await runCli(['schema', 'diff', open, narrower, '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as DiffJson;
    expect(result.compatibility).toEqual({ backward: false, forward: true });
    expect(result.changes).toEqual([
      {
        rule: 'MAX_LENGTH_DECREASED',
        oldPath: '/properties/a/maxLength',
        newPath: '/properties/a/maxLength',
        backward: false,
        forward: true,
        message: expect.stringContaining('10 → 5'),
      },
    ]);
  });

  it('exits 0 for a backward compatible change unless --fail-on forward or either is asked for', async () => {
    expect((await runCli(['schema', 'diff', narrower, open])).code).toBe(0);
    expect((await runCli(['schema', 'diff', narrower, open, '--fail-on', 'forward'])).code).toBe(1);
    expect((await runCli(['schema', 'diff', narrower, open, '--fail-on', 'either'])).code).toBe(1);
    expect((await runCli(['schema', 'diff', open, open, '--fail-on', 'either'])).code).toBe(0);
  });

  it('prints one text line per change with both effects, then the verdict', async () => {
    const run = await runCli(['schema', 'diff', open, narrower]);
    expect(run.stdout).toContain(
      'MAX_LENGTH_DECREASED  /properties/a/maxLength  [backward BREAKS, forward ok]',
    );
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      'backward compatible: no; forward compatible: yes (1 change)',
    );
    expect(run.stderr).toBe('');
  });

  it('follows relative $refs into neighbouring files', async () => {
    file('lib/old/item.json', { type: 'string' });
    file('lib/new/item.json', { type: 'integer' });
    const oldRoot = file('lib/old/root.json', { type: 'array', items: { $ref: 'item.json' } });
    const newRoot = file('lib/new/root.json', { type: 'array', items: { $ref: 'item.json' } });
    const run = await runCli(['schema', 'diff', oldRoot, newRoot, '--format', 'json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as DiffJson).changes[0]).toMatchObject({
      rule: 'TYPE_CHANGED',
      oldPath: '/items',
    });
  });

  it('compares two releases document type by document type', async () => {
    const run = await runCli(['schema', 'diff', '1.0.0', '1.0.0', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ compatibility: { backward: true, forward: true }, changes: [] });
  });

  it.each([
    ['a missing file', () => [join(dir, 'nope.json'), open], /nope\.json: no such file/],
    [
      'a file that is not JSON',
      () => [file('bad.json', '{\n  "type": '), open],
      /bad\.json: not valid JSON \(line 2/,
    ],
    ['an unknown release', () => ['1.0.0', '9.9.9'], /no release 9\.9\.9/],
    [
      'a $ref nothing defines',
      () => [file('dangling.json', { $ref: '#/$defs/x' }), open],
      /DIFF_REF_UNRESOLVED at \/\$ref/,
    ],
    ['a release and a file mixed', () => ['1.0.0', open], /two schema files or two releases/],
  ])('exits 2 naming the problem for %s', async (_, argv, message) => {
    const run = await runCli(['schema', 'diff', ...argv()]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('rejects an unknown --format or --fail-on as a usage error', async () => {
    expect((await runCli(['schema', 'diff', open, open, '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['schema', 'diff', open, open, '--fail-on', 'sometimes'])).code).toBe(2);
  });
});

describe('medsupply schemas', () => {
  it('lists every release with its document types and schema ids', async () => {
    const run = await runCli(['schemas', '--format', 'json']);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout) as {
      latest: string;
      releases: Array<{ version: string; documentTypes: Array<{ documentType: string; schemaId: string }> }>;
    };
    const first = listing.releases.find((r) => r.version === '1.0.0');
    expect(first?.documentTypes.map((t) => t.documentType).sort()).toEqual([
      'CapacityReport',
      'DemandForecast',
      'Shipment',
      'ShortageNotice',
      'StockReport',
    ]);
    expect(first?.documentTypes.find((t) => t.documentType === 'Shipment')?.schemaId).toBe(
      'https://schemas.medsupply.org/1.0.0/shipment.schema.json',
    );
    expect(listing.latest).toBe(listing.releases.at(-1)?.version);
  });

  it('prints the same listing as text', async () => {
    const run = await runCli(['schemas']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1\.0\.0/m);
    expect(run.stdout).toContain('  Shipment  https://schemas.medsupply.org/1.0.0/shipment.schema.json');
  });
});
