/**
 * The fast checker generator (validators/scripts/fast-checker.mjs), keyword by keyword: it refuses at
 * generation time what it cannot check exactly as Ajv does, and on small schemas exercising each
 * keyword it gives Ajv's verdict on arbitrary JSON values and on the corner cases where Ajv's
 * semantics are easy to get wrong (code-point lengths, `u` patterns, strict numbers, uniqueItems).
 */
import { formats } from '@medsupply/validators';
import { Ajv2020 } from 'ajv/dist/2020.js';
import equalModule from 'ajv/dist/runtime/equal.js';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a build script without type declarations
import { UnsupportedSchemaError, generateChecker } from '../../validators/scripts/fast-checker.mjs';

const BASE = 'https://example.org/test.schema.json';

/** Generates the checker for one schema and evaluates it with the same formats and runtime Ajv uses. */
function fastCheck(schema: object, extra: object[] = []): (data: unknown) => boolean {
  const schemas = new Map<string, object>([[BASE, { $id: BASE, ...schema }]]);
  for (const s of extra) schemas.set((s as { $id: string }).$id, s);
  const { code } = generateChecker({
    schemas,
    roots: { check: BASE },
    formats: Object.keys(formats),
    formatsImport: 'unused',
  });
  const body = (code as string)
    .split('\n')
    .filter((line) => !line.startsWith('import '))
    .join('\n')
    .replace(/^export const check = /m, 'return ');
  return new Function('formats', 'ucs2lengthModule', 'equalModule', body)(
    formats,
    ucs2lengthModule,
    equalModule,
  );
}

function ajvCheck(schema: object, extra: object[] = []): (data: unknown) => boolean {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    strictTypes: false,
    allowUnionTypes: true,
    formats,
  });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  for (const s of extra) ajv.addSchema(s);
  return ajv.compile({ $id: BASE, ...schema }) as (data: unknown) => boolean;
}

const SCHEMAS: Record<string, object> = {
  strings: {
    type: 'object',
    properties: {
      short: { type: 'string', minLength: 2, maxLength: 4 },
      one: { type: 'string', minLength: 1 },
      code: { type: 'string', pattern: '^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$' },
      any: { type: 'string', pattern: '^.{1,3}$' },
      notSpace: { type: 'string', pattern: '^[^ ]{2}$' },
      date: { type: 'string', format: 'date' },
      either: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
    },
  },
  numbers: {
    type: 'object',
    properties: {
      lat: { type: 'number', minimum: -90, maximum: 90 },
      count: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 },
      loose: { minimum: 1 },
    },
  },
  arrays: {
    type: 'object',
    properties: {
      codes: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 1, maxItems: 3 },
      numbers: { type: 'array', items: { type: 'number' }, uniqueItems: true },
      things: { type: 'array', items: { $ref: '#/$defs/thing' }, uniqueItems: true },
      bare: { uniqueItems: true, maxItems: 2 },
    },
    $defs: { thing: { type: 'object', properties: { a: { type: 'integer' } } } },
  },
  objects: {
    type: 'object',
    allOf: [{ $ref: 'envelope.schema.json' }],
    required: ['kind'],
    properties: {
      kind: { enum: ['a', 'b', 1, null, true] },
      fixed: { const: 'x' },
      names: {
        type: 'object',
        propertyNames: { pattern: '^[a-z]+$', maxLength: 5 },
        additionalProperties: { type: 'integer' },
        maxProperties: 2,
        minProperties: 1,
      },
      closed: { type: 'object', properties: { a: true }, additionalProperties: false },
    },
    unevaluatedProperties: false,
  },
  conditionals: {
    type: 'object',
    properties: {
      place: {
        type: 'object',
        if: { required: ['identifier'] },
        // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword
        then: { properties: { identifier: { type: 'string' } }, additionalProperties: false },
        else: { required: ['name'], properties: { name: { type: 'string' } } },
      },
      one: { oneOf: [{ type: 'integer' }, { minimum: 0 }] },
      not: { not: { type: 'string' } },
      several: { type: ['string', 'null'], maxLength: 3 },
      recursive: { $ref: '#/$defs/tree' },
    },
    $defs: {
      tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/tree' } } } },
    },
  },
};
const ENVELOPE = {
  $id: 'https://example.org/envelope.schema.json',
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, extra: true },
};

const CORNERS: unknown[] = [
  { short: '\u{1F600}\u{1F600}' },
  { short: '\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}' },
  { short: 'a\u{1F600}\u{1F600}b' },
  { one: '\ud800' },
  { one: '' },
  { any: '\u{1F600}\u{1F600}\u{1F600}' },
  { any: '\u{1F600}\u{1F600}' },
  { notSpace: '\u{1F600}' },
  { notSpace: '\ud800\ud800' },
  { code: 'KE-30' },
  { code: 'KE-300X' },
  { date: '2024-02-30' },
  { either: '2024-01-01T10:00:00Z' },
  { either: '2024-01-01 10:00:00Z' },
  { lat: 90.0001 },
  { lat: -90 },
  { count: 10 },
  { count: 1.5 },
  { count: 1.0 },
  { loose: 0 },
  { loose: 'zero' },
  { codes: ['__proto__', '__proto__'] },
  { codes: ['constructor', 'constructor'] },
  { codes: ['a', 'a'] },
  { codes: [] },
  { numbers: [1, 1.0] },
  { numbers: [0, -0] },
  { things: [{ a: 1 }, { a: 1 }] },
  { things: [{ a: 1 }, { a: 2 }] },
  { bare: [[1], [1]] },
  { bare: 'not an array' },
  { kind: 'a', id: '6f9619ff-8b86-d011-b42d-00cf4fc964ff' },
  { kind: 'a', other: 1 },
  { kind: 1, extra: [] },
  { kind: 'c' },
  { kind: 'a', names: { abc: 1, toolong: 2 } },
  { kind: 'a', names: { abc: 1, de: 2, fg: 3 } },
  { kind: 'a', names: {} },
  { kind: 'a', closed: { a: 1, b: 2 } },
  { place: { identifier: 'x' } },
  { place: { identifier: 'x', name: 'y' } },
  { place: { name: 'y', other: 1 } },
  { place: {} },
  { one: 1 },
  { one: -1 },
  { one: 1.5 },
  { not: 'x' },
  { several: null },
  { several: 'abcd' },
  { recursive: { children: [{ children: [{ children: 'x' }] }] } },
];

describe('the fast checker generator', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`gives Ajv's verdict for the ${name} keywords on corner cases and arbitrary JSON`, () => {
      const fast = fastCheck(schema, [ENVELOPE]);
      const ajv = ajvCheck(schema, [ENVELOPE]);
      for (const value of CORNERS) expect(fast(value), JSON.stringify(value)).toBe(ajv(value));
      const member = fc.constantFrom(
        ...Object.keys((schema as { properties: object }).properties),
        'id',
        'x',
      );
      fc.assert(
        fc.property(fc.dictionary(member, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), (value) => {
          expect(fast(value)).toBe(ajv(value));
        }),
        { numRuns: 2000 },
      );
    });
  }

  const refused: Array<[string, object, RegExp]> = [
    ['an unknown keyword', { type: 'object', patternProperties: { '^x': true } }, /patternProperties/],
    ['multipleOf', { properties: { n: { multipleOf: 2 } } }, /multipleOf/],
    ['prefixItems', { prefixItems: [true] }, /prefixItems/],
    ['contains', { contains: { type: 'string' } }, /contains/],
    ['dependentRequired', { dependentRequired: { a: ['b'] } }, /dependentRequired/],
    ['$dynamicRef', { $dynamicRef: '#meta' }, /\$dynamicRef/],
    ['a $ref to an anchor', { $ref: '#thing', $defs: { t: { $anchor: 'thing' } } }, /anchor/],
    ['an unknown format', { format: 'email' }, /unknown format email/],
    ['an enum of objects', { enum: [{ a: 1 }] }, /enum/],
    [
      'unevaluatedProperties over conditional members',
      // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword
      { if: { required: ['a'] }, then: { properties: { a: true } }, unevaluatedProperties: false },
      /conditionally/,
    ],
    ['a $ref to an unknown schema', { $ref: 'missing.schema.json' }, /unknown/],
  ];
  for (const [what, schema, message] of refused) {
    it(`refuses ${what} at generation time, naming where`, () => {
      let error: unknown;
      try {
        fastCheck(schema);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnsupportedSchemaError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(BASE);
    });
  }
});
