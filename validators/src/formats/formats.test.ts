import countries from 'i18n-iso-countries/index.js';
import { describe, expect, it, vi } from 'vitest';
import {
  formats,
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  isCountryAlpha2,
  isNdc,
  isSubdivisionCode,
  isUcumUnit,
  toNdc11,
} from './index.js';

describe('GS1 mod-10 check digit', () => {
  it.each([
    ['0614141000005', true], // GLN from the GS1 General Specifications examples
    ['00614141000418', true], // GTIN-14
    ['4006381333931', true], // GTIN-13
    ['96385074', true], // GTIN-8
    ['036000291452', true], // GTIN-12 (UPC-A)
    ['106141411234567897', true], // SSCC
    ['0614141000006', false],
    ['4006381333932', false],
    ['40063813339a1', false],
    ['', false],
  ])('%s → %s', (key, expected) => {
    expect(hasValidGs1CheckDigit(key)).toBe(expected);
  });

  it('computes the digit that completes a key', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1);
    expect(gs1CheckDigit('061414100000')).toBe(5);
  });
});

describe('NDC', () => {
  it.each([
    '0002-1433-80',
    '50090-3470-1',
    '12345-6789-01',
    '12345678901',
    '123456-7890-12',
    '123456789012',
    '0002-1433',
    '50090-347',
  ])('accepts %s', (ndc) => expect(isNdc(ndc)).toBe(true));
  it.each(['0002143380', '1234-56789-0', '12-3456-7890', '0002-1433-8a', '', '1234567890123'])(
    'rejects %s',
    (ndc) => expect(isNdc(ndc)).toBe(false),
  );
  it('normalises package NDCs to the 11-digit HIPAA form', () => {
    expect(toNdc11('0002-1433-80')).toBe('00002143380');
    expect(toNdc11('50090-3470-1')).toBe('50090347001');
    expect(toNdc11('12345-678-90')).toBe('12345067890');
    expect(toNdc11('0002-1433')).toBeUndefined();
  });
});

describe('ISO 3166', () => {
  it('knows assigned alpha-2 codes only', () => {
    expect(isCountryAlpha2('KE')).toBe(true);
    expect(isCountryAlpha2('DE')).toBe(true);
    expect(isCountryAlpha2('ZZ')).toBe(false);
    expect(isCountryAlpha2('EU')).toBe(false);
    expect(isCountryAlpha2('ke')).toBe(false);
  });
  it("gives the package's own verdict on every two-letter code and on near misses", () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const candidates = ['', 'K', 'KEN', 'ke', 'Ke', '404', 'KE ', ' KE', 'K1', 'É', '\u212AE'];
    for (const a of letters) for (const b of letters) candidates.push(a + b);
    let assigned = 0;
    for (const code of candidates) {
      const expected = /^[A-Z]{2}$/.test(code) && countries.isValid(code);
      expect(isCountryAlpha2(code), code).toBe(expected);
      if (expected) assigned++;
    }
    expect(assigned).toBeGreaterThan(240);
  });
  it('checks the country part of subdivisions', () => {
    expect(isSubdivisionCode('KE-30')).toBe(true);
    expect(isSubdivisionCode('US-CA')).toBe(true);
    expect(isSubdivisionCode('ZZ-01')).toBe(false);
    expect(isSubdivisionCode('KE30')).toBe(false);
  });
  it('accepts EU as a jurisdiction but not as a country', () => {
    expect(formats.jurisdiction!('EU')).toBe(true);
    expect(formats['iso3166-1-alpha2']!('EU')).toBe(false);
    expect(formats.jurisdiction!('KE-17')).toBe(true);
    expect(formats.jurisdiction!('ZZ')).toBe(false);
    expect(formats.jurisdiction!('ZZ-01')).toBe(false);
  });
});

describe('UCUM', () => {
  it.each(['mg', 'kg', 'mL', '1', '{pack}', '{dose}', 'mg/mL', '10*3{tablet}', '[IU]'])(
    'accepts %s',
    (unit) => expect(isUcumUnit(unit)).toBe(true),
  );
  it.each(['foo', '{pack', 'milligram', '', 'mg//mL', 'k g', ' kg', 'mg\t', '((kg', '{'])(
    'rejects %j',
    (unit) => expect(isUcumUnit(unit)).toBe(false),
  );
  it('prints nothing on the console or stdout, even for units the library cannot parse', () => {
    const log = vi.spyOn(console, 'log');
    const write = vi.spyOn(process.stdout, 'write');
    try {
      for (const unit of ['m g', 'k\u00a0g', '((kg', 'kg{', 'x y z']) isUcumUnit(unit);
      expect(log).not.toHaveBeenCalled();
      expect(write).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
  });
});

describe('calendar dates', () => {
  it('rejects impossible dates and date-times without offsets', () => {
    expect(formats.date!('2024-02-29')).toBe(true);
    expect(formats.date!('2025-02-29')).toBe(false);
    expect(formats.date!('2025-04-31')).toBe(false);
    expect(formats['date-time']!('2025-04-30T10:00:00Z')).toBe(true);
    expect(formats['date-time']!('2025-04-30T10:00:00+03:00')).toBe(true);
    expect(formats['date-time']!('2025-04-30T10:00:00')).toBe(false);
    expect(formats['date-time']!('2025-04-30T24:00:00Z')).toBe(false);
    expect(formats['date-time']!('2025-04-30 10:00:00Z')).toBe(false);
  });
});
