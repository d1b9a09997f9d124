import { describe, expect, it } from 'vitest';
import { lintValue } from './index.js';

const rule = (name: Parameters<typeof lintValue>[0], value: string) => lintValue(name, value)?.rule ?? 'OK';

describe('dates', () => {
  it('accept real calendar dates and DD = 00 only where allowed', () => {
    expect(rule('yymmd0', '261200')).toBe('OK');
    expect(rule('yymmdd', '261200')).toBe('ILLEGAL_DAY');
    expect(rule('yymmdd', '240229')).toBe('OK');
    expect(rule('yymmdd', '250229')).toBe('ILLEGAL_DAY');
    expect(rule('yymmdd', '251301')).toBe('ILLEGAL_MONTH');
    expect(rule('yymmdd', '250431')).toBe('ILLEGAL_DAY');
    expect(rule('yyyymmdd', '20000229')).toBe('OK');
    expect(rule('yyyymmdd', '19000229')).toBe('ILLEGAL_DAY');
  });

  it('check length, then digits', () => {
    expect(rule('yymmdd', '2501')).toBe('DATE_TOO_SHORT');
    expect(rule('yymmdd', '2501011')).toBe('DATE_TOO_LONG');
    expect(rule('yymmdd', '25o101')).toBe('NON_DIGIT_CHARACTER');
  });

  it('accept times from 0000 to 2359', () => {
    expect(rule('hhmi', '2359')).toBe('OK');
    expect(rule('hhmi', '2400')).toBe('ILLEGAL_HOUR');
    expect(rule('hhmi', '1260')).toBe('ILLEGAL_MINUTE');
    expect(rule('ss', '60')).toBe('ILLEGAL_SECOND');
  });
});

describe('check digits', () => {
  it('check the GS1 mod-10 digit', () => {
    expect(rule('csum', '09506000134352')).toBe('OK');
    expect(rule('csum', '09506000134353')).toBe('INCORRECT_CHECK_DIGIT');
    expect(lintValue('csum', '09506000134353')).toEqual({
      rule: 'INCORRECT_CHECK_DIGIT',
      offset: 13,
      length: 1,
    });
  });

  it('check the alphanumeric check character pair (GenSpecs §7.9.5 example)', () => {
    expect(rule('csumalpha', '1987654Ad4X4bL5ttr2310c2K')).toBe('OK');
    expect(rule('csumalpha', '1987654Ad4X4bL5ttr2310c2X')).toBe('INCORRECT_CHECK_PAIR');
    expect(rule('csumalpha', 'A')).toBe('TOO_SHORT_FOR_CHECK_PAIR');
  });
});

describe('code lists', () => {
  it('know ISO 3166 and ISO 4217 codes and nothing else', () => {
    expect(rule('iso3166', '276')).toBe('OK');
    expect(rule('iso3166', '983')).toBe('NOT_ISO3166');
    expect(rule('iso3166999', '999')).toBe('OK');
    expect(rule('iso3166alpha2', 'DE')).toBe('OK');
    expect(rule('iso3166alpha2', 'XK')).toBe('NOT_ISO3166_ALPHA2');
    expect(rule('iso4217', '978')).toBe('OK');
    expect(rule('iso4217', '191')).toBe('NOT_ISO4217');
  });

  it('check IBANs (ISO 13616)', () => {
    expect(rule('iban', 'DE91100000000123456789')).toBe('OK');
    expect(rule('iban', 'DE91100000000123456780')).toBe('INCORRECT_IBAN_CHECKSUM');
    expect(rule('iban', 'XX91100000000123456789')).toBe('ILLEGAL_IBAN_COUNTRY_CODE');
    expect(rule('iban', 'FR1234')).toBe('IBAN_TOO_SHORT');
  });

  it('know package types and media types', () => {
    expect(rule('packagetype', 'BX')).toBe('OK');
    expect(rule('packagetype', 'BXX')).toBe('INVALID_PACKAGE_TYPE');
    expect(rule('mediatype', '80')).toBe('OK');
    expect(rule('mediatype', '11')).toBe('INVALID_MEDIA_TYPE');
  });
});

describe('other rules', () => {
  it('check character sets', () => {
    expect(rule('cset82', 'AB_c%')).toBe('OK');
    expect(rule('cset82', 'A B')).toBe('INVALID_CSET82_CHARACTER');
    expect(rule('cset39', 'AB-12/#')).toBe('OK');
    expect(rule('cset39', 'ab')).toBe('INVALID_CSET39_CHARACTER');
    expect(rule('cset64', 'ab-_1=')).toBe('OK');
    expect(rule('cset64', 'abc=')).toBe('INVALID_CSET64_PADDING');
    expect(rule('cset64', 'a+b')).toBe('INVALID_CSET64_CHARACTER');
  });

  it('check piece of total and position in sequence', () => {
    expect(rule('pieceoftotal', '0203')).toBe('OK');
    expect(rule('pieceoftotal', '0302')).toBe('PIECE_NUMBER_EXCEEDS_TOTAL');
    expect(rule('pieceoftotal', '0003')).toBe('ZERO_PIECE_NUMBER');
    expect(rule('posinseqslash', '2/10')).toBe('OK');
    expect(rule('posinseqslash', '10/2')).toBe('POSITION_EXCEEDS_END');
    expect(rule('posinseqslash', '0/3')).toBe('ILLEGAL_ZERO_PREFIX');
    expect(rule('posinseqslash', '12')).toBe('POSITION_IN_SEQUENCE_MALFORMED');
  });

  it('check flags, zeros, prefixes and percent-encoding', () => {
    expect(rule('winding', '9')).toBe('OK');
    expect(rule('winding', '2')).toBe('INVALID_WINDING_DIRECTION');
    expect(rule('nonzero', '0000')).toBe('ILLEGAL_ZERO_VALUE');
    expect(rule('zero', '1')).toBe('NOT_ZERO');
    expect(rule('nozeroprefix', '0')).toBe('ILLEGAL_ZERO_PREFIX');
    expect(rule('hasnondigit', '1234')).toBe('REQUIRES_NON_DIGIT_CHARACTER');
    expect(rule('pcenc', 'A%20B')).toBe('OK');
    expect(rule('pcenc', 'A%2G')).toBe('INVALID_PERCENT_SEQUENCE');
    expect(rule('gcppos1', '12A4')).toBe('INVALID_GCP_PREFIX');
    expect(rule('gcppos2', '0123')).toBe('TOO_SHORT_FOR_GCP');
    expect(rule('latitude', '1800000001')).toBe('INVALID_LATITUDE');
    expect(rule('importeridx', '=')).toBe('INVALID_IMPORT_IDX_CHARACTER');
  });

  it('read coupon codes field by field', () => {
    expect(rule('couponcode', '012345612345611110123')).toBe('OK');
    expect(rule('couponcode', '0123456123456111101233500606')).toBe('OK');
    expect(rule('couponcode', '01234561234561111012335006064500607')).toBe('COUPON_EXPIRATION_BEFORE_START');
    expect(rule('couponcode', '012345612345611110123900000')).toBe('COUPON_EXCESS_DATA');
    expect(rule('couponposoffer', '001234561234560123456')).toBe('OK');
    expect(rule('couponposoffer', '0012345612345601234567')).toBe('COUPON_EXCESS_DATA');
  });
});
