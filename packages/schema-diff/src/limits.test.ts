import { describe, expect, it } from 'vitest';
import { SchemaDiffError } from './codes.js';
import { diffSchemas } from './diff.js';

const side = (schema: unknown, uri = 'file:///s.json') => ({ root: { uri, schema } });
const nest = (depth: number): unknown => {
  let schema: unknown = { type: 'string' };
  for (let i = 0; i < depth; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
};
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof SchemaDiffError ? error.code : `unexpected ${String(error)}`;
  }
};

describe('bounded, cycle-safe diffing of untrusted schemas', () => {
  it('refuses a schema nested deeper than the limit with DIFF_TOO_DEEP', () => {
    expect(codeOf(() => diffSchemas(side(nest(200)), side(nest(200))))).toBe('DIFF_TOO_DEEP');
  });

  it('refuses a schema with more nodes than the limit with DIFF_TOO_LARGE', () => {
    const wide = {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, { type: 'string' }])),
    };
    expect(
      codeOf(() => diffSchemas(side(wide), side(wide), { limits: { maxDepth: 128, maxNodes: 20 } })),
    ).toBe('DIFF_TOO_LARGE');
  });

  it('stops with DIFF_BUDGET_EXCEEDED instead of running away', () => {
    const strings = { anyOf: Array.from({ length: 40 }, (_, i) => ({ type: 'string', maxLength: i + 1 })) };
    const numbers = { anyOf: Array.from({ length: 40 }, (_, i) => ({ type: 'number', minimum: i })) };
    const tight = { compare: { maxSteps: 100, maxDepth: 400 } };
    expect(codeOf(() => diffSchemas(side(strings), side(numbers), tight))).toBe('DIFF_BUDGET_EXCEEDED');
  });

  it('stops with DIFF_BUDGET_EXCEEDED when the comparison runs out of time', () => {
    const types = Array.from({ length: 12 }, (_, i) => `T${i}`);
    const union = () => ({ oneOf: types.map((t) => ({ $ref: `#/$defs/${t}` })) });
    const schema = (idType: string) => ({
      $defs: Object.fromEntries(
        types.map((t, i) => [
          t,
          {
            type: 'object',
            properties: { id: { type: i === 5 ? idType : 'string' }, u: union(), r: union() },
          },
        ]),
      ),
      properties: { p: union() },
    });
    const quick = { compare: { maxSteps: 2_000_000, maxDepth: 400, maxMillis: 1 } };
    expect(codeOf(() => diffSchemas(side(schema('string')), side(schema('number')), quick))).toBe(
      'DIFF_BUDGET_EXCEEDED',
    );
  });

  it('terminates on a schema that refers to itself and on a $ref chain that loops', () => {
    const selfRef = { type: 'object', properties: { child: { $ref: '#' }, name: { type: 'string' } } };
    expect(diffSchemas(side(selfRef), side(selfRef)).changes).toEqual([]);
    const loop = { $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' };
    expect(diffSchemas(side(loop), side({ type: 'string' })).compatibility.forward).toBe(true);
  });

  it('stays polynomial on deeply nested combinations (pairs are compared once)', () => {
    let schema: unknown = { type: 'string' };
    for (let i = 0; i < 30; i++) schema = { anyOf: [schema, { type: 'number', minimum: i }] };
    const started = performance.now();
    expect(diffSchemas(side(schema), side(schema)).changes).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('treats __proto__ and constructor as ordinary property names', () => {
    const before = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"}}}',
    );
    const after = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"number"},"constructor":{"type":"string"}}}',
    );
    const result = diffSchemas(side(before), side(after));
    expect(result.changes.map((c) => [c.rule, c.oldPath])).toEqual([
      ['TYPE_CHANGED', '/properties/__proto__'],
    ]);
    expect(({} as Record<string, unknown>).type).toBeUndefined();
  });

  it('reports a $ref to a schema that is not there with its pointer', () => {
    const error = (() => {
      try {
        diffSchemas(side({ properties: { a: { $ref: 'other.json#/x' } } }), side({}));
      } catch (e) {
        return e as SchemaDiffError;
      }
    })();
    expect(error?.code).toBe('DIFF_REF_UNRESOLVED');
    expect(error?.path).toBe('/properties/a/$ref');
  });

  it('rejects a root that is not a schema', () => {
    expect(codeOf(() => diffSchemas(side(42), side({})))).toBe('DIFF_NOT_A_SCHEMA');
  });
});
