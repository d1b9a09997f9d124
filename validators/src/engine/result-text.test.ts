import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordBatches } from '../readers/index.js';
import { resultJsonText } from './result-text.js';
import { type RecordResult, validateRecordBatches } from './validate-stream.js';
import { createValidator } from './validator.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'schemas', 'fixtures');

/** Every fixture of every release as one NDJSON feed, plus records no schema can read. */
function feed(): string {
  const lines: string[] = [];
  for (const version of readdirSync(fixtures))
    for (const type of readdirSync(join(fixtures, version)))
      for (const verdict of readdirSync(join(fixtures, version, type)))
        for (const file of readdirSync(join(fixtures, version, type, verdict)).sort())
          if (file.endsWith('.json'))
            lines.push(
              JSON.stringify(JSON.parse(readFileSync(join(fixtures, version, type, verdict, file), 'utf8'))),
            );
  lines.push('{"broken":', '[1,2]', '{"documentType":"Shipment"}');
  return `${lines.join('\n')}\n`;
}

describe('resultJsonText (the result lines of the JSON and NDJSON reports and of the workers)', () => {
  it('are the JSON.stringify of every result of a real feed, valid or not', async () => {
    const validator = await createValidator({ preload: false });
    const line = resultJsonText();
    const text = feed();
    let valid = 0;
    for (const source of ['feed.ndjson', 'other "dir"/feed\u2028.ndjson']) {
      const batches = validateRecordBatches(
        readRecordBatches([Buffer.from(text)], { source, format: 'ndjson' }),
        validator,
      );
      for await (const batch of batches) {
        for (const result of batch) {
          expect(line(result)).toBe(JSON.stringify(result));
          if (result.issues.length === 0) valid++;
        }
      }
    }
    expect(valid).toBeGreaterThan(20);
  });

  it('are the JSON.stringify of results without a line, without a type, or invalid without issues', () => {
    const line = resultJsonText();
    const base = { source: 'a.json', index: 0, documentType: 'Shipment', schemaVersion: '1.0.0' };
    const results: RecordResult[] = [
      { ...base, valid: true, issues: [] },
      {
        source: 'a.json',
        line: 3,
        index: 2,
        documentType: null,
        schemaVersion: null,
        valid: false,
        issues: [],
      },
      { ...base, index: 7, valid: false, issues: [] },
      { ...base, source: 'b.json', valid: true, issues: [] },
      { ...base, valid: true, issues: [{ severity: 'warning', code: 'X', path: '/a', message: 'm' }] },
      { ...base, documentType: 'StockReport', schemaVersion: '1.1.0', valid: true, issues: [] },
    ];
    for (const result of results) expect(line(result)).toBe(JSON.stringify(result));
  });
});
