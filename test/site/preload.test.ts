/**
 * How the playground gets its first verdict early: which sample it opens with, and which compiled
 * schema a document needs (guessed for preloading). What the built page preloads is in site.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSample, schemaOf } from '../../docs/.vitepress/theme/first-document.js';
import { SAMPLES } from './harness.js';

const manifest = JSON.parse(
  readFileSync(join(SAMPLES, '..', '..', 'validators', 'dist', 'standalone', 'manifest.json'), 'utf8'),
) as { versions: Record<string, Record<string, string>> };

describe('the playground opening document', () => {
  it('is the first JSON sample by name', () => {
    expect(
      defaultSample(['shipments.json', 'csv/a.csv', 'a.ndjson', 'national-warehouse-snapshot.json']),
    ).toBe('national-warehouse-snapshot.json');
    expect(defaultSample(['a.csv'])).toBeUndefined();
  });

  it('names the compiled schema of the first document type and release in the text', () => {
    const stock = readFileSync(join(SAMPLES, 'national-warehouse-snapshot.json'), 'utf8');
    expect(schemaOf(stock, manifest)).toBe('1.0.0/StockReport.js');
    expect(schemaOf('{"documentType":"Shipment","schemaVersion":"1.1.0"}', manifest)).toBe(
      '1.1.0/Shipment.js',
    );
    expect(schemaOf(readFileSync(join(SAMPLES, 'csv', 'capacity-report.csv'), 'utf8'), manifest)).toBe(
      '1.0.0/CapacityReport.js',
    );
    // A guess only: nothing is named for what the manifest does not have.
    expect(schemaOf('{"documentType":"Shipment","schemaVersion":"9.9.9"}', manifest)).toBeUndefined();
    expect(schemaOf('{"documentType":"__proto__"}', manifest)).toBeUndefined();
    expect(schemaOf('not a document', manifest)).toBeUndefined();
  });
});
