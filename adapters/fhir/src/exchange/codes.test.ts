import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fhirMappingIssueCodes } from '../codes.js';
import { fhirExchangeIssueCodes } from './codes.js';

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'codes.ts')
  .map((name) => readFileSync(join(here, name), 'utf8'))
  .join('\n');
const used = new Set([...sources.matchAll(/'(FHIR_[A-Z_]+)'/g)].map((m) => m[1]));

describe('fhirExchangeIssueCodes', () => {
  it('lists every code the exchange raises, and only those', () => {
    expect([...used].sort()).toEqual(Object.keys(fhirExchangeIssueCodes).sort());
  });

  it('shares no code with the mapping table (the docs merge every table)', () => {
    expect(
      Object.keys(fhirExchangeIssueCodes).filter((code) => Object.hasOwn(fhirMappingIssueCodes, code)),
    ).toEqual([]);
  });

  it('describes each code in one sentence', () => {
    for (const [code, info] of Object.entries(fhirExchangeIssueCodes)) {
      expect(info.description, code).toMatch(/^[A-Z`].*\.$/);
      expect(['error', 'warning', 'info']).toContain(info.severity);
    }
  });
});
