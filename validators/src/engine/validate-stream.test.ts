import { beforeAll, describe, expect, it } from 'vitest';
import { issue } from '../issue.js';
import { readRecordBatches, readRecords } from '../readers/index.js';
import type { RecordRead } from '../readers/record.js';
import {
  type RecordResult,
  validateRecord,
  validateRecordBatches,
  validateRecords,
} from './validate-stream.js';
import { type Validator, createValidator } from './validator.js';

const gln = (value: string) => ({ identifier: { system: 'https://www.gs1.org/gln', value } });

/** A minimal valid shipment; the records below break it in one place each. */
function shipment(): Record<string, unknown> {
  return {
    schemaVersion: '1.0.0',
    documentId: '6f1c2a9e-3b1d-4c55-9a7e-2b4f0d8c1e11',
    documentType: 'Shipment',
    documentStatus: 'original',
    confidentiality: 'restricted',
    createdAt: '2026-03-04T09:00:00+03:00',
    sender: gln('0614141000005'),
    identifiers: [{ system: 'urn:example:asn', value: 'ASN-2026-0042' }],
    status: 'planned',
    shipper: gln('0614141000005'),
    receiver: gln('0614141000012'),
    shipFrom: gln('0614141000029'),
    shipTo: gln('0614141000036'),
    lines: [
      {
        product: { identifier: { system: 'https://www.gs1.org/gtin', value: '00614141000418' } },
        quantityShipped: { value: 4, unit: '{dose}' },
      },
    ],
  };
}

/** Records as readers make them: valid, schema-invalid, unselectable, unreadable, with a reader warning, located. */
function records(): RecordRead[] {
  const badDigit = shipment();
  badDigit.shipper = gln('0614141000006');
  const warned = shipment();
  return [
    { source: 'feed.ndjson', line: 1, index: 0, value: shipment(), issues: [] },
    { source: 'feed.ndjson', line: 2, index: 1, value: badDigit, issues: [] },
    { source: 'feed.ndjson', line: 3, index: 2, value: { documentType: 'Nope' }, issues: [] },
    {
      source: 'feed.ndjson',
      line: 4,
      index: 3,
      issues: [issue('error', 'JSON_SYNTAX', '', 'unexpected end of input')],
    },
    {
      source: 'feed.ndjson',
      line: 5,
      index: 4,
      value: warned,
      issues: [issue('warning', 'DUPLICATE_KEY', '/status', 'status appears twice')],
    },
    {
      source: 'feed.csv',
      index: 5,
      value: badDigit,
      issues: [],
      locate: () => ({ line: 7, column: 3 }),
    },
    { source: 'feed.csv', index: 6, value: shipment(), issues: [], locate: () => ({ line: 8 }) },
  ];
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

let validator: Validator;
beforeAll(async () => {
  validator = await createValidator({ preload: false });
});

async function batchResults(using: Validator): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for await (const batch of validateRecordBatches(once(records()), using)) results.push(...batch);
  return results;
}

describe('validating streams of records', () => {
  it('gives the verdict of validate() for every record, with reader issues first and cells located', async () => {
    const results = await batchResults(validator);
    const input = records();
    expect(results.map((r) => [r.index, r.documentType, r.valid])).toEqual([
      [0, 'Shipment', true],
      [1, 'Shipment', false],
      [2, null, false],
      [3, null, false],
      [4, 'Shipment', true],
      [5, 'Shipment', false],
      [6, 'Shipment', true],
    ]);
    for (const i of [0, 1, 2]) expect(results[i]!.issues).toEqual(validator.validate(input[i]!.value).issues);
    expect(results[3]!.issues.map((i) => i.code)).toEqual(['JSON_SYNTAX']);
    expect(results[4]!.issues.map((i) => i.code)).toEqual(['DUPLICATE_KEY']);
    expect(results[1]!.issues.map((i) => `${i.code} ${i.path}`)).toContain(
      'GS1_CHECK_DIGIT /shipper/identifier/value',
    );
    expect(results[5]!.issues.every((i) => i.message.endsWith('(line 7, column 3)'))).toBe(true);
    expect(results[6]!.issues).toEqual([]);
    expect(results[6]).not.toHaveProperty('line');
  });

  it('selects the schema of a record once: to load it and to validate with it', async () => {
    // Counts reads of `documentType`, which every selection makes: the stream must read it exactly as
    // often as validate() alone does, so it cannot have selected a second time.
    let reads = 0;
    const counted = () => {
      const document = shipment();
      Object.defineProperty(document, 'documentType', {
        enumerable: true,
        get: () => {
          reads++;
          return 'Shipment';
        },
      });
      return document;
    };
    await validator.prepare('Shipment', '1.0.0');
    validator.validate(counted());
    const byValidate = reads;
    reads = 0;
    const record: RecordRead = { source: '-', index: 0, value: counted(), issues: [] };
    for await (const batch of validateRecordBatches(once([record]), validator)) {
      expect(batch[0]!.valid).toBe(true);
    }
    expect(byValidate).toBeGreaterThan(0);
    expect(reads).toBe(byValidate);
  });

  it('gives the same results through a validator it did not create (public API only)', async () => {
    const wrapper: Validator = {
      versions: () => validator.versions(),
      documentTypes: (version) => validator.documentTypes(version),
      select: (document, choice) => validator.select(document, choice),
      prepare: (type, version) => validator.prepare(type, version),
      validate: (document, choice) => validator.validate(document, choice),
      validateAsync: (document, choice) => validator.validateAsync(document, choice),
    };
    expect(await batchResults(wrapper)).toEqual(await batchResults(validator));
  });

  it('gives the same results one record at a time as in batches', async () => {
    const expected = await batchResults(validator);
    const streamed: RecordResult[] = [];
    for await (const result of validateRecords(
      (async function* () {
        yield* records();
      })(),
      validator,
    ))
      streamed.push(result);
    expect(streamed).toEqual(expected);
    const single = await Promise.all(records().map((record) => validateRecord(record, validator)));
    expect(single).toEqual(expected);
  });
});

/** An NDJSON feed with every kind of line: valid, invalid, unreadable, duplicate, blank, CRLF, BOM. */
function feedText(): string {
  const valid = JSON.stringify(shipment());
  const bad = shipment();
  bad.shipper = gln('0614141000006');
  return [
    `\uFEFF${valid}`,
    JSON.stringify(bad),
    '',
    '{"documentType":"Shipment","documentType":"StockReport"}',
    '{"a":',
    '{"\\u005f_proto__":{}}',
    `${valid}\r`,
    '   ',
    `${'['.repeat(130)}1${']'.repeat(130)}`,
    JSON.stringify({ documentType: 'Nope' }),
    valid,
  ].join('\n');
}

/** The feed in chunks of `size` bytes, so records straddle chunk ends. */
async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The same batches through another generator: what a caller's own pipeline would hand over. */
async function* passThrough<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  yield* batches;
}

describe('validating what the NDJSON reader reads from a hostile feed', () => {
  const read = (size: number) => readRecordBatches(chunks(feedText(), size), { source: 'feed.ndjson' });
  const collect = async (batches: AsyncIterable<RecordResult[]>) => {
    const results: RecordResult[] = [];
    for await (const batch of batches) results.push(...batch);
    return results;
  };

  it.each([7, 100, 1 << 20])(
    'gives every record its verdict, however the input is chunked (%i bytes), through any pipeline',
    async (size) => {
      const taken = await collect(validateRecordBatches(read(size), validator));
      const parsed = await collect(validateRecordBatches(passThrough(read(size)), validator));
      expect(taken).toEqual(parsed);
      expect(taken.map((r) => `${r.line} ${r.valid} ${r.issues.map((i) => i.code).join(',')}`)).toEqual([
        '1 true ',
        '2 false GS1_CHECK_DIGIT',
        '4 false DUPLICATE_MEMBER',
        '5 false JSON_SYNTAX',
        '6 false FORBIDDEN_KEY',
        '7 true ',
        '9 false JSON_TOO_DEEP',
        '10 false DOCUMENT_TYPE_UNKNOWN',
        '11 true ',
      ]);
    },
  );

  it('gives the same records one at a time through readRecords', async () => {
    const one: RecordRead[] = [];
    for await (const record of readRecords(chunks(feedText(), 100), { source: 'feed.ndjson' }))
      one.push(record);
    const batched: RecordRead[] = [];
    for await (const batch of passThrough(read(100))) batched.push(...batch);
    expect(one).toEqual(batched);
    expect(one).toHaveLength(9);
  });
});
