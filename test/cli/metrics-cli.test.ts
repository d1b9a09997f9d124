/**
 * `medsupply metrics` and `medsupply dashboard` end to end: the same inputs as validate, invalid documents
 * skipped and counted (never half-used), the documented JSON shape, CSV and exit codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GTIN = 'https://www.gs1.org/gtin';
const GLN = 'https://www.gs1.org/gln';
const P1 = { identifier: { system: GTIN, value: '09506000134352' } };
const L1 = { identifier: { system: GLN, value: '0614141000029' } };
const SENDER = { identifier: { system: GLN, value: '0614141000012' } };
let n = 0;
function envelope(documentType: string) {
  return {
    schemaVersion: '1.0.0',
    documentId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    documentType,
    documentStatus: 'original',
    createdAt: '2025-04-01T00:00:00Z',
    sender: SENDER,
    confidentiality: 'public',
  };
}
const difference = {
  ...envelope('StockReport'),
  countType: 'difference',
  reporter: SENDER,
  period: { start: '2025-03-01', end: '2025-03-31' },
  listings: [
    {
      location: L1,
      lines: [
        {
          product: P1,
          quantity: { value: 60, unit: '{pack}' },
          periodTotals: {
            openingBalance: { value: 100, unit: '{pack}' },
            received: { value: 0, unit: '{pack}' },
            consumed: { value: 40, unit: '{pack}' },
            closingBalance: { value: 60, unit: '{pack}' },
          },
        },
      ],
    },
  ],
};
const snapshot = (value: number) => ({
  ...envelope('StockReport'),
  countType: 'snapshot',
  reporter: SENDER,
  asOf: '2025-03-31T18:00:00+03:00',
  listings: [{ location: L1, lines: [{ product: P1, quantity: { value, unit: '{pack}' } }] }],
});
// The invalid snapshot says 9999 packs: if it were half-used, months of stock would not be 1.5.
const invalid = { ...snapshot(9999), asOf: '2025-03-31T23:59:59+03:00', countType: 'nonsense' };
const feed = join(dir, 'feed.ndjson');
writeFileSync(feed, [difference, snapshot(60), invalid].map((d) => JSON.stringify(d)).join('\n'));

describe('medsupply metrics', () => {
  it('prints {metrics, definitions, skipped}: rows in the documented member order, invalid documents skipped and counted', async () => {
    const run = await runCli(['metrics', '--format', 'json', feed]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['metrics', 'definitions', 'skipped']);
    expect(report.skipped).toBe(1);
    const mos = report.metrics.find((m: { metric: string }) => m.metric === 'months-of-stock');
    expect(mos).toEqual({
      metric: 'months-of-stock',
      value: 1.5,
      unit: 'mo',
      product: `${GTIN}|09506000134352`,
      location: `${GLN}|0614141000029`,
      period: '2025-03',
    });
    expect(report.definitions.map((d: { id: string }) => d.id)).toContain('months-of-stock');
    expect(report.definitions[0]).toMatchObject({ formula: expect.any(String), source: expect.any(String) });
    expect(run.stderr).toMatch(/feed\.ndjson: line 3: invalid document skipped/);
  });

  it('reads stdin, and exits 0 when every document is valid', async () => {
    const run = await runCli(['metrics', '--format', 'json', '-'], {
      stdin: [difference, snapshot(60)].map((d) => JSON.stringify(d)).join('\n'),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).skipped).toBe(0);
  });

  it('writes CSV with a header, and the documents behind each value on request', async () => {
    const run = await runCli(['metrics', '--format', 'csv', '--with-documents', feed]);
    const records = parse(run.stdout, { columns: true }) as Array<Record<string, string>>;
    const mos = records.find((r) => r.metric === 'months-of-stock');
    expect(mos?.value).toBe('1.5');
    expect(mos?.documents?.split(' ').sort()).toEqual(
      [
        difference.documentId,
        (JSON.parse(readFileSync(feed, 'utf8').split('\n')[1]!) as { documentId: string }).documentId,
      ].sort(),
    );
  });

  it('prints a table for people by default', async () => {
    const run = await runCli(['metrics', feed]);
    expect(run.stdout).toMatch(/^metric\s+value/);
    expect(run.stdout).toMatch(/months-of-stock\s+1\.500\s+mo/);
    expect(run.stdout).toMatch(/1 invalid documents skipped/);
  });

  it('exits 2 on usage errors and unreadable paths', async () => {
    expect((await runCli(['metrics', '--by', 'planet', feed])).code).toBe(2);
    expect((await runCli(['metrics', '--as-of', '2025-02-30', feed])).code).toBe(2);
    expect((await runCli(['metrics', '--format', 'yaml', feed])).code).toBe(2);
    expect((await runCli(['metrics', join(dir, 'missing.json')])).code).toBe(2);
  });
});

describe('medsupply dashboard', () => {
  it('writes one self-contained HTML file and nothing to stdout', async () => {
    const out = join(dir, 'dashboard.html');
    const run = await runCli(['dashboard', feed, '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^"'\s]*\.(js|css)\b/);
  });
});

describe('medsupply metrics -o', () => {
  it('writes the report to the file (through a temporary file) and nothing to stdout', async () => {
    const out = join(dir, 'metrics.json');
    const run = await runCli(['metrics', '--format', 'json', '-o', out, feed]);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).skipped).toBe(1);
  });
});
