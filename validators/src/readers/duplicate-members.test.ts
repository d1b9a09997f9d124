import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits.js';
import { parseRecord } from './parse-record.js';

const parse = (text: string) => parseRecord(Buffer.from(text), DEFAULT_LIMITS);

describe('duplicate member names', () => {
  it.each([
    ['{"documentType":"StockReport","documentType":"Shipment"}', '/documentType'],
    ['{"a":{"b":[{"x":1},{"y":1,"y":2}]}}', '/a/b/1/y'],
    ['{"a" : 1, "a" :2}', '/a'], // white space before the colon
    ['{\n  "a": 1,\n  "b": {"c/d~e": 1, "c/d~e": 2}\n}', '/b/c~1d~0e'],
    ['[{"k":1},{"k":1,"k":1}]', '/1/k'],
    ['{"x":"\\":","\\u0061":1,"a":2}', '/a'], // the same name written two ways; `":` inside a value
  ])('rejects %s at %s', (text, pointer) => {
    const parsed = parse(text);
    expect(parsed.value).toBeUndefined();
    expect(parsed.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'DUPLICATE_MEMBER', path: pointer }),
    ]);
  });

  it.each([
    '{"a":1,"b":{"a":1},"c":[{"a":1},{"a":1}]}', // same name in different objects
    '{"a":"x\\":y","b":"\\":"}', // `":` inside values
    '{"a" : 1, "b" :2}',
    '[]',
  ])('accepts %s', (text) => {
    expect(parse(text).issues).toEqual([]);
  });
});
