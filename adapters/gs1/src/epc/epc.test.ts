import { describe, expect, it } from 'vitest';
import {
  aiValue,
  digitalLinkToEpcUrn,
  digitalLinkToGs1Keys,
  epcUrnToDigitalLink,
  epcUrnToGs1Keys,
  escapeEpcComponent,
  formatEpcIdentifier,
  gs1KeysToDigitalLink,
  gs1KeysToEpcUrn,
  parseEpcIdentifier,
  unescapeEpcComponent,
} from './index.js';

// EPC URNs from the GS1 EPC Tag Data Standard and the EPCIS/CBV examples, with their GS1 keys.
const URNS: Array<[urn: string, ais: Array<[string, string]>, digitalLink: string]> = [
  [
    'urn:epc:id:sgtin:0614141.107346.2017',
    [
      ['01', '10614141073464'],
      ['21', '2017'],
    ],
    'https://id.gs1.org/01/10614141073464/21/2017',
  ],
  [
    'urn:epc:class:lgtin:4012345.012345.998877',
    [
      ['01', '04012345123456'],
      ['10', '998877'],
    ],
    'https://id.gs1.org/01/04012345123456/10/998877',
  ],
  [
    'urn:epc:idpat:sgtin:4012345.066666.*',
    [['01', '04012345666663']],
    'https://id.gs1.org/01/04012345666663',
  ],
  [
    'urn:epc:id:sscc:0614141.1234567890',
    [['00', '106141412345678908']],
    'https://id.gs1.org/00/106141412345678908',
  ],
  [
    'urn:epc:id:sgln:0614141.12345.400',
    [
      ['414', '0614141123452'],
      ['254', '400'],
    ],
    'https://id.gs1.org/414/0614141123452/254/400',
  ],
  ['urn:epc:id:sgln:0012345.11111.0', [['414', '0012345111112']], 'https://id.gs1.org/414/0012345111112'],
  ['urn:epc:id:pgln:4012345.00225', [['417', '4012345002256']], 'https://id.gs1.org/417/4012345002256'],
  [
    'urn:epc:id:grai:0614141.12345.400',
    [['8003', '00614141123452400']],
    'https://id.gs1.org/8003/00614141123452400',
  ],
  ['urn:epc:id:giai:4000001.111', [['8004', '4000001111']], 'https://id.gs1.org/8004/4000001111'],
  [
    'urn:epc:id:gdti:0614141.00001.1618034',
    [['253', '06141410000121618034']],
    'https://id.gs1.org/253/06141410000121618034',
  ],
  [
    'urn:epc:id:gsrn:0614141.0000010253',
    [['8018', '061414100000102534']],
    'https://id.gs1.org/8018/061414100000102534',
  ],
];

describe('EPC URNs', () => {
  it.each(URNS)('reads %s to its GS1 keys and back', (urn, ais, digitalLink) => {
    const keys = epcUrnToGs1Keys(urn);
    expect(keys?.ais).toEqual(ais);
    expect(gs1KeysToEpcUrn(keys!, keys!.companyPrefixLength!)).toBe(urn);
    expect(epcUrnToDigitalLink(urn)).toBe(digitalLink);
  });

  it('reads serials with TDS escapes and writes them escaped again', () => {
    const keys = epcUrnToGs1Keys('urn:epc:id:sgtin:0614141.107346.A%2FB%25C');
    expect(aiValue(keys!, '21')).toBe('A/B%C');
    expect(gs1KeysToEpcUrn(keys!, 7)).toBe('urn:epc:id:sgtin:0614141.107346.A%2FB%25C');
    expect(escapeEpcComponent('a"b?')).toBe('a%22b%3F');
    expect(unescapeEpcComponent('bad%zz')).toBeUndefined();
  });

  it.each([
    'urn:epc:id:sgtin:0614141.10734.2017', // 12 digits instead of 13
    'urn:epc:id:sgtin:0614141.107346.', // empty serial
    'urn:epc:id:sgtin:061.107346.1', // company prefix too short
    'urn:epc:id:sscc:0614141.12345', // too few digits
    'urn:epc:id:gid:95100000.12345.400', // not a GS1 key
    'urn:epc:idpat:sgtin:0614141.*.*', // pattern over a whole company
    'urn:example:epcis:id:obj:Q12345',
  ])('rejects %s', (urn) => {
    expect(epcUrnToGs1Keys(urn)).toBeUndefined();
  });

  it('needs the company prefix length to write a URN and refuses one that does not fit', () => {
    const keys = epcUrnToGs1Keys('urn:epc:id:sgtin:0614141.107346.2017')!;
    expect(gs1KeysToEpcUrn(keys, 9)).toBe('urn:epc:id:sgtin:061414107.1346.2017');
    expect(gs1KeysToEpcUrn(keys, 13)).toBeUndefined();
  });
});

describe('GS1 Digital Link', () => {
  it('reads the primary key and qualifiers after any path prefix and domain', () => {
    const keys = digitalLinkToGs1Keys(
      'https://example.com/products/01/09506000134352/10/ABC1/21/12345?17=271231',
    );
    expect(keys).toMatchObject({ scheme: 'sgtin', level: 'instance' });
    expect(keys?.ais).toEqual([
      ['01', '09506000134352'],
      ['10', 'ABC1'],
      ['21', '12345'],
    ]);
  });

  it('pads a short GTIN to 14 digits', () => {
    expect(digitalLinkToGs1Keys('https://id.gs1.org/01/9506000134352')?.ais).toEqual([
      ['01', '09506000134352'],
    ]);
  });

  it.each([
    'https://id.gs1.org/01/09506000134353', // wrong check digit
    'https://id.gs1.org/01/09506000134352/21/1/10/ABC', // qualifiers out of order
    'https://id.gs1.org/01/09506000134352/21', // key without value
    'https://example.com/about',
    'ftp://id.gs1.org/01/09506000134352',
  ])('rejects %s', (uri) => {
    expect(digitalLinkToGs1Keys(uri)).toBeUndefined();
  });

  it('turns a Digital Link into a URN when the company prefix length is known', () => {
    expect(digitalLinkToEpcUrn('https://id.gs1.org/01/10614141073464/21/2017', 7)).toBe(
      'urn:epc:id:sgtin:0614141.107346.2017',
    );
    expect(digitalLinkToEpcUrn('https://id.gs1.org/00/106141412345678908', 7)).toBe(
      'urn:epc:id:sscc:0614141.1234567890',
    );
  });

  it('escapes serials for the URI path', () => {
    expect(
      gs1KeysToDigitalLink({
        scheme: 'sgtin',
        level: 'instance',
        ais: [
          ['01', '09506000134352'],
          ['21', 'A/B'],
        ],
      }),
    ).toBe('https://id.gs1.org/01/09506000134352/21/A%2FB');
  });
});

describe('parseEpcIdentifier and formatEpcIdentifier', () => {
  it('read both syntaxes to the same keys', () => {
    expect(parseEpcIdentifier('urn:epc:id:sgtin:0614141.107346.2017')?.ais).toEqual(
      parseEpcIdentifier('https://id.gs1.org/01/10614141073464/21/2017')?.ais,
    );
  });

  it('write URNs only when the prefix length is known, Digital Link otherwise', () => {
    const keys = parseEpcIdentifier('https://id.gs1.org/417/4012345002256')!;
    expect(formatEpcIdentifier(keys, { style: 'urn' })).toBe('https://id.gs1.org/417/4012345002256');
    expect(formatEpcIdentifier(keys, { style: 'urn', companyPrefixLength: () => 7 })).toBe(
      'urn:epc:id:pgln:4012345.00225',
    );
    expect(
      formatEpcIdentifier(keys, { style: 'digital-link', digitalLinkBase: 'https://example.com/' }),
    ).toBe('https://example.com/417/4012345002256');
  });
});
