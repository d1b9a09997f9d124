/**
 * Hostile input through the validator: fuzzed streams and documents, prototype keys, deep nesting,
 * a 50 MB line, invalid UTF-8 and a truncated last line. Nothing may crash, and every record read
 * is counted as valid or invalid.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Validator,
  createValidator,
  readJson,
  readNdjson,
  validateRecords,
} from '@medsupply/validators';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { chunked } from '../support/streams.js';

let validator: Validator;
const dir = mkdtempSync(join(tmpdir(), 'medsupply-hostile-'));
beforeAll(async () => {
  validator = await createValidator();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function counts(reader: typeof readNdjson, bytes: Uint8Array, sizes: number[]) {
  let records = 0;
  let valid = 0;
  let invalid = 0;
  for await (const result of validateRecords(reader(chunked(bytes, sizes), { source: 'fuzz' }), validator)) {
    records++;
    if (result.valid) valid++;
    else invalid++;
    expect(result.valid).toBe(!result.issues.some((i) => i.severity === 'error'));
  }
  return { records, valid, invalid };
}

const lineArbitrary = fc.oneof(
  fc.json(),
  fc.string(),
  fc.constantFrom(
    '{"documentType":"Shipment","schemaVersion":"1.0.0"}',
    '{"__proto__":{"x":1}}',
    '[[[[',
    '"\\ud800"',
    '{"a":"\u0000"}',
  ),
);

describe('fuzzing the readers and the validator', () => {
  it('NDJSON: never throws, one result per non-blank line (one EMPTY_INPUT when none), records = valid + invalid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArbitrary, { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }),
        async (lines, sizes) => {
          const text = lines.map((l) => l.replace(/\n/g, ' ')).join('\n');
          const result = await counts(readNdjson, Buffer.from(text), sizes);
          const nonBlank = text.split('\n').filter((l) => l.replace(/[ \t\r]/g, '') !== '').length;
          expect(result.records).toBe(Math.max(1, nonBlank));
          expect(result.records).toBe(result.valid + result.invalid);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('NDJSON and JSON: arbitrary bytes never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }),
        async (bytes, sizes) => {
          for (const reader of [readNdjson, readJson]) {
            const result = await counts(reader, bytes, sizes);
            expect(result.records).toBe(result.valid + result.invalid);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('JSON arrays: one result per element (one EMPTY_INPUT when none), whatever the elements hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.json(), { maxLength: 15 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        async (elements, sizes) => {
          const result = await counts(readJson, Buffer.from(`[${elements.join(',\n')}]`), sizes);
          expect(result.records).toBe(Math.max(1, elements.length));
          expect(result.invalid).toBe(Math.max(1, elements.length)); // none of them is a medsupply document
        },
      ),
      { numRuns: 100 },
    );
  });

  it('validate: arbitrary objects with document-like members never throw and get a verdict', () => {
    const documentLike = fc.record(
      {
        documentType: fc.constantFrom(
          'StockReport',
          'CapacityReport',
          'Shipment',
          'ShortageNotice',
          'DemandForecast',
          'x',
        ),
        schemaVersion: fc.constantFrom('1.0.0', '0.9', 1),
        listings: fc.anything(),
        lines: fc.anything(),
        dates: fc.anything(),
        series: fc.anything(),
        period: fc.anything(),
        status: fc.constantFrom('received', 'resolved', 'shipped', 3),
      },
      { requiredKeys: ['documentType'] },
    );
    fc.assert(
      fc.property(documentLike, (doc) => {
        const result = validator.validate(doc);
        expect(result.valid).toBe(false);
        for (const problem of result.issues)
          expect(problem.path === '' || problem.path.startsWith('/')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('prototype keys', () => {
  it('__proto__ and constructor members are reported, never applied', async () => {
    const line =
      '{"documentType":"Shipment","schemaVersion":"1.0.0","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}\n';
    const run = await runCli(['validate', '--format', 'json', '-'], { stdin: line });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(
      report.results[0].issues.map((i: { code: string; path: string }) => `${i.code} ${i.path}`),
    ).toContain('FORBIDDEN_KEY /__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const direct = validator.validate(
      JSON.parse('{"documentType":"Shipment","schemaVersion":"1.0.0","constructor":{"prototype":{}}}'),
    );
    expect(direct.issues.map((i) => `${i.code} ${i.path}`)).toContain('UNKNOWN_PROPERTY /constructor');
  });
});

describe('pathological files through the CLI', () => {
  it('10 000 levels of nesting: one invalid record, the next one still read', async () => {
    const file = join(dir, 'deep.ndjson');
    writeFileSync(
      file,
      `${'['.repeat(10_000)}${']'.repeat(10_000)}\n{"deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}\n{}\n`,
    );
    const run = await runCli(['validate', '--format', 'json', file]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ records: 3, valid: 0, invalid: 3 });
    expect(report.results.map((r: { issues: Array<{ code: string }> }) => r.issues[0]?.code)).toEqual([
      'JSON_TOO_DEEP',
      'JSON_TOO_DEEP',
      'DOCUMENT_TYPE_UNKNOWN',
    ]);
  });

  it('a 50 MB single line is one invalid record, read in bounded memory', async () => {
    const file = join(dir, 'huge.ndjson');
    writeFileSync(file, `{"x":"${'a'.repeat(50 * 1024 * 1024)}"}\n{"documentType":"Shipment"}\n`);
    const run = await runCli(['validate', '--format', 'json', file], { measureRss: true });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ records: 2, invalid: 2 });
    expect(report.results[0]).toMatchObject({ line: 1, issues: [{ code: 'RECORD_TOO_LARGE' }] });
    expect(report.results[1]).toMatchObject({ line: 2 });
    // The line is skipped, not buffered: the process stays far below the file size plus a copy.
    expect(run.maxRssBytes).toBeLessThan(200 * 1024 * 1024);
  });

  it('invalid UTF-8 and a truncated last line are invalid records with their line numbers', async () => {
    const file = join(dir, 'broken.ndjson');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('{"a":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}\n{}\n{"documentType":"Shi'),
      ]),
    );
    const run = await runCli(['validate', '--format', 'json', file]);
    const report = JSON.parse(run.stdout);
    expect(run.code).toBe(1);
    expect(
      report.results.map((r: { line: number; issues: Array<{ code: string }> }) => [
        r.line,
        r.issues[0]?.code,
      ]),
    ).toEqual([
      [1, 'INVALID_UTF8'],
      [2, 'DOCUMENT_TYPE_UNKNOWN'],
      [3, 'TRUNCATED_RECORD'],
    ]);
    expect(report.summary).toEqual({ records: 3, valid: 0, invalid: 3, warnings: 0, unreadable: 0 });
  });
});
