/** Messages that teach: each says what is wrong and what would be right. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shipment = JSON.parse(readFileSync('docs/samples/shipments.json', 'utf8'))[0];

async function issuesOf(document: unknown) {
  const run = await runCli(['validate', '--format', 'json', '-'], { stdin: JSON.stringify(document) });
  return JSON.parse(run.stdout).results[0].issues as Array<{ code: string; path: string; message: string }>;
}

describe('messages that teach', () => {
  it('GS1_CHECK_DIGIT says which digit was expected', async () => {
    const issues = await issuesOf({
      ...shipment,
      sender: { identifier: { system: 'https://www.gs1.org/gln', value: '6161000030048' } },
    });
    const found = issues.find((i) => i.code === 'GS1_CHECK_DIGIT');
    expect(found?.message).toMatch(/the check digit should be 7, not 8 \(6161000030047\)/);
  });

  it('an identifier system written "GLN" points to the GS1 system URI', async () => {
    const issues = await issuesOf({
      ...shipment,
      sender: { identifier: { system: 'GLN', value: '6161000030047' } },
    });
    expect(issues.find((i) => i.code === 'URI_INVALID')?.message).toMatch(
      /did you mean https:\/\/www\.gs1\.org\/gln\?/,
    );
  });

  it('a location or party of the wrong shape names the two accepted shapes', async () => {
    const issues = await issuesOf({
      ...shipment,
      shipFrom: { gln: '6161000030047' },
      receiver: { name: 'Acme' },
    });
    const from = issues.find((i) => i.path === '/shipFrom/identifiers');
    expect(from?.message).toMatch(/a location is either a reference \{"identifier".*or a whole Location/);
    const receiver = issues.find((i) => i.path === '/receiver/identifiers');
    expect(receiver?.message).toMatch(/a party is either a reference .* or a whole Party/);
  });

  it('an EPCIS document, JSON or XML, is recognised and pointed to medsupply convert', async () => {
    const json = await issuesOf({
      '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      epcisBody: { eventList: [] },
    });
    expect(json[0]?.message).toMatch(/looks like an EPCIS document.*medsupply convert --from epcis-json/);
    const xml = join(dir, 'events.json');
    writeFileSync(xml, '<?xml version="1.0"?>\n<epcis:EPCISDocument/>');
    const run = await runCli(['validate', xml]);
    expect(run.stdout).toMatch(/looks like XML.*medsupply convert --from epcis-xml/);
  });

  it('text numbers records from 1, says "1 record", and does not repeat its summary', async () => {
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, `${JSON.stringify({ ...shipment, status: 'lost' })}\n`);
    const run = await runCli(['validate', file]);
    expect(run.stdout).toMatch(/one\.ndjson:1 Shipment #1: invalid/);
    expect(run.stdout).toMatch(/\n1 record: 0 valid, 1 invalid, 0 warnings\n$/);
    const valid = join(dir, 'valid.json');
    writeFileSync(valid, JSON.stringify(shipment));
    expect((await runCli(['validate', valid])).stdout).toBe('\n1 record: valid, 0 warnings\n');
  });

  it('validate --help lists the exit codes and examples; -v and --version print the version', async () => {
    const help = await runCli(['validate', '--help']);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    expect(help.stdout).toMatch(/Examples:\n {2}medsupply validate /);
    for (const flag of ['-v', '--version']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  it('--schema takes the kebab-case type name as the docs write it', async () => {
    const file = 'docs/samples/shipments.json';
    const kebab = JSON.parse(
      (await runCli(['validate', '--format', 'json', '--schema', 'shipment@1.0.0', file])).stdout,
    );
    const pascal = JSON.parse(
      (await runCli(['validate', '--format', 'json', '--schema', 'Shipment', file])).stdout,
    );
    expect(kebab.summary).toEqual(pascal.summary);
    expect(
      (await runCli(['validate', '--schema', 'stock-report', 'docs/samples/csv/stock-report.csv'])).code,
    ).not.toBe(2);
  });
});
