/**
 * `medsupply validate` end to end, as integrators run it: inputs of every kind, every output format,
 * exit codes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLES = 'docs/samples';

interface JsonReport {
  summary: { records: number; valid: number; invalid: number; warnings: number };
  results: Array<{
    source: string;
    line?: number;
    index: number;
    documentType: string | null;
    valid: boolean;
    issues: Array<{ code: string; path: string; severity: string; message: string }>;
  }>;
}

describe('medsupply validate', () => {
  it('reports the bundled samples as JSON: every record counted, each problem with its pointer', async () => {
    const run = await runCli(['validate', '--format', 'json', SAMPLES]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.summary.records).toBe(report.summary.valid + report.summary.invalid);
    expect(report.summary.records).toBe(report.results.length);
    const problems = report.results
      .filter((r) => !r.valid)
      .map((r) => `${r.source.split('/').pop()}:${r.line} ${r.issues[0]?.code} ${r.issues[0]?.path}`);
    expect(problems).toContain(
      'district-reports.ndjson:4 STOCK_BALANCE_MISMATCH /listings/0/lines/1/periodTotals/closingBalance',
    );
    expect(problems).toContain('district-reports.ndjson:10 JSON_SYNTAX ');
    for (const result of report.results) {
      expect(Object.keys(result).slice(0, 2)).toEqual(
        result.line === undefined ? ['source', 'index'] : ['source', 'line'],
      );
    }
  });

  it('exits 0 when everything is valid, and reads stdin', async () => {
    const valid = await runCli(['validate', '--format', 'json', 'schemas/fixtures/1.0.0/shipment/valid']);
    expect(valid.code).toBe(0);
    const doc = JSON.parse(
      (await runCli(['validate', '--format', 'json', 'schemas/fixtures/1.0.0/shipment/valid'])).stdout,
    ) as JsonReport;
    expect(doc.summary.invalid).toBe(0);
    const stdin = await runCli(['validate', '--format', 'ndjson', '-'], {
      stdin: '{"documentType":"Shipment"}\n',
    });
    expect(stdin.code).toBe(1);
    expect(JSON.parse(stdin.stdout.trim())).toMatchObject({ source: '-', line: 1, index: 0, valid: false });
  });

  it('exits 2 on usage and I/O errors', async () => {
    expect((await runCli(['validate', 'no/such/file.json'])).code).toBe(2);
    expect((await runCli(['validate', '--schema', 'Invoice', SAMPLES])).code).toBe(2);
    expect((await runCli(['validate', '--format', 'yaml', SAMPLES])).code).toBe(2);
    expect((await runCli(['validate'])).code).toBe(2);
  });

  it('forces a schema with --schema TYPE@VERSION', async () => {
    const file = join(dir, 'untyped.ndjson');
    writeFileSync(file, '{"schemaVersion":"1.0.0"}\n');
    const report = JSON.parse(
      (await runCli(['validate', '--format', 'json', '--schema', 'Shipment@1.0.0', file])).stdout,
    ) as JsonReport;
    expect(report.results[0]).toMatchObject({ documentType: 'Shipment', valid: false });
    expect(report.results[0]!.issues.map((i) => i.path)).toContain('/documentType');
  });

  it('caps listed errors with --max-errors but still counts every record', async () => {
    const run = await runCli(['validate', '--format', 'json', '--max-errors', '1', SAMPLES]);
    const report = JSON.parse(run.stdout) as JsonReport;
    const listed = report.results.flatMap((r) => r.issues).filter((i) => i.severity === 'error');
    expect(listed).toHaveLength(1);
    expect(report.summary.invalid).toBeGreaterThan(1);
    expect(run.stderr).toMatch(/further errors not listed/);
  });

  it('writes SARIF 2.1.0 with rules, levels, files, lines and pointers', async () => {
    const run = await runCli(['validate', '--format', 'sarif', SAMPLES]);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const [theRun] = sarif.runs;
    const ruleIds = new Set(theRun.tool.driver.rules.map((r: { id: string }) => r.id));
    expect(theRun.results.length).toBeGreaterThan(3);
    for (const result of theRun.results) {
      expect(ruleIds.has(result.ruleId)).toBe(true);
      expect(theRun.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^docs\/samples\//);
      expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^\//);
    }
  });

  it('writes well-formed JUnit XML with one testsuite per input and a failure per invalid record', async () => {
    const run = await runCli(['validate', '--format', 'junit', SAMPLES]);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(run.stdout);
    const suites = [xml.testsuites.testsuite].flat();
    const json = JSON.parse((await runCli(['validate', '--format', 'json', SAMPLES])).stdout) as JsonReport;
    expect(Number(xml.testsuites.tests)).toBe(json.summary.records);
    expect(Number(xml.testsuites.failures)).toBe(json.summary.invalid);
    expect(suites.length).toBe(new Set(json.results.map((r) => r.source)).size);
  });

  it('prints text for people: file:line, pointer, message and a summary', async () => {
    const run = await runCli(['validate', SAMPLES]);
    expect(run.stdout).toMatch(/district-reports\.ndjson:4 StockReport #4: invalid/);
    expect(run.stdout).toMatch(
      /STOCK_BALANCE_MISMATCH\s+\/listings\/0\/lines\/1\/periodTotals\/closingBalance/,
    );
    expect(run.stdout).toMatch(/\d+ records: \d+ valid, \d+ invalid, \d+ warnings/);
  });

  it('names the CSV row and column of a problem', async () => {
    const run = await runCli(['validate', '--format', 'json', `${SAMPLES}/csv/shipment.csv`]);
    const report = JSON.parse(run.stdout) as JsonReport;
    const received = report.results
      .flatMap((r) => r.issues)
      .find((i) => i.code === 'RECEIVED_EXCEEDS_SHIPPED') as
      | { params?: { line?: number; column?: string } }
      | undefined;
    expect(received?.params).toMatchObject({ column: 'quantityReceived' });
    expect(typeof received?.params?.line).toBe('number');
  });
});
