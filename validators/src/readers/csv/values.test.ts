import { describe, expect, it } from 'vitest';
import { booleanCell, listCell, marketScopeCell, numberCell } from './values.js';

describe('numberCell', () => {
  it('reads JSON numbers', () => {
    expect(numberCell('0')).toBe(0);
    expect(numberCell('120')).toBe(120);
    expect(numberCell('-5')).toBe(-5);
    expect(numberCell('2.5')).toBe(2.5);
    expect(numberCell('1e3')).toBe(1000);
  });

  it('keeps anything else as written, for the schema to report at the member', () => {
    for (const cell of [
      'abc',
      '1,5',
      ' 12',
      '12 ',
      '+3',
      '007',
      '.5',
      '5.',
      '0x10',
      'NaN',
      'Infinity',
      '1e999',
      '1_000',
      '١٢',
    ]) {
      expect(numberCell(cell)).toBe(cell);
    }
  });
});

describe('booleanCell', () => {
  it('reads true and false only', () => {
    expect(booleanCell('true')).toBe(true);
    expect(booleanCell('false')).toBe(false);
    expect(booleanCell('TRUE')).toBe('TRUE');
    expect(booleanCell('1')).toBe('1');
  });
});

describe('listCell and marketScopeCell', () => {
  it('splits on | and keeps empty items for the schema to report', () => {
    expect(listCell('US|CA')).toEqual(['US', 'CA']);
    expect(listCell('US||CA')).toEqual(['US', '', 'CA']);
    expect(listCell('US')).toEqual(['US']);
  });

  it('reads a market scope keyword as a string and countries as a list', () => {
    expect(marketScopeCell('domestic')).toBe('domestic');
    expect(marketScopeCell('all')).toBe('all');
    expect(marketScopeCell('US')).toEqual(['US']);
    expect(marketScopeCell('US|MX')).toEqual(['US', 'MX']);
  });
});
