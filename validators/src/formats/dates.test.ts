import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/prng.js';
import { dateTimeChecker, isFullDate } from './dates.js';
import { formats } from './index.js';

// The reference verdicts: ajv-formats' own functions, with the `T` RFC 3339 requires.
const ajvDate = (fullFormats.date as { validate: (s: string) => boolean }).validate;
const ajvDateTime = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
const referenceDateTime = (s: string) =>
  (s.charCodeAt(10) === 0x54 || s.charCodeAt(10) === 0x74) && ajvDateTime(s);

const SEEDS = [
  '2026-02-28',
  '2024-02-29',
  '1900-02-29',
  '2000-02-29',
  '2026-12-31T23:59:59Z',
  '2026-06-30T23:59:60Z',
  '2026-01-01T00:00:00.123456+05:30',
  '2026-01-01T00:00:00-0800',
  '2026-01-01t00:00:00z',
  '2026-01-01 00:00:00Z',
  '2026-01-01T00:00:00+01',
  '2026-01-01T12:00:00.Z',
  '2026-01-01T24:00:00Z',
];
const ALPHABET = '0123456789-:.TtZz+ \n\u00a0x';

/** Valid and nearly valid dates: each seed with a few characters replaced, inserted or deleted. */
function mutations(count: number): string[] {
  const next = seededRandom(2026);
  const out: string[] = [...SEEDS];
  while (out.length < count) {
    let s = SEEDS[Math.floor(next() * SEEDS.length)]!;
    const edits = Math.floor(next() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * (s.length + 1));
      const c = ALPHABET[Math.floor(next() * ALPHABET.length)]!;
      const kind = next();
      s =
        kind < 0.5
          ? s.slice(0, at) + c + s.slice(at + 1)
          : kind < 0.8
            ? s.slice(0, at) + c + s.slice(at)
            : s.slice(0, at) + s.slice(at + 1);
    }
    out.push(s);
  }
  return out;
}

describe('date formats checked by hand', () => {
  const cases = mutations(60_000);

  it('accept exactly the full-dates ajv-formats accepts', () => {
    const differ = cases.filter((s) => isFullDate(s) !== ajvDate(s));
    expect(differ).toEqual([]);
    expect(cases.filter(isFullDate).length).toBeGreaterThan(1000);
  });

  it('accept exactly the date-times ajv-formats accepts with a T', () => {
    const differ = cases.filter((s) => formats['date-time']!(s) !== referenceDateTime(s));
    expect(differ).toEqual([]);
    expect(cases.filter((s) => formats['date-time']!(s)).length).toBeGreaterThan(1000);
  });

  it('decide common date-times without the reference check, and hand it the rest', () => {
    const asked: string[] = [];
    const check = dateTimeChecker((s) => {
      asked.push(s);
      return referenceDateTime(s);
    });
    expect(check('2026-01-01T10:00:00Z')).toBe(true);
    expect(check('2026-01-01T10:00:00.5+01:00')).toBe(true);
    expect(check('2026-02-30T10:00:00Z')).toBe(false);
    expect(check('2026-01-01')).toBe(false);
    expect(asked).toEqual([]);
    // A leap second is valid only at 23:59 UTC: the reference decides.
    expect(check('2026-06-30T23:59:60Z')).toBe(true);
    expect(check('2026-06-30T12:59:60Z')).toBe(false);
    expect(asked).toEqual(['2026-06-30T23:59:60Z', '2026-06-30T12:59:60Z']);
  });

  it('know the leap years of the Gregorian calendar', () => {
    expect(isFullDate('2024-02-29')).toBe(true);
    expect(isFullDate('2000-02-29')).toBe(true);
    expect(isFullDate('1900-02-29')).toBe(false);
    expect(isFullDate('2026-02-29')).toBe(false);
    expect(isFullDate('2026-04-31')).toBe(false);
  });
});
