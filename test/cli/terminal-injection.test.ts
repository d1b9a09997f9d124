/**
 * Nothing from the input can steer the terminal: control characters and bidi overrides in file
 * names, member names and values are printed escaped in text and on stderr, while machine formats
 * keep the exact value (and stay valid).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\u001b[2J\u001b[H';
const C1 = '\u009b31m';
const BIDI = '\u202e';
const hostileName = `feed${ESC}.ndjson`;
const shipment = JSON.parse(readFileSync('docs/samples/shipments.json', 'utf8'))[0];
const line = JSON.stringify({ ...shipment, [`x${ESC}${C1}${BIDI}`]: 1, status: `lost${ESC}\u007f` });
// Anything a terminal would act on: C0 (but the newline that ends our own lines), DEL, C1, bidi controls.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal injection', () => {
  const file = join(dir, hostileName);
  writeFileSync(file, `${line}\n{"a":1\n`);

  it('text output escapes file names, member names and quoted values', async () => {
    const run = await runCli(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stdout).toContain('feed\\x1b[2J\\x1b[H.ndjson');
    expect(run.stdout).toContain('\\u202e');
  });

  it('stderr escapes them too (a missing file, a refused output, a convert problem)', async () => {
    const missing = await runCli(['validate', join(dir, `gone${ESC}.json`)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(UNSAFE);
    const convert = await runCli(['convert', '--from', 'canonical', '--to', 'fhir-r4', file]);
    expect(convert.stderr).not.toMatch(UNSAFE);
  });

  it('JSON, NDJSON and SARIF keep the exact names and stay parsable', async () => {
    for (const format of ['json', 'sarif']) {
      const run = await runCli(['validate', '--format', format, file]);
      expect(() => JSON.parse(run.stdout)).not.toThrow();
      expect(JSON.parse(run.stdout) === null).toBe(false);
    }
    const ndjson = await runCli(['validate', '--format', 'ndjson', file]);
    const first = JSON.parse(ndjson.stdout.split('\n')[0]!);
    expect(first.source).toBe(file);
    expect(JSON.stringify(first.issues)).toContain(JSON.stringify(`x${ESC}${C1}${BIDI}`).slice(1, -1));
  });
});
