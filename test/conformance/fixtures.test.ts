/**
 * Conformance fixtures of the canonical schemas 1.0.0 (schemas/fixtures/1.0.0/<type>/{valid,invalid}):
 * valid documents must validate without errors; each invalid one must raise exactly the errors
 * (code and JSON Pointer) it records. Also checks that the fixture set stays realistic (GS1 keys
 * with correct check digits) and complete (every business rule and schema keyword family is exercised),
 * and that the bundled sample feeds in docs/samples say what their README says.
 */
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Issue,
  type Validator,
  createValidator,
  hasValidGs1CheckDigit,
  readJson,
  readNdjson,
  ruleIssueCodes,
  schemaIssueCodes,
  validateRecords,
} from '@medsupply/validators';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const fixturesRoot = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0');
const samplesRoot = join(repositoryRoot, 'docs', 'samples');

/** Fixture folder → the document type its documents must be validated as. */
const FOLDERS: Record<string, string> = {
  'stock-report': 'StockReport',
  'capacity-report': 'CapacityReport',
  shipment: 'Shipment',
  'shortage-notice': 'ShortageNotice',
  'demand-forecast': 'DemandForecast',
};

/** An expected error: its code and the JSON Pointer it names. */
interface Expectation {
  code: string;
  path: string;
}

/** The file shape of an invalid fixture. */
interface InvalidFixture {
  description: string;
  expect: Expectation[];
  document: Record<string, unknown>;
}

interface Loaded<T> {
  folder: string;
  name: string;
  content: T;
}

function loadFolder<T>(folder: string, kind: 'valid' | 'invalid'): Array<Loaded<T>> {
  const dir = join(fixturesRoot, folder, kind);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      folder,
      name: file.replace(/\.json$/, ''),
      content: JSON.parse(readFileSync(join(dir, file), 'utf8')) as T,
    }));
}

const validFixtures = Object.keys(FOLDERS).flatMap((f) => loadFolder<Record<string, unknown>>(f, 'valid'));
const invalidFixtures = Object.keys(FOLDERS).flatMap((f) => loadFolder<InvalidFixture>(f, 'invalid'));

const errorCodes = new Set(
  Object.entries({ ...schemaIssueCodes, ...ruleIssueCodes })
    .filter(([, info]) => info.severity === 'error')
    .map(([code]) => code),
);
const warningCodes = Object.entries(ruleIssueCodes)
  .filter(([, info]) => info.severity === 'warning' && info.since === undefined)
  .map(([code]) => code);

/** `code path` keys of the errors among the issues, sorted and without repeats. */
function errorKeys(issues: readonly Issue[]): string[] {
  return [...new Set(issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`))].sort();
}

function expectedKeys(expectations: readonly Expectation[]): string[] {
  return [...new Set(expectations.map((e) => `${e.code} ${e.path}`))].sort();
}

const GS1_SYSTEMS = new Set([
  'https://www.gs1.org/gtin',
  'https://www.gs1.org/gln',
  'https://www.gs1.org/sscc',
]);

/** Every GS1 key (GTIN, GLN, SSCC) in a document, with its JSON Pointer. */
function gs1Keys(node: unknown, path = ''): Array<{ path: string; value: string }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => gs1Keys(item, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const found: Array<{ path: string; value: string }> = [];
  if (
    typeof record.system === 'string' &&
    GS1_SYSTEMS.has(record.system) &&
    typeof record.value === 'string'
  ) {
    found.push({ path: `${path}/value`, value: record.value });
  }
  for (const key of ['sscc', 'parentSscc']) {
    if (typeof record[key] === 'string') found.push({ path: `${path}/${key}`, value: record[key] as string });
  }
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'object')
      found.push(...gs1Keys(value, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return found;
}

let validator: Validator;
beforeAll(async () => {
  validator = await createValidator();
});

describe.each(Object.entries(FOLDERS))('fixtures of %s', (folder, documentType) => {
  const valid = validFixtures.filter((f) => f.folder === folder);
  const invalid = invalidFixtures.filter((f) => f.folder === folder);

  it('has at least 5 valid and 12 invalid documents', () => {
    expect(valid.length).toBeGreaterThanOrEqual(5);
    expect(invalid.length).toBeGreaterThanOrEqual(12);
  });

  it.each(valid.map((f) => [f.name, f.content] as const))(
    'valid/%s validates without errors',
    (_name, document) => {
      const result = validator.validate(document);
      expect(result.documentType).toBe(documentType);
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );

  it.each(invalid.map((f) => [f.name, f.content] as const))(
    'invalid/%s raises exactly its expected errors',
    (_name, fixture) => {
      expect(typeof fixture.description).toBe('string');
      expect(fixture.expect.length).toBeGreaterThan(0);
      expect(fixture.document.documentType).toBe(documentType);
      const result = validator.validate(fixture.document);
      expect(result.documentType).toBe(documentType);
      expect(result.valid).toBe(false);
      expect(errorKeys(result.issues)).toEqual(expectedKeys(fixture.expect));
    },
  );
});

describe('the fixture set', () => {
  it('describes every invalid fixture in one sentence and expects only known error codes', () => {
    for (const { folder, name, content } of invalidFixtures) {
      const where = `${folder}/invalid/${name}`;
      expect(content.description, where).toMatch(/^\S[^\n]*\.$/);
      expect(Object.keys(content).sort(), where).toEqual(['description', 'document', 'expect']);
      for (const e of content.expect) {
        expect(errorCodes.has(e.code), `${where}: ${e.code}`).toBe(true);
        expect(e.path, where).toMatch(/^(\/[^/]*)+$/);
      }
    }
  });

  it('exercises every business rule that raises errors', () => {
    const used = new Set(invalidFixtures.flatMap((f) => f.content.expect.map((e) => e.code)));
    const missing = Object.entries(ruleIssueCodes)
      .filter(([code, info]) => info.severity === 'error' && !used.has(code))
      .map(([code]) => code);
    expect(missing).toEqual([]);
  });

  it('exercises every schema keyword family the 1.0.0 schemas use', () => {
    const schemaText = readdirSync(join(repositoryRoot, 'schemas', '1.0.0'), {
      recursive: true,
      encoding: 'utf8',
    })
      .filter((file) => file.endsWith('.schema.json'))
      .map((file) => readFileSync(join(repositoryRoot, 'schemas', '1.0.0', file), 'utf8'))
      .join('\n');
    const notReachable = new Set([
      // `const` only pins documentType and schemaVersion, which are what picks the schema.
      'CONST_MISMATCH',
      // Fallback for formats without a dedicated code; every format of 1.0.0 has one.
      'FORMAT_INVALID',
    ]);
    // An `anyOf` miss is reported from the alternative the value's type fits (or as TYPE_MISMATCH when
    // it fits none); only a `oneOf` matched twice is a SCHEMA_MISMATCH.
    if (!schemaText.includes('"oneOf"')) notReachable.add('SCHEMA_MISMATCH');
    // No object of 1.0.0 bounds its member count; a fixture is owed once one does.
    if (!schemaText.includes('"minProperties"')) notReachable.add('TOO_FEW_PROPERTIES');
    if (!schemaText.includes('"maxProperties"')) notReachable.add('TOO_MANY_PROPERTIES');
    const used = new Set(invalidFixtures.flatMap((f) => f.content.expect.map((e) => e.code)));
    const missing = Object.keys(schemaIssueCodes).filter(
      (code) => !notReachable.has(code) && !used.has(code),
    );
    expect(missing).toEqual([]);
  });

  it('shows that warnings alone never make a document invalid', () => {
    const raised = new Set(
      validFixtures.flatMap((f) => validator.validate(f.content).issues.map((i) => i.code)),
    );
    for (const code of warningCodes) expect(raised.has(code), code).toBe(true);
  });
});

describe('GS1 keys in the fixtures', () => {
  it('are realistic: every GTIN, GLN and SSCC of a valid fixture has a correct check digit', () => {
    const keys = validFixtures.flatMap((f) =>
      gs1Keys(f.content).map((k) => ({ ...k, where: `${f.folder}/${f.name}` })),
    );
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys)
      expect(hasValidGs1CheckDigit(key.value), `${key.where}${key.path}: ${key.value}`).toBe(true);
  });

  it('are wrong in an invalid fixture only where it expects GS1_CHECK_DIGIT', () => {
    for (const { folder, name, content } of invalidFixtures) {
      const expected = new Set(content.expect.filter((e) => e.code === 'GS1_CHECK_DIGIT').map((e) => e.path));
      const wrong = gs1Keys(content.document)
        .filter((k) => /^[0-9]+$/.test(k.value) && !hasValidGs1CheckDigit(k.value))
        .map((k) => k.path);
      expect(wrong, `${folder}/invalid/${name}`).toEqual([...expected]);
    }
  });
});

/** What docs/samples/README.md says about each record of a sample feed: its errors, none when valid. */
interface SampleRecord {
  line?: number;
  index: number;
  errors: string[];
}

async function validateSample(file: string, reader: typeof readJson): Promise<SampleRecord[]> {
  const out: SampleRecord[] = [];
  const records = reader(createReadStream(join(samplesRoot, file)), { source: file });
  for await (const result of validateRecords(records, validator)) {
    out.push({
      ...(result.line === undefined ? {} : { line: result.line }),
      index: result.index,
      errors: errorKeys(result.issues),
    });
  }
  return out;
}

describe('bundled sample feeds (docs/samples)', () => {
  it('national-warehouse-snapshot.json is one valid snapshot stock report', async () => {
    const records = await validateSample('national-warehouse-snapshot.json', readJson);
    expect(records.map((r) => r.errors)).toEqual([[]]);
    const document = JSON.parse(readFileSync(join(samplesRoot, 'national-warehouse-snapshot.json'), 'utf8'));
    expect(document.countType).toBe('snapshot');
  });

  it('district-reports.ndjson has the three invalid lines its README lists, and only those', async () => {
    const records = await validateSample('district-reports.ndjson', readNdjson);
    expect(records.length).toBe(12);
    const invalid = records.filter((r) => r.errors.length > 0);
    expect(invalid.map((r) => r.line)).toEqual([4, 7, 10]);
    expect(invalid[0]?.errors).toEqual([
      'STOCK_BALANCE_MISMATCH /listings/0/lines/1/periodTotals/closingBalance',
    ]);
    expect(invalid[1]?.errors).toEqual(['GS1_CHECK_DIGIT /listings/0/lines/0/product/identifier/value']);
    expect(invalid[2]?.errors.map((e) => e.split(' ')[0])).toEqual(['JSON_SYNTAX']);
  });

  it('shipments.json holds five shipments, of which the README lists two as invalid', async () => {
    const records = await validateSample('shipments.json', readJson);
    expect(records.length).toBe(5);
    expect(records.filter((r) => r.errors.length > 0).map((r) => [r.index, r.errors])).toEqual([
      [3, ['ACCEPTANCE_MISMATCH /lines/0/quantityAccepted']],
      [4, ['SHIPMENT_DATE_REQUIRED /dates/actualArrival']],
    ]);
  });
});
