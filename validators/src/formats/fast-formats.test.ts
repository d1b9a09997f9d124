/**
 * Differential tests: the char-code GS1 check and the `uri` fast path must give exactly the verdicts
 * of the checks they replace (the original regex-and-slice GS1 check, ajv-formats' `uri`), on
 * targeted corner cases and on tens of thousands of seeded random strings.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/prng.js';
import { gs1CheckDigit, hasValidGs1CheckDigit } from './gs1-check-digit.js';
import { formats } from './index.js';
import { isPlainHttpUri, isPlainRootlessUri } from './uri.js';

/** The GS1 check as it was before the char-code loop. */
function referenceGs1(key: string): boolean {
  if (key.length < 2 || !/^[0-9]+$/.test(key)) return false;
  let sum = 0;
  let weight = 3;
  for (let i = key.length - 2; i >= 0; i--) {
    sum += (key.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10 === key.charCodeAt(key.length - 1) - 48;
}

const ajvUri = fullFormats.uri as (value: string) => boolean;

const URI_PIECES = [
  'http://',
  'https://',
  'HTTP://',
  'ftp://',
  'urn:',
  'http:/',
  'http:',
  'https:///',
  'mailto:',
  'example.org',
  'EXAMPLE.com',
  'a',
  '-',
  '.',
  '..',
  '127.0.0.1',
  '256.1.1.1',
  '[::1]',
  '[2001:db8::1]',
  '[v1.x]',
  '[',
  ']',
  'user@',
  'u:p@',
  '@',
  ':',
  ':8080',
  ':0',
  ':x',
  '/',
  '//',
  '/a/b',
  '/~x',
  '/%20',
  '%',
  '%2',
  '%zz',
  '%C3%A9',
  '?',
  '?q=1&r=2',
  '??',
  '#',
  '#frag',
  '##',
  ' ',
  '\t',
  '\n',
  'é',
  '☃',
  '😀',
  '\u0000',
  '\u007f',
  '\u00a0',
  '\\',
  '"',
  '<',
  '>',
  '^',
  '`',
  '{',
  '|',
  '}',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  '!',
  '$',
  '&',
  '~',
  '_',
  'x1',
  '0',
  '9',
  'Z',
];

function randomUri(next: () => number): string {
  const parts = 1 + Math.floor(next() * 8);
  // Half start like a feed URI, so the fast path is reached and then broken in many ways.
  let text = next() < 0.5 ? (next() < 0.5 ? 'https://' : 'http://') + 'example.org' : '';
  for (let i = 0; i < parts; i++) {
    const roll = next();
    if (roll < 0.8) text += URI_PIECES[Math.floor(next() * URI_PIECES.length)];
    else text += String.fromCharCode(Math.floor(next() * (roll < 0.95 ? 128 : 0x10000)));
  }
  return text;
}

describe('GS1 check digit (char-code loop)', () => {
  it.each([
    '',
    '0',
    '00',
    '05',
    '10',
    '0614141000005',
    '0614141000006',
    '4006381333931',
    '1a',
    'a1',
    '١٢',
    '12 ',
    '-1',
    '+0',
    '0\u0000',
  ])('agrees with the regex check on %j', (key) => {
    expect(hasValidGs1CheckDigit(key)).toBe(referenceGs1(key));
  });

  it('agrees with the regex check on 50 000 seeded random keys, digits mostly', () => {
    const next = seededRandom(0x6551);
    const alphabet = '0123456789012345678901234567890123456789a -/:٣０';
    for (let n = 0; n < 50_000; n++) {
      const length = Math.floor(next() * 20);
      let key = '';
      for (let i = 0; i < length; i++) key += alphabet[Math.floor(next() * alphabet.length)];
      // Half the keys get a correct check digit, so both verdicts occur often.
      if (next() < 0.5 && /^[0-9]+$/.test(key)) key += String(gs1CheckDigit(key));
      expect(hasValidGs1CheckDigit(key), JSON.stringify(key)).toBe(referenceGs1(key));
    }
  });

  it('accepts a valid key of 100 000 digits and rejects it with a letter at the front', () => {
    const body = '7'.repeat(99_999);
    const key = body + String(gs1CheckDigit(body));
    expect(hasValidGs1CheckDigit(key)).toBe(true);
    expect(hasValidGs1CheckDigit(`x${key.slice(1)}`)).toBe(false);
  });
});

describe('uri format (fast path over ajv-formats)', () => {
  it.each([
    'http://example.org',
    'https://example.org/',
    'https://example.org:8443/a/b-c_d.e~f?x=1&y=2#top',
    'http://a',
    'http://127.0.0.1:',
    'https://gs1.example/01/09506000134352/10/ABC?linkType=all',
    "https://x.example/!$&'()*+,;=:@",
    'https://x.example?q#f',
    'https://x.example#f?x/y',
    `https://example.org/${'a'.repeat(100_000)}`,
  ])('decides %j itself, as ajv-formats would', (value) => {
    expect(isPlainHttpUri(value)).toBe(true);
    expect(ajvUri(value)).toBe(true);
  });

  it.each([
    'http://',
    'http:///path',
    'https://[::1]:80/',
    'https://user@example.org/',
    'https://example.org/%20',
    'https://example.org/a b',
    'https://exämple.org/',
    'HTTPS://EXAMPLE.ORG/',
    'https://example.org:80x/',
    'https://example.org/#a#b',
    'urn:epc:id:sgtin:0614141.107346.2017',
    'mailto:a@example.org',
    'http:example',
    'https://example.org/\u{1F600}',
    `https://example.org/${'a'.repeat(100_000)}\u00e9`,
  ])('hands %j to ajv-formats and keeps its verdict', (value) => {
    expect(isPlainHttpUri(value)).toBe(false);
    expect(formats.uri!(value)).toBe(ajvUri(value));
  });

  it('agrees with ajv-formats on 60 000 seeded random strings', () => {
    const next = seededRandom(0x0421);
    let fastDecided = 0;
    for (let n = 0; n < 60_000; n++) {
      const value = randomUri(next);
      const expected = ajvUri(value);
      if (isPlainHttpUri(value)) {
        fastDecided++;
        expect(expected, JSON.stringify(value)).toBe(true);
      }
      expect(formats.uri!(value), JSON.stringify(value)).toBe(expected);
    }
    // The generator must reach the fast path often enough for the comparison to mean something.
    expect(fastDecided).toBeGreaterThan(1_000);
  });

  it.each([
    'urn:oid:2.16.840.1.113883.4.82',
    'urn:oid:1.3.6.1.4.1.519.1',
    'urn:iso:std:iso:3166',
    'urn:iso:std:iso:3166:-2',
    'urn:epc:id:sgtin:0614141.107346.2017',
    'URN:OID:1.2',
    'mailto:a@example.org',
    'http:example',
    'a::',
    'x+y.z-1:p/q//r?s=/?#t/?',
    `urn:${'a'.repeat(100_000)}`,
  ])('decides the rootless %j itself, as ajv-formats would', (value) => {
    expect(isPlainRootlessUri(value)).toBe(true);
    expect(ajvUri(value)).toBe(true);
  });

  it.each(['urn:', 'urn:/x', '1urn:x', 'urn:oid:1.2%20', 'urn:a b', 'urn:é', 'urn:x#a#b', ':x', 'urn'])(
    'leaves %j to the other checks, which keep ajv-formats verdict',
    (value) => {
      expect(isPlainRootlessUri(value)).toBe(false);
      expect(formats.uri!(value)).toBe(ajvUri(value));
    },
  );

  it('agrees with ajv-formats on 60 000 seeded random scheme:path strings', () => {
    const next = seededRandom(0x0422);
    const starts = ['urn:', 'urn:oid:', 'mailto:', 'x-y+z.1:', 'URN:', '1a:', ''];
    let fastDecided = 0;
    for (let n = 0; n < 60_000; n++) {
      let value = starts[Math.floor(next() * starts.length)]!;
      const parts = 1 + Math.floor(next() * 6);
      for (let i = 0; i < parts; i++) {
        const roll = next();
        if (roll < 0.85) value += URI_PIECES[Math.floor(next() * URI_PIECES.length)];
        else value += String.fromCharCode(Math.floor(next() * 128));
      }
      const expected = ajvUri(value);
      if (isPlainRootlessUri(value)) {
        fastDecided++;
        expect(expected, JSON.stringify(value)).toBe(true);
      }
      expect(formats.uri!(value), JSON.stringify(value)).toBe(expected);
    }
    expect(fastDecided).toBeGreaterThan(1_000);
  });

  it('stays linear on long hostile strings', () => {
    const started = performance.now();
    for (const value of [
      `http://${'a'.repeat(200_000)}`,
      `https://x/${'/'.repeat(200_000)}?`,
      `http://${'a.'.repeat(100_000)}\u0000`,
      `urn:${'a'.repeat(200_000)}#?#`,
      `${'a'.repeat(200_000)}`,
      `urn:${'/'.repeat(200_000)}\u0000`,
    ]) {
      isPlainHttpUri(value);
      isPlainRootlessUri(value);
    }
    // Generous bound: a backtracking check would take seconds to minutes here.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
