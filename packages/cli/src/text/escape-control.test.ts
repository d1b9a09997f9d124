import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeJsonForTerminal } from './escape-control.js';

describe('escapeControlCharacters', () => {
  it('writes terminal escapes, line breaks and bidi overrides as visible text', () => {
    expect(escapeControlCharacters('\u001b[2J\u001b]0;owned\u0007done')).toBe(
      '\\x1B[2J\\x1B]0;owned\\x07done',
    );
    expect(escapeControlCharacters('one\nfake summary\r')).toBe('one\\nfake summary\\r');
    expect(escapeControlCharacters('\u009b31m \u202Eevil')).toBe('\\x9B31m \\u202Eevil');
  });

  it('leaves ordinary text, accents and symbols alone', () => {
    expect(escapeControlCharacters('Organization/1 créé → ok')).toBe('Organization/1 créé → ok');
  });
});

describe('escapeJsonForTerminal', () => {
  it('escapes the characters JSON.stringify leaves raw and keeps the JSON equal', () => {
    const value = { text: 'a\u009b2Jb\u202Ec\u007f' };
    const escaped = escapeJsonForTerminal(JSON.stringify(value));
    expect(escaped).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(escaped)).toEqual(value);
  });
});
