/**
 * GS1 Digital Link: the URI vectors of GS1's digital-link.js tests with the verdicts of the GS1
 * Syntax Engine (DL grammar 1.4.1), the engine's key-qualifier path cases, and round trips
 * between URIs and element strings.
 */
import { readFileSync } from 'node:fs';
import {
  buildDigitalLinkUri,
  buildElementString,
  isDigitalLinkPath,
  parseDigitalLink,
  parseGs1,
  toDigitalLink,
  toElementString,
} from '@medsupply/gs1';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../support/shared.js';

const bracketed = (ais: { ai: string; value: string }[]) => ais.map((a) => `(${a.ai})${a.value}`).join('');

describeWithShared('GS1 Digital Link vectors', ['corpus', 'gs1', 'gs1-dl-vectors.tsv'], () => {
  const rows = readFileSync(sharedPath('corpus', 'gs1', 'gs1-dl-vectors.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t'));

  it('gives the engine verdict and AIs for every URI, with and without zero-suppressed GTINs', () => {
    let compared = 0;
    for (const [id, kind, input, , , reference, referenceZero] of rows) {
      for (const [expected, permitZeroSuppressedGtin] of [
        [reference, false],
        [referenceZero, true],
      ] as const) {
        if (!expected) continue;
        const result = parseGs1(input!, { permitZeroSuppressedGtin });
        const got = result.valid ? `OK ${bracketed(result.ais)}` : 'FAIL';
        expect(got, `${id} ${kind} ${input}`).toBe(expected.startsWith('OK') ? expected : 'FAIL');
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('reports why a URI fails', () => {
    const result = parseGs1('https://example.com/01/00000001234565/21/12345/10/4512');
    expect(result.issues.map((i) => i.code)).toEqual(['GS1_DL_KEY_QUALIFIERS']);
    expect(parseGs1('https://dlnkd.tn.gg/HxHKVAdpQgZzjr-hCDKigI').issues[0]?.code).toBe(
      'GS1_DL_NO_PRIMARY_KEY',
    );
  });
});

describeWithShared('GS1 Syntax Engine Digital Link cases', ['corpus', 'gs1', 'gs1-vectors.json'], () => {
  const vectors = JSON.parse(readFileSync(sharedPath('corpus', 'gs1', 'gs1-vectors.json'), 'utf8')) as {
    id: number;
    category: string;
    input: string;
    expect_ok: boolean;
    ref_full_ok: string;
  }[];

  it('accepts exactly the key-qualifier paths the engine accepts', () => {
    const paths = vectors.filter((v) => v.category === 'dl_valid_path_sequence');
    expect(paths.length).toBeGreaterThan(10);
    for (const v of paths) expect(isDigitalLinkPath(v.input.split('/')), v.input).toBe(v.expect_ok);
    expect(isDigitalLinkPath(['01', '21', '10'])).toBe(false);
    expect(isDigitalLinkPath(['01', '10', '235'])).toBe(false);
    expect(isDigitalLinkPath(['10'])).toBe(false);
  });

  it('round-trips every valid Digital Link URI through an element string and back', () => {
    const uris = vectors.filter((v) => v.input.startsWith('http') && v.ref_full_ok === 'OK');
    expect(uris.length).toBeGreaterThan(30);
    for (const v of uris) {
      const parsed = parseDigitalLink(v.input, {
        permitZeroSuppressedGtin: true,
        permitUnknownAis: true,
        unknownAisAsDlAttributes: true,
      });
      expect(parsed.valid, v.input).toBe(true);
      const elementString = buildElementString(parsed.ais, { style: 'bracketed', permitUnknownAis: true });
      const again = parseGs1(elementString.value!, {
        permitUnknownAis: true,
        unknownAisAsDlAttributes: true,
      });
      expect(again.ais, v.input).toEqual(parsed.ais);
      expect(again.digitalLink, v.input).toBe(parsed.digitalLink);
    }
  });
});

describe('Digital Link writing', () => {
  const ais = [
    { ai: '01', value: '09506000134352' },
    { ai: '17', value: '261231' },
    { ai: '10', value: 'ABC/123' },
    { ai: '21', value: 'XYZ+987' },
  ];

  it('puts the key and its qualifiers in the path and other AIs in the query', () => {
    const built = buildDigitalLinkUri(ais);
    expect(built.value).toBe('https://id.gs1.org/01/09506000134352/10/ABC%2F123/21/XYZ%2B987?17=261231');
    expect(parseDigitalLink(built.value!).ais).toEqual([ais[0], ais[2], ais[3], ais[1]]);
  });

  it('uses a custom resolver domain or stem', () => {
    expect(buildDigitalLinkUri(ais.slice(0, 1), { domain: 'example.com' }).value).toBe(
      'https://example.com/01/09506000134352',
    );
    expect(buildDigitalLinkUri(ais.slice(0, 1), { stem: 'https://example.com/p/' }).value).toBe(
      'https://example.com/p/01/09506000134352',
    );
  });

  it('percent-encodes reserved characters in query values', () => {
    const built = buildDigitalLinkUri([ais[0]!, { ai: '99', value: 'A&B%C=D' }]);
    expect(built.value).toBe('https://id.gs1.org/01/09506000134352?99=A%26B%25C%3DD');
    expect(parseDigitalLink(built.value!).ais[1]).toEqual({ ai: '99', value: 'A&B%C=D' });
  });

  it('refuses AIs without a primary key, and AIs that are no data attributes', () => {
    expect(buildDigitalLinkUri([{ ai: '99', value: 'X' }]).issues.map((i) => i.code)).toEqual([
      'GS1_DL_NO_PRIMARY_KEY',
    ]);
    const tpx = buildDigitalLinkUri([ais[0]!, { ai: '235', value: 'TPX' }, { ai: '10', value: 'L1' }]);
    expect(tpx.valid).toBe(false);
    expect(tpx.issues.map((i) => i.code)).toEqual(['GS1_DL_NOT_DATA_ATTRIBUTE']);
  });

  it('converts between element strings and URIs', () => {
    expect(toDigitalLink('(01)09506000134352(10)L1', { domain: 'example.com' }).value).toBe(
      'https://example.com/01/09506000134352/10/L1',
    );
    expect(
      toElementString('https://id.gs1.org/01/09506000134352/10/L1?17=261231', { style: 'fnc1' }).value,
    ).toBe('^010950600013435210L1^17261231');
  });
});
