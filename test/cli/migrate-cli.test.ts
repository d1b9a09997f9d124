/**
 * `medsupply migrate` end to end: the inputs `validate` takes, NDJSON out in input order, every record
 * counted, only documents that validate under the target release written, `-o` replaced atomically.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES = join(repositoryRoot, 'schemas', 'fixtures');
const validOf = (version: string, folder: string) =>
  readdirSync(join(FIXTURES, version, folder, 'valid'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, version, folder, 'valid', f), 'utf8')));

const summaryLine = (stderr: string) => stderr.trim().split('\n').at(-1);

describe('medsupply migrate', () => {
  it('upgrades every valid 1.0.0 fixture, and the output validates as 1.1.0', async () => {
    const out = join(dir, 'upgraded.ndjson');
    const folders = readdirSync(join(FIXTURES, '1.0.0')).sort();
    const inputs = folders.map((folder) => `schemas/fixtures/1.0.0/${folder}/valid`);
    const run = await runCli(['migrate', '--to', '1.1.0', '-o', out, ...inputs]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const written = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const valid = folders.flatMap((folder) => validOf('1.0.0', folder));
    expect(written).toEqual(valid.map((doc) => ({ ...doc, schemaVersion: '1.1.0' })));
    expect(summaryLine(run.stderr)).toBe(
      `migrated to 1.1.0: ${valid.length} records, ${valid.length} written (0 already 1.1.0), 0 not written`,
    );
    const check = await runCli(['validate', '--format', 'json', out]);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).summary).toMatchObject({ records: valid.length, invalid: 0 });
  });

  it('writes nothing for a document still invalid after migration (more received than shipped)', async () => {
    const fixture = JSON.parse(
      readFileSync(join(FIXTURES, '1.0.0', 'shipment', 'invalid', 'received-more-than-shipped.json'), 'utf8'),
    );
    const run = await runCli(['migrate', '--to', '1.1.0', '-'], { stdin: JSON.stringify(fixture.document) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '-:1 record 1: error MIGRATION_OUTPUT_INVALID /lines/0/quantityReceived after migration to 1.1.0',
    );
  });

  it('writes NDJSON to stdout in input order, counting unreadable and unmigratable records', async () => {
    const [a, b] = validOf('1.0.0', 'shipment');
    const input = [
      JSON.stringify(a),
      '{"broken":',
      JSON.stringify({ ...b, schemaVersion: '1.1.0' }),
      JSON.stringify({ documentType: 'Shipment' }),
      JSON.stringify(b),
    ].join('\n');
    const run = await runCli(['migrate', '--to', '1.1.0', '-'], { stdin: `${input}\n` });
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((d) => d.documentId)).toEqual([a.documentId, b.documentId, b.documentId]);
    expect(run.stderr).toContain('-:2 record 2: error JSON_SYNTAX');
    expect(run.stderr).toContain('-:4 record 4: error MIGRATION_SOURCE_VERSION_UNKNOWN /schemaVersion');
    expect(summaryLine(run.stderr)).toBe(
      'migrated to 1.1.0: 5 records, 3 written (1 already 1.1.0), 2 not written',
    );
  });

  it('refuses a lossy downgrade per document, and downgrades the rest', async () => {
    const upgraded = join(dir, 'mixed.ndjson');
    const plain = { ...validOf('1.0.0', 'stock-report')[0], schemaVersion: '1.1.0' };
    const only110 = validOf('1.1.0', 'shortage-notice')[0];
    writeFileSync(upgraded, `${JSON.stringify(only110)}\n${JSON.stringify(plain)}\n`);
    const run = await runCli(['migrate', '--to', '1.0.0', upgraded]);
    expect(run.code).toBe(1);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).documentId),
    ).toEqual([plain.documentId]);
    expect(run.stderr).toMatch(/mixed\.ndjson:1 record 1: error MIGRATION_INFORMATION_LOST \/identifiers/);
    expect(summaryLine(run.stderr)).toBe(
      'migrated to 1.0.0: 2 records, 1 written (0 already 1.0.0), 1 not written',
    );
  });

  it('exits 2 for an unknown release and leaves -o untouched when an input cannot be read', async () => {
    const unknown = await runCli(['migrate', '--to', '9.9.9', 'schemas/fixtures/1.0.0/shipment/valid']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown schema release 9.9.9');
    const out = join(dir, 'kept.ndjson');
    writeFileSync(out, 'previous content\n');
    const run = await runCli([
      'migrate',
      '--to',
      '1.1.0',
      '-o',
      out,
      'schemas/fixtures/1.0.0/shipment/valid',
      join(dir, 'missing.json'),
    ]);
    expect(run.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous content\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });

  it('migrates records without a schemaVersion as the release given with --from', async () => {
    const [doc] = validOf('1.0.0', 'stock-report');
    const { schemaVersion: _v, ...unversioned } = doc;
    const run = await runCli(['migrate', '--from', '1.0.0', '--to', '1.1.0', '-'], {
      stdin: JSON.stringify(unversioned),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ...doc, schemaVersion: '1.1.0' });
    const unknown = await runCli(['migrate', '--from', '0.1.0', '--to', '1.1.0', '-'], { stdin: '{}' });
    expect(unknown.code).toBe(2);
  });

  it('never echoes terminal control characters from a document', async () => {
    const run = await runCli(['migrate', '--to', '1.1.0', '-'], {
      stdin: `${JSON.stringify({ schemaVersion: '\u001b[31mred' })}\n`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain('\\u001b[31mred');
  });
});
