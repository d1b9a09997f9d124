import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const SAMPLE = 'docs/samples/forecast/consumption-history.ndjson';

describe('medsupply forecast', () => {
  it('writes one valid DemandForecast per product × location series of the sample', async () => {
    const run = await runCli(['forecast', '--horizon', '6', '--issued-at', '2026-07-05T08:00:00Z', SAMPLE]);
    expect(run.code).toBe(0);
    const documents = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toHaveLength(6);
    for (const document of documents) {
      expect(document.documentType).toBe('DemandForecast');
      expect(document.method).toBe('consumption');
      expect(document.series).toHaveLength(6);
      expect(document.horizon).toEqual({ start: '2026-07-01', end: '2026-12-31', granularity: 'month' });
      expect(document.basedOn.historyWindow.start).toBe('2024-01-01');
    }
    const dir = mkdtempSync(join(tmpdir(), 'medsupply-forecast-'));
    writeFileSync(join(dir, 'out.ndjson'), run.stdout);
    const check = await runCli(['validate', '--format', 'json', join(dir, 'out.ndjson')]);
    expect(JSON.parse(check.stdout).summary).toMatchObject({ records: 6, valid: 6, invalid: 0 });
    expect(run.stderr).toContain('60 records read (0 invalid, skipped); 6 series, 6 forecast, 0 not');
  });

  it('gives the same documents for the same inputs and --issued-at', async () => {
    const args = ['forecast', '--issued-at', '2026-07-05T08:00:00Z', SAMPLE];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect(a.stdout).toBe(b.stdout);
  });

  it('forecasts with one named method', async () => {
    const run = await runCli(['forecast', '--method', 'croston', '--format', 'json', SAMPLE]);
    expect(run.code).toBe(0);
    const documents = JSON.parse(run.stdout);
    expect(
      documents.every(
        (d: { extensions: Record<string, { methods: string[] }> }) =>
          d.extensions['org.medsupply.forecast']!.methods.join() === 'croston',
      ),
    ).toBe(true);
  });

  it('--backtest prints MASE, WAPE and bias per series and method', async () => {
    const run = await runCli(['forecast', '--backtest', SAMPLE]);
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(6 * 7);
    expect(rows[0]).toEqual(expect.objectContaining({ method: 'naive', origins: 6 }));
    expect(
      rows.some(
        (row: { mase?: number; wape?: number; bias?: number }) =>
          typeof row.mase === 'number' && typeof row.wape === 'number' && typeof row.bias === 'number',
      ),
    ).toBe(true);
  });

  it('skips and counts invalid records, and exits 1', async () => {
    const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    const broken = [...lines.slice(0, 10), '{"documentType":"StockReport"}', '{not json'].join('\n');
    const run = await runCli(['forecast', '-'], { stdin: broken });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/12 records read \(2 invalid, skipped\)/);
    expect(run.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('refuses a malformed --origin with exit 2', async () => {
    const run = await runCli(['forecast', '--origin', '2026-13', SAMPLE]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('leaves an existing output file untouched when the run fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medsupply-forecast-'));
    const output = join(dir, 'forecast.ndjson');
    writeFileSync(output, 'previous\n');
    const run = await runCli(['forecast', '-o', output, join(dir, 'missing.ndjson')]);
    expect(run.code).toBe(2);
    expect(readFileSync(output, 'utf8')).toBe('previous\n');
  });
});
