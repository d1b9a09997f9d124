/** Duplicate member names, property-tested: found wherever they are, never invented. */
import { DEFAULT_LIMITS, parseRecord } from '@medsupply/validators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntaxErrorOffset } from '../../validators/src/readers/syntax-error.js';

const parse = (text: string) => parseRecord(Buffer.from(text), DEFAULT_LIMITS);

describe('duplicate member names (property)', () => {
  it('finds a duplicate wherever JSON.stringify can put one, and never flags a unique object', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, name) => {
        const unique = JSON.stringify({ wrap: value });
        expect(parse(unique).issues.map((i) => i.code)).not.toContain('DUPLICATE_MEMBER');
        const doubled = `{"wrap":${JSON.stringify(value)},${JSON.stringify(name)}:1,${JSON.stringify(name)}:2}`;
        const found = parse(doubled).issues.find((i) => i.code === 'DUPLICATE_MEMBER');
        expect(found?.path).toBe(`/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('syntax error offsets (property)', () => {
  it('agree with JSON.parse on what is well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let wellFormed = true;
        try {
          JSON.parse(text);
        } catch {
          wellFormed = false;
        }
        const offset = syntaxErrorOffset(text);
        if (wellFormed) expect(offset).toBeUndefined();
        else expect(offset).toBeTypeOf('number');
      }),
      { numRuns: 500 },
    );
  });
});
