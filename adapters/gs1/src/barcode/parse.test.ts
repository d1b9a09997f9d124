import { describe, expect, it } from 'vitest';
import { gs1BarcodeIssueCodes } from './issues.js';
import { parseDigitalLink, parseElementString, parseGs1 } from './parse.js';

const ais = (input: string, options = {}) => parseGs1(input, options).ais.map((a) => `${a.ai}=${a.value}`);
const codes = (input: string, options = {}) => parseGs1(input, options).issues.map((i) => i.code);

describe('bracketed element strings', () => {
  it('reads AIs and their values', () => {
    expect(ais('(01)09506000134352(17)261231(10)ABC123(21)XYZ987')).toEqual([
      '01=09506000134352',
      '17=261231',
      '10=ABC123',
      '21=XYZ987',
    ]);
  });

  it('reads an escaped bracket as data', () => {
    expect(ais('(01)09506000134352(10)AB\\(C)')).toEqual(['01=09506000134352', '10=AB(C)']);
  });

  it('reads a composite part after |', () => {
    expect(ais('(01)09506000134352|(10)L1')).toEqual(['01=09506000134352', '10=L1']);
    expect(codes('(01)09506000134352|')).toEqual(['GS1_SYNTAX']);
  });

  it('rejects broken brackets, unknown AIs and missing values', () => {
    expect(codes('1(12345', { syntax: 'bracketed' })).toEqual(['GS1_SYNTAX']);
    expect(codes('(1')).toEqual(['GS1_SYNTAX']);
    expect(codes('(01)')).toEqual(['GS1_SYNTAX']);
    expect(codes('(12345)12345')).toEqual(['GS1_AI_UNKNOWN']);
    expect(codes('(011)12345')).toEqual(['GS1_AI_UNKNOWN']);
    expect(codes('(10)12345^', { syntax: 'bracketed' })).toEqual(['GS1_SYNTAX']);
  });

  it('checks value lengths before content', () => {
    expect(codes('(01)123456789012312')).toEqual(['GS1_AI_VALUE_LENGTH']);
    expect(codes('(17)9(90)217')).toEqual(['GS1_AI_VALUE_LENGTH']);
    expect(codes('(423)5285')).toEqual(['GS1_AI_VALUE_LENGTH']);
  });

  it('reports every broken content rule with its position', () => {
    const result = parseGs1('(01)09506000134353(17)250229(10)A B');
    expect(result.valid).toBe(false);
    expect(result.ais).toEqual([]);
    expect(result.issues.map((i) => [i.code, i.params?.position, i.params?.rule])).toEqual([
      ['GS1_AI_CHECK_DIGIT', 17, 'INCORRECT_CHECK_DIGIT'],
      ['GS1_AI_DATE', 26, 'ILLEGAL_DAY'],
      ['GS1_AI_CHARSET', 33, 'INVALID_CSET82_CHARACTER'],
    ]);
  });
});

describe('unbracketed data (^ = FNC1)', () => {
  it('runs fixed-length AIs into the next AI and ends variable ones at FNC1', () => {
    expect(ais('^0109506000134352172612311012345^21XYZ')).toEqual([
      '01=09506000134352',
      '17=261231',
      '10=12345',
      '21=XYZ',
    ]);
    expect(ais('^0112345678901231^')).toEqual(['01=12345678901231']);
  });

  it('rejects data no known AI starts, and values that overrun their maximum', () => {
    expect(codes('^891234')).toEqual(['GS1_AI_UNKNOWN']);
    expect(codes('^2421234567')).toEqual(['GS1_AI_VALUE_LENGTH']);
    expect(codes('^011234567890123')).toEqual(['GS1_AI_VALUE_LENGTH']);
    expect(codes('^')).toEqual(['GS1_SYNTAX']);
  });

  it('treats data that is not AI data as plain data, as barcode software does', () => {
    const result = parseGs1('991234');
    expect(result).toMatchObject({ valid: true, syntax: 'plain', ais: [] });
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([['GS1_PLAIN_DATA', 'info']]);
    expect(parseGs1('HtTp://example.com/01/12312312312333').syntax).toBe('plain');
  });

  it('accepts ^ or GS as FNC1 when asked for unbracketed data', () => {
    expect(ais('0109506000134352\u001d10L1', { syntax: 'unbracketed' })).toEqual([
      '01=09506000134352',
      '10=L1',
    ]);
    expect(ais('10L1\u001d0109506000134352', { syntax: 'unbracketed' })).toEqual([
      '10=L1',
      '01=09506000134352',
    ]);
    expect(parseElementString('^10L1^0109506000134352').valid).toBe(true);
  });

  it('reads the linear and the composite part of a data string', () => {
    expect(ais('^0109506000134352|^10L1')).toEqual(['01=09506000134352', '10=L1']);
    expect(codes('^0109506000134352|10L1')).toEqual(['GS1_SYNTAX']);
  });
});

describe('scan data', () => {
  it('reads GS1 symbology identifiers and GS separators', () => {
    expect(parseGs1(']C1011231231231233310ABC123\u001d99TESTING')).toMatchObject({
      valid: true,
      symbologyId: ']C1',
    });
    expect(ais(']e0011231231231233310ABC123\u001d99TESTING\u001d')).toEqual([
      '01=12312312312333',
      '10=ABC123',
      '99=TESTING',
    ]);
  });

  it('treats non-GS1 modes as plain data unless they hold a Digital Link URI', () => {
    expect(parseGs1(']d1010950600013435217261231')).toMatchObject({ valid: true, syntax: 'plain' });
    expect(parseGs1(']Q1https://example.com/01/12312312312333')).toMatchObject({
      valid: true,
      syntax: 'digitalLink',
      ais: [{ ai: '01', value: '12312312312333' }],
    });
  });

  it('checks EAN/UPC primary messages and reads their composite part', () => {
    expect(parseGs1(']E02112345678900')).toMatchObject({ valid: true, syntax: 'plain' });
    expect(codes(']E402345674')).toEqual(['GS1_PRIMARY_MESSAGE_INVALID']);
    expect(codes(']E4123456789')).toEqual(['GS1_PRIMARY_MESSAGE_INVALID']);
    expect(ais(']E402345673|]e099COMPOSITE\u001d98XYZ')).toEqual(['99=COMPOSITE', '98=XYZ']);
  });

  it('needs a supported symbology identifier and no ^', () => {
    expect(codes(']X', { syntax: 'scan' })).toEqual(['GS1_SYMBOLOGY_ID_MISSING']);
    expect(codes(']Z1ABC')).toEqual(['GS1_SYMBOLOGY_ID_UNSUPPORTED']);
    expect(codes(']d2^0112345678901231')).toEqual(['GS1_SYNTAX']);
    expect(codes(']d2')).toEqual(['GS1_SYNTAX']);
  });
});

describe('unknown AIs', () => {
  it('are refused by default and read as CSET 82 values when permitted', () => {
    expect(parseGs1('(89)ABC').valid).toBe(false);
    expect(ais('(89)ABC', { permitUnknownAis: true })).toEqual(['89=ABC']);
    expect(ais('^236ABC123', { permitUnknownAis: true })).toEqual(['236=ABC123']);
  });

  it('are never read where a known AI or the prefix length says otherwise', () => {
    expect(parseGs1('(011)12345', { permitUnknownAis: true }).valid).toBe(false);
    expect(parseGs1('(800)12345', { permitUnknownAis: true }).valid).toBe(false);
    expect(parseGs1('^891234', { permitUnknownAis: true }).valid).toBe(false);
  });
});

describe('limits', () => {
  it('refuses inputs longer than maxLength without reading them', () => {
    expect(codes('9'.repeat(9000))).toEqual(['GS1_INPUT_TOO_LONG']);
    expect(codes('(10)ABCDEFGH', { maxLength: 8 })).toEqual(['GS1_INPUT_TOO_LONG']);
  });

  it('refuses more than 64 AIs', () => {
    expect(codes('(99)A'.repeat(65))).toContain('GS1_TOO_MANY_AIS');
  });

  it('never throws on non-string input', () => {
    expect(parseGs1(42 as unknown as string).valid).toBe(false);
  });
});

describe('Digital Link URIs', () => {
  it('read the stem, key, qualifiers and attributes', () => {
    expect(
      ais('https://example.com/some/stem/01/09506000134352/21/XYZ%2F987?17=261231&linkType=gs1:pip#x'),
    ).toEqual(['01=09506000134352', '21=XYZ/987', '17=261231']);
  });

  it('refuses misplaced, duplicated, empty and unknown AIs', () => {
    expect(codes('https://a/01/09520123456788?10=ABC123')).toEqual(['GS1_DL_QUALIFIER_IN_QUERY']);
    expect(codes('https://a/01/09520123456788?99=A&99=A')).toEqual(['GS1_DL_DUPLICATE_AI']);
    expect(codes('https://a/01/09520123456788?21=A')).toEqual(['GS1_DL_NOT_DATA_ATTRIBUTE']);
    expect(codes('https://a/01/09520123456788/10/')).toEqual(['GS1_DL_EMPTY_VALUE']);
    expect(codes('https://a/01/09520123456788?99=')).toEqual(['GS1_DL_EMPTY_VALUE']);
    expect(codes('https://a/01/1231231231233%003')).toEqual(['GS1_DL_NUL_CHARACTER']);
    expect(codes('https://a/01/09520123456788?89=A')).toEqual(['GS1_AI_UNKNOWN']);
    expect(codes('https://a/01/09520123456788/21/A/10/B')).toEqual(['GS1_DL_KEY_QUALIFIERS']);
    expect(codes('https://a/gtin/09520123456788')).toEqual(['GS1_DL_NO_PRIMARY_KEY']);
    expect(codes('https://$a/01/09520123456788')).toEqual(['GS1_DL_URI_INVALID']);
    expect(codes('https://a/01/0952012345678<')).toEqual(['GS1_DL_URI_INVALID']);
    expect(codes('https://a', { syntax: 'digitalLink' })).toEqual(['GS1_DL_URI_INVALID']);
    expect(codes('ftp://a/01/09520123456788', { syntax: 'digitalLink' })).toEqual(['GS1_DL_URI_INVALID']);
  });

  it('widen zero-suppressed GTINs in the path only when asked, and always in the query', () => {
    expect(parseDigitalLink('https://a/01/9520123456788').valid).toBe(false);
    expect(ais('https://a/01/9520123456788', { permitZeroSuppressedGtin: true })).toEqual([
      '01=09520123456788',
    ]);
    expect(ais('https://a/8004/9520614141234567?01=02345673')).toEqual([
      '8004=9520614141234567',
      '01=00000002345673',
    ]);
  });

  it('are rebuilt in canonical form on the chosen stem', () => {
    const result = parseGs1('HTTPS://EXAMPLE.COM/01/09520123456788?3103=000195&3922=0299&17=201225', {
      dlStem: 'https://example.org/',
    });
    expect(result.digitalLink).toBe('https://example.org/01/09520123456788?3103=000195&17=201225&3922=0299');
  });
});

describe('Digital Link URIs of element strings', () => {
  it('choose the longest key-qualifier path the data supports', () => {
    expect(parseGs1('(01)12312312312326(22)ABC(10)DEF(21)GHI(95)INT').digitalLink).toBe(
      'https://id.gs1.org/01/12312312312326/22/ABC/10/DEF/21/GHI?95=INT',
    );
  });

  it('take the first primary key in input order', () => {
    expect(parseGs1('(98)ABC(253)9526064000028000001(99)000001(8017)795260646688514634').digitalLink).toBe(
      'https://id.gs1.org/253/9526064000028000001?98=ABC&99=000001&8017=795260646688514634',
    );
  });

  it('are left out, with a note, when an AI cannot be a data attribute', () => {
    const result = parseGs1('(01)12312312312333(235)XYZ(10)BATCH');
    expect(result.valid).toBe(true);
    expect(result.digitalLink).toBeUndefined();
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([['GS1_DL_NOT_BUILT', 'info']]);
    expect(parseGs1('(99)X').digitalLink).toBeUndefined();
    expect(parseGs1('(01)12312312312333', { digitalLink: false }).digitalLink).toBeUndefined();
  });
});

describe('issue codes', () => {
  const samples: Record<string, string> = {
    GS1_INPUT_TOO_LONG: '9'.repeat(8193),
    GS1_SYNTAX: '(01',
    GS1_AI_UNKNOWN: '(12345)1',
    GS1_TOO_MANY_AIS: '(99)A'.repeat(65),
    GS1_AI_VALUE_LENGTH: '(01)1',
    GS1_AI_CHARSET: '(99)~',
    GS1_AI_CHECK_DIGIT: '(01)09506000134353',
    GS1_AI_CHECK_PAIR: '(8013)1987654Ad4X4bL5ttr2310c2X',
    GS1_AI_DATE: '(01)09506000134352(17)261301',
    GS1_AI_TIME: '(01)09506000134352(7003)2612312430',
    GS1_AI_COUNTRY: '(01)09506000134352(422)999',
    GS1_AI_CURRENCY: '(3910)9870(8020)A(415)1231231231232',
    GS1_AI_COMPANY_PREFIX: '(7023)12A4',
    GS1_AI_COUPON: '(8112)201234561234560123456',
    GS1_AI_IBAN: '(8007)FR12345678901234',
    GS1_AI_VALUE: '(01)09506000134352(20)12(8001)12341234512321',
    GS1_AI_EXCLUSIVE: '(01)09506000134352(02)09506000134352',
    GS1_AI_REQUISITE: '(10)L1',
    GS1_AI_REPEAT_CONFLICT: '(99)A(99)B',
    GS1_DIGSIG_SERIAL_MISSING: '(255)1234567890128(8030)ABC123',
    GS1_SYMBOLOGY_ID_MISSING: ']X',
    GS1_SYMBOLOGY_ID_UNSUPPORTED: ']Z9ABC',
    GS1_PRIMARY_MESSAGE_INVALID: ']E0123',
    GS1_DL_URI_INVALID: 'https://a/<',
    GS1_DL_NO_PRIMARY_KEY: 'https://a/b',
    GS1_DL_KEY_QUALIFIERS: 'https://a/01/09506000134352/21/A/10/B',
    GS1_DL_QUALIFIER_IN_QUERY: 'https://a/01/09506000134352?10=A',
    GS1_DL_NOT_DATA_ATTRIBUTE: 'https://a/01/09506000134352?21=A',
    GS1_DL_DUPLICATE_AI: 'https://a/01/09506000134352?01=09506000134352',
    GS1_DL_EMPTY_VALUE: 'https://a/01/09506000134352?99=',
    GS1_DL_NUL_CHARACTER: 'https://a/01/0950600013435%002',
    GS1_PLAIN_DATA: 'hello',
    GS1_GS_WRITTEN_OUT: ']d2010950600013435210ABC123<GS>21XYZ987',
    GS1_DL_NOT_BUILT: '(01)12312312312333(235)XYZ(10)BATCH',
  };

  it.each(Object.keys(gs1BarcodeIssueCodes))('%s is raised by its sample input', (code) => {
    expect(samples[code], `no sample for ${code}`).toBeDefined();
    expect(codes(samples[code]!)).toContain(code);
  });

  it('lists every code an input can raise', () => {
    for (const input of Object.values(samples)) {
      for (const code of codes(input)) expect(Object.keys(gs1BarcodeIssueCodes)).toContain(code);
    }
  });
});

describe('<GS> written out, as the GS1 guides print it', () => {
  it('is read as the group separator in scan data, never as part of the lot', () => {
    const result = parseGs1(']d201095060001343521726123110ABC123<GS>21XYZ987');
    expect(result.valid).toBe(true);
    expect(result.ais).toEqual([
      { ai: '01', value: '09506000134352' },
      { ai: '17', value: '261231' },
      { ai: '10', value: 'ABC123' },
      { ai: '21', value: 'XYZ987' },
    ]);
    expect(result.issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'GS1_GS_WRITTEN_OUT' }),
    ]);
  });

  it('is read as the group separator in unbracketed element strings', () => {
    const unbracketed = parseGs1('010950600013435210ABC123<GS>21XYZ987', { syntax: 'unbracketed' });
    expect(unbracketed.ais).toContainEqual({ ai: '10', value: 'ABC123' });
  });

  it('stays data in a bracketed element string, where no separator is needed', () => {
    const result = parseGs1('(01)09506000134352(10)AB<GS>');
    expect(result.issues.map((i) => i.code)).not.toContain('GS1_GS_WRITTEN_OUT');
    expect(result.ais).toContainEqual({ ai: '10', value: 'AB<GS>' });
  });
});
