/**
 * No input is never a clean pass: an empty file, empty stdin or a folder with nothing to read must
 * fail loudly, and a directory scan names every path it passes over.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-empty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHIPMENTS = readFileSync('docs/samples/shipments.json');

describe('validate: empty inputs fail (exit 1, one EMPTY_INPUT record)', () => {
  it.each([
    ['a 0-byte .json file', 'empty.json', ''],
    ['a 0-byte .ndjson file', 'empty.ndjson', ''],
    ['an .ndjson file of blank lines', 'blank.ndjson', '\n  \n\r\n'],
    ['a .json file holding an empty array', 'none.json', '[ ]'],
    ['a .csv file holding a header alone', 'header.csv', 'documentType,documentId\n'],
  ])('%s', async (_what, name, content) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const run = await runCli(['validate', '--format', 'json', file]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ records: 1, valid: 0, invalid: 1 });
    expect(report.results[0].issues[0]).toMatchObject({ code: 'EMPTY_INPUT', path: '' });
  });

  it('empty stdin', async () => {
    const run = await runCli(['validate', '-'], { stdin: '' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/EMPTY_INPUT/);
    expect(run.stdout).not.toMatch(/all valid/);
  });
});

describe('validate: directory scans', () => {
  it('a folder with nothing to read is an error naming it (exit 2)', async () => {
    const empty = join(dir, 'nothing');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.txt'), 'not data');
    const run = await runCli(['validate', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${empty}: no input found`);
    expect(run.stderr).toContain(`skipped ${join(empty, 'notes.txt')}: not a .json`);
  });

  it('names each symbolic link it does not follow, and reads the link when it is named', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'real'), { recursive: true });
    writeFileSync(join(tree, 'real', 'shipments.json'), SHIPMENTS);
    symlinkSync(join(tree, 'real', 'shipments.json'), join(tree, 'linked.json'));
    symlinkSync(join(tree, 'real'), join(tree, 'linked-folder'));
    const run = await runCli(['validate', '--format', 'json', tree]);
    expect(run.stderr).toContain(`skipped ${join(tree, 'linked.json')}: symbolic link, not followed`);
    expect(run.stderr).toContain(`skipped ${join(tree, 'linked-folder')}: symbolic link, not followed`);
    const sources = new Set(JSON.parse(run.stdout).results.map((r: { source: string }) => r.source));
    expect([...sources]).toEqual([join(tree, 'real', 'shipments.json')]);
    const named = await runCli(['validate', '--format', 'json', join(tree, 'linked.json')]);
    expect(JSON.parse(named.stdout).summary.records).toBeGreaterThan(0);
  });
});

describe('validate: stdin is sniffed', () => {
  it('reads a CSV template from stdin as CSV, with the same result as the file', async () => {
    const file = 'docs/samples/csv/shipment.csv';
    const fromFile = JSON.parse((await runCli(['validate', '--format', 'json', file])).stdout);
    const fromStdin = JSON.parse(
      (await runCli(['validate', '--format', 'json', '-'], { stdin: readFileSync(file) })).stdout,
    );
    expect(fromStdin.summary).toEqual(fromFile.summary);
    expect(fromStdin.results.map((r: { line: number }) => r.line)).toEqual(
      fromFile.results.map((r: { line: number }) => r.line),
    );
  });
});
