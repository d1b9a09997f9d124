import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRecords } from '../engine/validate-stream.js';
import { createValidator } from '../engine/validator.js';
import { readRecords } from '../readers/index.js';
import { type ResultLines, ValidationPool, validateInWorkers, validateLinesInWorkers } from './pool.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'schemas', 'fixtures', '1.0.0');

/** Valid fixtures plus broken lines, repeated so that several batches are in flight. */
function feed(): string {
  const lines: string[] = [];
  for (const type of readdirSync(fixtures).sort()) {
    for (const file of readdirSync(join(fixtures, type, 'valid')).sort()) {
      lines.push(JSON.stringify(JSON.parse(readFileSync(join(fixtures, type, 'valid', file), 'utf8'))));
    }
  }
  lines.push('{"broken":', '', '{"documentType":"Shipment"}', '[1,2]');
  return Array.from({ length: 12 }, () => lines.join('\n')).join('\n');
}

async function* chunks(text: string, size: number, encoding: BufferEncoding = 'utf8') {
  const bytes = Buffer.from(text, encoding);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('validateInWorkers', () => {
  it('gives the same results, in the same order, as validating in-process', async () => {
    const text = feed();
    const validator = await createValidator({ preload: false });
    const expected = await collect(
      validateRecords(readRecords(chunks(text, 4096), { source: 'feed.ndjson' }), validator),
    );
    const actual = await collect(
      validateInWorkers(chunks(text, 777), {
        source: 'feed.ndjson',
        format: 'ndjson',
        workers: 2,
        batchBytes: 3000,
      }),
    );
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(400);
    expect(actual.filter((r) => !r.valid).length).toBe(36);
  });

  it('splits JSON arrays the same way', async () => {
    const docs = feed()
      .split('\n')
      .filter((l) => l.startsWith('{"schemaVersion') || l.startsWith('{"document'))
      .slice(0, 50);
    const text = `[\n${docs.join(',\n')}\n]`;
    const validator = await createValidator({ preload: false });
    const expected = await collect(
      validateRecords(readRecords(chunks(text, 1000), { source: 'feed.json' }), validator),
    );
    const actual = await collect(
      validateInWorkers(chunks(text, 333), {
        source: 'feed.json',
        format: 'json',
        workers: 1,
        batchRecords: 7,
      }),
    );
    expect(actual).toEqual(expected);
  });

  it('sends each result back as the JSON text JSON.stringify gives, with its verdict, in order', async () => {
    const text = feed();
    const validator = await createValidator({ preload: false });
    const expected = await collect(
      validateRecords(readRecords(chunks(text, 4096), { source: 'feed.ndjson' }), validator),
    );
    const batches: ResultLines[] = await collect(
      validateLinesInWorkers(chunks(text, 500), {
        source: 'feed.ndjson',
        format: 'ndjson',
        workers: 3,
        batchBytes: 4000,
      }),
    );
    expect(batches.length).toBeGreaterThan(3);
    const lines = batches.flatMap((b) => Array.from({ length: b.length }, (_, i) => b.json(i)));
    expect(lines).toEqual(expected.map((r) => JSON.stringify(r)));
    const verdicts = batches.flatMap((b) =>
      Array.from({ length: b.length }, (_, i) => [b.valid(i), b.warnings(i), b.hasIssues(i)]),
    );
    expect(verdicts).toEqual(
      expected.map((r) => [
        r.valid,
        r.issues.filter((i) => i.severity === 'warning').length,
        r.issues.length > 0,
      ]),
    );
    expect(batches.map((b) => b.text).join('')).toBe(expected.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const counts = batches.reduce(
      (sum, b) => [sum[0]! + b.validCount, sum[1]! + b.invalidCount, sum[2]! + b.warningCount],
      [0, 0, 0],
    );
    expect(counts).toEqual([
      expected.filter((r) => r.valid).length,
      expected.filter((r) => !r.valid).length,
      expected.reduce((n, r) => n + r.issues.filter((i) => i.severity === 'warning').length, 0),
    ]);
    expect(batches[0]!.result(0)).toEqual(expected[0]);
  });

  it('numbers lines and records across batches cut at odd places as the in-process reader does', async () => {
    // A BOM, CRLF, blank lines, invalid UTF-8, a line longer than a batch, no last line end.
    const body = feed().split('\n');
    const text = Buffer.concat([
      Buffer.from(`\uFEFF${body.slice(0, 40).join('\r\n')}\r\n\n  \n`),
      Buffer.from([0x7b, 0xff, 0x0a]),
      Buffer.from(`${JSON.stringify({ documentType: 'StockReport', pad: 'p'.repeat(9000) })}\n`),
      Buffer.from(body.slice(40).join('\n\n')),
    ]);
    const validator = await createValidator({ preload: false });
    const expected = await collect(
      validateRecords(
        readRecords(chunks(text.toString('latin1'), 4096, 'latin1'), { source: 'odd.ndjson' }),
        validator,
      ),
    );
    const pool = new ValidationPool({ workers: 2, batchBytes: 3000 });
    try {
      for (const size of [1013, 7]) {
        const batches = await collect(
          pool.lines(chunks(text.toString('latin1'), size, 'latin1'), {
            source: 'odd.ndjson',
            format: 'ndjson',
          }),
        );
        expect(batches.length).toBeGreaterThan(10);
        expect(batches.map((b) => b.text).join('')).toBe(
          expected.map((r) => `${JSON.stringify(r)}\n`).join(''),
        );
      }
    } finally {
      await pool.close();
    }
    expect(expected.some((r) => r.issues.some((i) => i.code === 'INVALID_UTF8'))).toBe(true);
  });

  it('keeps one pool of workers for several inputs, each in its own order', async () => {
    const text = feed();
    const validator = await createValidator({ preload: false });
    const expected = await collect(
      validateRecords(readRecords(chunks(text, 4096), { source: 'a.ndjson' }), validator),
    );
    const pool = new ValidationPool({ workers: 2, batchBytes: 5000 });
    try {
      for (const source of ['a.ndjson', 'b.ndjson']) {
        const batches = await collect(pool.batches(chunks(text, 1000), { source, format: 'ndjson' }));
        expect(batches.flat()).toEqual(expected.map((r) => ({ ...r, source })));
      }
    } finally {
      await pool.close();
    }
  });
});
