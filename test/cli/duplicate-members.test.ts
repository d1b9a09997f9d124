/**
 * A document that names a member twice is refused, whichever reader reads it: a JSON file (one
 * document or an array), NDJSON, stdin, or worker threads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-duplicates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A valid Shipment whose documentType is named twice; the last one (what JSON.parse keeps) is valid.
const shipment = readFileSync(
  'schemas/fixtures/1.0.0/shipment/valid/api-air-freight-mass-received.json',
  'utf8',
);
const twice = shipment.replace(
  '"documentType": "Shipment"',
  '"documentType": "StockReport", "documentType": "Shipment"',
);
const compact = JSON.stringify(JSON.parse(shipment)).replace(
  '"documentType":"Shipment"',
  '"documentType":"StockReport","documentType":"Shipment"',
);

function expectRefused(stdout: string): void {
  const report = JSON.parse(stdout);
  expect(report.summary).toMatchObject({ records: 1, invalid: 1 });
  expect(report.results[0].issues).toContainEqual(
    expect.objectContaining({ code: 'DUPLICATE_MEMBER', path: '/documentType' }),
  );
}

describe('duplicate member names', () => {
  it('the fixture itself is valid (so the refusal below is for the duplicate)', async () => {
    const file = join(dir, 'once.json');
    writeFileSync(file, shipment);
    expect((await runCli(['validate', file])).code).toBe(0);
  });

  it.each([
    ['a .json document', 'doc.json', twice],
    ['a .json array', 'array.json', `[${twice}]`],
    ['an .ndjson line', 'feed.ndjson', `${compact}\n`],
  ])('are refused in %s (exit 1)', async (_what, name, content) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const run = await runCli(['validate', '--format', 'json', file]);
    expect(run.code).toBe(1);
    expectRefused(run.stdout);
    const parallel = await runCli(['validate', '--format', 'json', '--workers', '1', file]);
    expectRefused(parallel.stdout);
  });

  it('are refused on stdin', async () => {
    const run = await runCli(['validate', '--format', 'json', '-'], { stdin: twice });
    expect(run.code).toBe(1);
    expectRefused(run.stdout);
  });
});
