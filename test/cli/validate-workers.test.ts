/**
 * `--workers N` changes where records are validated, never what is reported: every format prints the
 * same bytes, and exits with the same code, as the single-threaded run on a mixed feed of valid,
 * invalid and unparsable records.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every fixture of release 1.0.0, valid and invalid, one per line, plus lines that do not parse. */
function mixedDocuments(): string[] {
  const root = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0');
  const docs: string[] = [];
  for (const type of readdirSync(root).sort()) {
    for (const kind of ['valid', 'invalid']) {
      for (const file of readdirSync(join(root, type, kind)).sort()) {
        docs.push(JSON.stringify(JSON.parse(readFileSync(join(root, type, kind, file), 'utf8'))));
      }
    }
  }
  return docs;
}

const documents = mixedDocuments();
const broken = ['{"documentType":', '[1,2]', 'null', '{"schemaVersion":"9.9.9"}', '{"a":1}{"b":2}'];
const ndjson = join(dir, 'mixed.ndjson');
// Repeated so that several batches are in flight on several workers at once.
writeFileSync(
  ndjson,
  `${Array.from({ length: 3 }, () => [...documents, ...broken].join('\n')).join('\n')}\n`,
);
const jsonArray = join(dir, 'mixed.json');
writeFileSync(jsonArray, `[\n${documents.join(',\n')}\n]\n`);

// The same records with what a raw cut between threads must get right: a BOM, CRLF line ends, blank
// lines, invalid UTF-8, a line longer than a batch (1 MiB), and a last line without a line end;
// more than a few batches long, so that cuts fall at odd places.
const awkward = join(dir, 'awkward.ndjson');
{
  const parts: Buffer[] = [Buffer.from('\uFEFF')];
  for (let round = 0; round < 60; round++) {
    const end = round % 2 === 0 ? '\r\n' : '\n';
    parts.push(Buffer.from([...documents, ...broken].join(end) + end));
    parts.push(Buffer.from(round % 3 === 0 ? `\n  \t${end}` : ''));
    if (round === 7)
      parts.push(Buffer.from(`{"documentType":"StockReport","note":"${'x'.repeat(1_200_000)}"}\n`));
    if (round === 11)
      parts.push(
        Buffer.concat([
          Buffer.from('{"documentType":"'),
          Buffer.from([0xff, 0xc3, 0x28]),
          Buffer.from('"}\n'),
        ]),
      );
  }
  parts.push(Buffer.from(documents[0]!));
  writeFileSync(awkward, Buffer.concat(parts));
}

describe('validate --workers', () => {
  it.each(['ndjson', 'json', 'text'])(
    'prints the same bytes on an input with a BOM, CRLF, blank lines, invalid UTF-8, a line longer than a batch and no last line end (--format %s)',
    async (format) => {
      const single = await runCli(['validate', '--workers', '0', '--format', format, awkward]);
      const parallel = await runCli(['validate', '--workers', '2', '--format', format, awkward]);
      expect(single.code).toBe(1);
      expect(parallel.code).toBe(single.code);
      expect(parallel.stderr).toBe(single.stderr);
      expect(parallel.stdout).toBe(single.stdout);
      if (format === 'ndjson') {
        const results = single.stdout
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(results).toHaveLength(60 * (documents.length + broken.length) + 3);
        expect(single.stdout).toContain('"code":"INVALID_UTF8"');
      }
    },
  );

  it.each(['ndjson', 'json', 'text', 'sarif', 'junit'])(
    'prints byte for byte what the single-threaded run prints (--format %s)',
    async (format) => {
      const single = await runCli(['validate', '--workers', '0', '--format', format, ndjson]);
      const parallel = await runCli(['validate', '--workers', '3', '--format', format, ndjson]);
      expect(single.code).toBe(1);
      expect(parallel.code).toBe(single.code);
      expect(parallel.stderr).toBe(single.stderr);
      expect(parallel.stdout).toBe(single.stdout);
    },
  );

  it('counts every record, broken ones included', async () => {
    const run = await runCli(['validate', '--workers', '2', '--format', 'json', ndjson]);
    const report = JSON.parse(run.stdout);
    expect(report.summary.records).toBe(3 * (documents.length + broken.length));
    expect(report.summary.records).toBe(report.summary.valid + report.summary.invalid);
    expect(report.results.filter((r: { line: number }) => r.line === documents.length + 1)).toHaveLength(1);
    expect(report.summary.invalid).toBeGreaterThan(3 * broken.length);
  });

  it('cuts the error list at --max-errors exactly as the single-threaded run does', async () => {
    const args = ['validate', '--max-errors', '7', '--format', 'json'];
    const single = await runCli([...args, '--workers', '0', ndjson]);
    const parallel = await runCli([...args, '--workers', '3', ndjson]);
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.stderr).toMatch(/further errors not listed/);
  });

  it('splits a JSON array the same way', async () => {
    const single = await runCli(['validate', '--workers', '0', '--format', 'ndjson', jsonArray]);
    const parallel = await runCli(['validate', '--workers', '2', '--format', 'ndjson', jsonArray]);
    expect(parallel.stdout).toBe(single.stdout);
    expect(parallel.stdout.split('\n').filter(Boolean)).toHaveLength(documents.length);
  });

  it('carries what the reader found itself (records over --max-record-bytes) to the same report', async () => {
    for (const input of [ndjson, jsonArray]) {
      const args = ['validate', '--max-record-bytes', '1500', '--format', 'ndjson'];
      const single = await runCli([...args, '--workers', '0', input]);
      const parallel = await runCli([...args, '--workers', '2', input]);
      expect(single.stdout).toMatch(/RECORD_TOO_LARGE/);
      expect(parallel.stdout).toBe(single.stdout);
    }
  });

  it('validates several inputs on one pool with the same report as without workers', async () => {
    const single = await runCli([
      'validate',
      '--workers',
      '0',
      '--format',
      'json',
      ndjson,
      jsonArray,
      ndjson,
    ]);
    const parallel = await runCli([
      'validate',
      '--workers',
      '2',
      '--format',
      'json',
      ndjson,
      jsonArray,
      ndjson,
    ]);
    expect(parallel.code).toBe(single.code);
    expect(parallel.stdout).toBe(single.stdout);
    expect(JSON.parse(parallel.stdout).summary.records).toBe(
      2 * 3 * (documents.length + broken.length) + documents.length,
    );
  });
});
