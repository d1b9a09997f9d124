/**
 * Nothing but our report reaches stdout: a dependency that prints (ucum-lhc logs unparsable unit
 * strings with console.log) must not corrupt machine-readable output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-stdout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURE = 'schemas/fixtures/1.0.0/stock-report/valid/api-site-snapshot-mass-units.json';
/** Units a library might choke on: inner and outer white space, unbalanced and empty parts. */
const ODD_UNITS = ['k g', ' kg', 'kg\t', 'k\u00a0g', '((kg', 'mg/', '{', 'kg{', '10*', '.'];

function feed(): string {
  const text = readFileSync(FIXTURE, 'utf8');
  const lines = ODD_UNITS.map((unit) =>
    JSON.stringify(JSON.parse(text.replaceAll('"unit": "kg"', `"unit": ${JSON.stringify(unit)}`))),
  );
  const file = join(dir, 'odd-units.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('stdout carries only the report, whatever the units', () => {
  const file = feed();

  it('--format json parses and counts every record', async () => {
    const run = await runCli(['validate', '--format', 'json', file]);
    expect(run.stdout).not.toMatch(/request unsuccessful/);
    const report = JSON.parse(run.stdout);
    expect(report.summary.records).toBe(ODD_UNITS.length);
    expect(run.code).toBe(1);
  });

  it('--format ndjson is one JSON object per line and nothing else', async () => {
    const run = await runCli(['validate', '--format', 'ndjson', file]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ODD_UNITS.length);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('--format sarif parses', async () => {
    const run = await runCli(['validate', '--format', 'sarif', file]);
    expect(JSON.parse(run.stdout).version).toBe('2.1.0');
  });

  it('--format junit is well-formed XML from its first byte', async () => {
    const run = await runCli(['validate', '--format', 'junit', file]);
    expect(run.stdout.startsWith('<?xml')).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(run.stdout);
    expect(Number(xml.testsuites.tests)).toBe(ODD_UNITS.length);
  });

  it('text names white space in a unit as invalid UCUM and prints nothing from the library', async () => {
    const run = await runCli(['validate', file]);
    expect(run.stdout).not.toMatch(/request unsuccessful|Unit requested/);
    expect(run.stderr).not.toMatch(/request unsuccessful|Unit requested/);
    expect(run.stdout).toMatch(/k g/);
  });

  it('stays clean on worker threads too', async () => {
    const run = await runCli(['validate', '--workers', '1', '--format', 'json', file]);
    expect(JSON.parse(run.stdout).summary.records).toBe(ODD_UNITS.length);
  });
});
