import { isUtf8 as nodeIsUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The generated module the browser playground bundles (written by `pnpm build`).
import { schemaSource } from '../dist/standalone/browser.js';
import * as browser from './browser.js';
import * as node from './index.js';
import { isUtf8 as browserIsUtf8 } from './readers/csv/utf8.browser.js';

const samples = new URL('../../docs/samples/', import.meta.url);

async function verdicts(
  entry: typeof browser | typeof node,
  validator: Awaited<ReturnType<typeof node.createValidator>>,
  file: string,
) {
  const text = readFileSync(new URL(file, samples), 'utf8');
  const results = [];
  const input = (async function* () {
    yield text;
  })();
  for await (const result of entry.validateRecords(entry.readRecords(input, { source: file }), validator))
    results.push(result);
  return results;
}

describe('the browser entry', () => {
  it.each([
    'national-warehouse-snapshot.json',
    'shipments.json',
    'district-reports.ndjson',
    'csv/stock-report.csv',
    'csv/shipment.csv',
  ])('gives the verdicts of the Node entry for %s, with schemas from the bundled source', async (file) => {
    const fromBundle = await browser.createValidator({ source: schemaSource, preload: false });
    const fromDisk = await node.createValidator({ preload: false });
    const expected = await verdicts(node, fromDisk, file);
    expect(expected.length).toBeGreaterThan(0);
    expect(await verdicts(browser, fromBundle, file)).toEqual(expected);
  });

  it('knows the same releases and document types as the files on disk', async () => {
    const fromBundle = await browser.createValidator({ source: schemaSource });
    const fromDisk = await node.createValidator();
    expect(fromBundle.versions()).toEqual(fromDisk.versions());
    for (const version of fromDisk.versions())
      expect(fromBundle.documentTypes(version)).toEqual(fromDisk.documentTypes(version));
  });

  it('rejects a module the manifest does not name', async () => {
    await expect(schemaSource.load('../../../etc/passwd')).rejects.toThrow(/no compiled schema module/);
  });

  it('checks UTF-8 as Node does', () => {
    const cases = [
      [0x61, 0x62],
      [0xc3, 0xa9],
      [0xe2, 0x82, 0xac],
      [0xf0, 0x9f, 0x92, 0x8a],
      [0xc3],
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
      [0xc0, 0xaf], // overlong
      [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
      [0xff],
      [],
    ].map((bytes) => Uint8Array.from(bytes));
    for (const bytes of cases) expect(browserIsUtf8(bytes), String([...bytes])).toBe(nodeIsUtf8(bytes));
  });

  it('picks the reader from the file extension without node:path', () => {
    expect(browser.formatFromPath('feeds/march.NDJSON')).toBe('ndjson');
    expect(browser.formatFromPath('a.b/stock.csv')).toBe('csv');
    expect(browser.formatFromPath('a.json/readme')).toBeUndefined();
    expect(browser.formatFromPath('.json')).toBeUndefined();
  });
});
