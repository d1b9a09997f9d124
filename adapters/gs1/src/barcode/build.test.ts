import { describe, expect, it } from 'vitest';
import { aiTable, lookupAi } from './ai-table.js';
import { buildDigitalLinkUri, buildElementString } from './build.js';
import { parseGs1 } from './parse.js';

const ais = [
  { ai: '01', value: '09506000134352' },
  { ai: '10', value: 'AB(1' },
  { ai: '17', value: '261231' },
  { ai: '21', value: 'S1' },
];

describe('buildElementString', () => {
  it('writes bracketed text with "(" escaped', () => {
    expect(buildElementString(ais).value).toBe('(01)09506000134352(10)AB\\(1(17)261231(21)S1');
  });

  it('writes FNC1 only after variable-length values that another AI follows', () => {
    expect(buildElementString(ais, { style: 'fnc1' }).value).toBe('^010950600013435210AB(1^1726123121S1');
    expect(buildElementString(ais, { style: 'scan', symbologyId: ']Q3' }).value).toBe(
      ']Q3010950600013435210AB(1\u001d1726123121S1',
    );
  });

  it('round-trips through the parser in every style', () => {
    for (const style of ['bracketed', 'fnc1', 'scan'] as const) {
      const text = buildElementString(ais, { style }).value!;
      expect(parseGs1(text).ais, style).toEqual(ais);
    }
  });

  it('writes nothing for invalid AIs and says which one is wrong', () => {
    const result = buildElementString([ais[0]!, { ai: '17', value: '261232' }]);
    expect(result.valid).toBe(false);
    expect(result.value).toBeUndefined();
    expect(result.issues[0]).toMatchObject({ code: 'GS1_AI_DATE', params: { index: 1, ai: '17' } });
    expect(buildElementString([{ ai: '10', value: 'L1' }]).issues[0]?.code).toBe('GS1_AI_REQUISITE');
    expect(buildElementString([{ ai: 'x', value: 'L1' }]).issues[0]?.code).toBe('GS1_AI_UNKNOWN');
    expect(buildElementString([]).valid).toBe(false);
  });
});

describe('buildDigitalLinkUri', () => {
  it('writes the canonical URI', () => {
    expect(buildDigitalLinkUri(ais).value).toBe(
      'https://id.gs1.org/01/09506000134352/10/AB%281/21/S1?17=261231',
    );
  });
});

describe('the AI table', () => {
  it('looks AIs up, with ranges expanded', () => {
    expect(lookupAi('01')).toMatchObject({ title: 'GTIN', fixedLength: true, dlPrimaryKey: true });
    expect(lookupAi('3103')).toMatchObject({ title: 'NET WEIGHT (kg)', fixedLength: true });
    expect(lookupAi('3106')).toBeUndefined();
    expect(lookupAi('1')).toBeUndefined();
    expect(lookupAi('__proto__')).toBeUndefined();
  });

  it('has unique AIs and one AI length per two-digit prefix', () => {
    const byPrefix = new Map<string, number>();
    for (const e of aiTable) {
      const known = byPrefix.get(e.ai.slice(0, 2));
      expect(known === undefined || known === e.ai.length, e.ai).toBe(true);
      byPrefix.set(e.ai.slice(0, 2), e.ai.length);
    }
    expect(new Set(aiTable.map((e) => e.ai)).size).toBe(aiTable.length);
  });
});
