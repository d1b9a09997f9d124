/**
 * Hostile input for the GS1 barcode readers: random and near-valid element strings, scan data and
 * Digital Link URIs never crash or hang, results keep their invariants, and the worst inputs we
 * can think of stay fast (no backtracking, no quadratic scans).
 */
import { type Gs1InputSyntax, buildElementString, parseGs1 } from '@medsupply/gs1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const SYNTAXES: Gs1InputSyntax[] = ['auto', 'data', 'bracketed', 'unbracketed', 'scan', 'digitalLink'];

/** Checks what must hold for any result. */
function checkInvariants(input: string, syntax: Gs1InputSyntax): void {
  const result = parseGs1(input, { syntax, permitUnknownAis: input.length % 2 === 0 });
  expect(typeof result.valid).toBe('boolean');
  const errors = result.issues.filter((i) => i.severity === 'error');
  expect(result.valid).toBe(errors.length === 0);
  if (!result.valid) expect(result.ais).toEqual([]);
  for (const i of result.issues) {
    const position = i.params?.position;
    if (position !== undefined) {
      expect(Number.isInteger(position)).toBe(true);
      expect(position as number).toBeGreaterThanOrEqual(0);
      expect(position as number).toBeLessThanOrEqual(Math.max(input.length, 8191));
    }
  }
  if (result.valid && result.ais.length > 0) {
    // What was read can be written back and read again to the same AIs.
    const rebuilt = buildElementString(result.ais, { permitUnknownAis: true });
    expect(rebuilt.valid).toBe(true);
    expect(parseGs1(rebuilt.value!, { permitUnknownAis: true }).ais).toEqual(result.ais);
    if (result.digitalLink !== undefined) {
      const fromUri = parseGs1(result.digitalLink)
        .ais.map((a) => `${a.ai}=${a.value}`)
        .sort();
      const unique = [...new Set(result.ais.map((a) => `${a.ai}=${a.value}`))].sort();
      expect(fromUri).toEqual(unique);
    }
  }
}

const aiDigits = fc.constantFrom(
  '00',
  '01',
  '02',
  '10',
  '11',
  '17',
  '21',
  '22',
  '235',
  '242',
  '253',
  '3103',
  '392',
  '414',
  '7003',
  '8003',
  '8013',
  '8030',
  '99',
  '89',
);
const valueChars = fc.constantFrom(...'0123456789ABCxyz-/()\\^%+&=?#|\u001d ~'.split(''));
const value = fc.array(valueChars, { maxLength: 24 }).map((cs) => cs.join(''));

/** Near-valid bracketed strings: (AI)value pairs with noise. */
const bracketed = fc
  .array(fc.tuple(aiDigits, value), { maxLength: 6 })
  .map((pairs) => pairs.map(([a, v]) => `(${a})${v}`).join(''));

/** Near-valid FNC1 data: AI + value chunks separated by ^ or GS. */
const fnc1 = fc
  .tuple(
    fc.constantFrom('^', ']d2', ']Q3', ']C1', ']e0', ']E0', ']d1', ''),
    fc.array(fc.tuple(aiDigits, value, fc.constantFrom('', '^', '\u001d')), { maxLength: 6 }),
  )
  .map(([prefix, parts]) => prefix + parts.map(([a, v, sep]) => a + v + sep).join(''));

/** Near-valid Digital Link URIs. */
const uri = fc
  .tuple(
    fc.constantFrom('https://', 'http://', 'HTTPS://', 'HtTp://', 'ftp://', ''),
    fc.constantFrom('id.gs1.org', 'a', 'a:80', '[::1]', '$a', ''),
    fc.array(fc.oneof(aiDigits, value, fc.constantFrom('01', '09506000134352', '%2F', '%00', '')), {
      maxLength: 8,
    }),
    fc.array(fc.tuple(fc.oneof(aiDigits, value), value), { maxLength: 4 }),
    fc.constantFrom('', '#f', '#', '?'),
  )
  .map(([scheme, host, path, query, tail]) => {
    const q = query.length === 0 ? '' : `?${query.map(([k, v]) => `${k}=${v}`).join('&')}`;
    return `${scheme}${host}/${path.join('/')}${q}${tail}`;
  });

describe('GS1 readers under fuzzing', () => {
  it('never throw on arbitrary text, in any syntax', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom(...SYNTAXES),
        (input, syntax) => {
          checkInvariants(input, syntax);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('keep their invariants on near-valid element strings and scan data', () => {
    fc.assert(
      fc.property(fc.oneof(bracketed, fnc1), fc.constantFrom(...SYNTAXES), (input, syntax) => {
        checkInvariants(input, syntax);
      }),
      { numRuns: 3000 },
    );
  });

  it('keep their invariants on near-valid Digital Link URIs', () => {
    fc.assert(
      fc.property(uri, (input) => {
        checkInvariants(input, 'auto');
        checkInvariants(input, 'digitalLink');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('GS1 readers on worst-case input', () => {
  const max = 8191;
  const worst: Record<string, string> = {
    'open brackets': '('.repeat(max),
    'escaped brackets': `(99)${'\\('.repeat((max - 4) / 2)}`,
    'AIs without values': '(99)'.repeat(max / 4),
    'fixed-length AIs without FNC1': `^${'0109506000134352'.repeat(max / 16 - 1)}`,
    'FNC1 only': '^'.repeat(max),
    'long value': `^99${'A'.repeat(max - 3)}`,
    'path slashes': `https://a${'/'.repeat(max - 9)}`,
    'path of qualifiers': `https://a/01/09506000134352${'/10/A'.repeat((max - 27) / 5)}`,
    'query separators': `https://a/01/09506000134352?${'a&'.repeat((max - 29) / 2)}`,
    'query equals': `https://a/01/09506000134352?${'99=&'.repeat((max - 29) / 4)}`,
    'percent signs': `https://a/01/${'%'.repeat(max - 13)}`,
    'scan GS': `]d2${'\u001d'.repeat(max - 3)}`,
    'composite bars': `^99A|${'|'.repeat(max - 5)}`,
  };

  it.each(Object.entries(worst))('stays fast on %s', (_name, input) => {
    expect(input.length).toBeLessThanOrEqual(max);
    const started = performance.now();
    for (let i = 0; i < 5; i++) for (const syntax of SYNTAXES) parseGs1(input, { syntax });
    const perParse = (performance.now() - started) / (5 * SYNTAXES.length);
    expect(perParse).toBeLessThan(50);
  });

  it('refuses input over the limit before reading it', () => {
    const started = performance.now();
    const result = parseGs1('('.repeat(10_000_000));
    expect(result.issues[0]?.code).toBe('GS1_INPUT_TOO_LONG');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('ignores inherited property names', () => {
    for (const input of [
      '(__proto__)1',
      ']__proto__',
      'https://a/01/09506000134352?__proto__=1&constructor=2',
    ]) {
      expect(() => parseGs1(input)).not.toThrow();
    }
    expect(parseGs1('https://a/01/09506000134352?__proto__=1').valid).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
