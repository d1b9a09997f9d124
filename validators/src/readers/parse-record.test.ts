import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type ReaderLimits } from './limits.js';
import { parseRecord } from './parse-record.js';

const parse = (text: string, limits: Partial<ReaderLimits> = {}) =>
  parseRecord(Buffer.from(text), { ...DEFAULT_LIMITS, ...limits });
const codes = (text: string, limits: Partial<ReaderLimits> = {}) =>
  parse(text, limits).issues.map((i) => `${i.code} ${i.path}`);

/** `levels` nested containers, alternating objects and arrays, around a scalar. */
function nested(levels: number): string {
  let text = '1';
  for (let i = 0; i < levels; i++) text = i % 2 === 0 ? `{"k":${text}}` : `[0,${text}]`;
  return text;
}

describe('parsing one record: depth', () => {
  it.each([1, 2, 10, 128, 500, 1000])(
    'accepts %i levels when the limit is that depth, and refuses one more',
    (limit) => {
      expect(codes(nested(limit), { maxDepth: limit })).toEqual([]);
      expect(parse(nested(limit), { maxDepth: limit }).value).toBeDefined();
      expect(codes(nested(limit + 1), { maxDepth: limit })).toEqual(['JSON_TOO_DEEP ']);
      expect(parse(nested(limit + 1), { maxDepth: limit }).value).toBeUndefined();
    },
  );

  it('counts a scalar as no level and any object or array as one', () => {
    expect(codes('"text"', { maxDepth: 0 })).toEqual([]);
    expect(codes('{}', { maxDepth: 0 })).toEqual(['JSON_TOO_DEEP ']);
    expect(codes('[]', { maxDepth: 1 })).toEqual([]);
  });

  it('rounds a fractional limit down, as the comparison depth > limit does', () => {
    expect(codes(nested(2), { maxDepth: 2.5 })).toEqual([]);
    expect(codes(nested(3), { maxDepth: 2.5 })).toEqual(['JSON_TOO_DEEP ']);
  });

  it('checks limits too large to recurse into without recursion, and still finds the deep end', () => {
    expect(codes(nested(5000), { maxDepth: 5000 })).toEqual([]);
    expect(codes(nested(5001), { maxDepth: 5000 })).toEqual(['JSON_TOO_DEEP ']);
    expect(codes(nested(20_000), { maxDepth: 1e9 })).toEqual([]);
  });

  it('reports nesting before duplicate members and __proto__', () => {
    const text = `{"a":1,"a":2,"__proto__":${nested(200)}}`;
    expect(codes(text)).toEqual(['JSON_TOO_DEEP ']);
  });
});

describe('parsing one record: member names', () => {
  it.each([
    ['{"__proto__":{}}', '/__proto__'],
    ['{"a":[{"b":{"__proto__":1}}]}', '/a/0/b/__proto__'],
    [`{"x":${nested(100).replace('"k":1', '"__proto__":1')}}`, `/x${'/1/k'.repeat(49)}/1/__proto__`],
    // Escaped, the name is the same once parsed: the check reads the parsed value, not the text.
    ['{"a":{"\\u005f_proto__":true}}', '/a/__proto__'],
  ])('refuses %s at %s', (text, pointer) => {
    const parsed = parse(text);
    expect(parsed.issues.map((i) => [i.code, i.path])).toEqual([['FORBIDDEN_KEY', pointer]]);
    expect(parsed.value).toBeDefined();
  });

  it('lets the text "__proto__" through as a value, and constructor or prototype as names', () => {
    expect(codes('{"note":"__proto__","constructor":1,"prototype":{"x":"\\"__proto__\\""}}')).toEqual([]);
  });

  it('reports a duplicate member before a __proto__ member', () => {
    expect(codes('{"a":1,"a":2,"__proto__":{}}')).toEqual(['DUPLICATE_MEMBER /a']);
  });

  it('counts members right when Object.prototype has been polluted', () => {
    const proto = Object.prototype as Record<string, unknown>;
    Object.defineProperty(proto, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    let clean: string[];
    let duplicate: string[];
    let forbidden: string[];
    try {
      clean = codes('{"a":{"b":1},"c":[{"d":2}]}');
      duplicate = codes('{"a":{"b":1,"b":2}}');
      forbidden = codes('{"a":{"__proto__":2}}');
    } finally {
      delete proto.polluted;
    }
    expect(clean).toEqual([]);
    expect(duplicate).toEqual(['DUPLICATE_MEMBER /a/b']);
    expect(forbidden).toEqual(['FORBIDDEN_KEY /a/__proto__']);
  });
});
