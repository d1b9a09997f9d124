import { describe, expect, it } from 'vitest';
import { printable, printableJson } from './printable.js';

describe('printable', () => {
  it('leaves ordinary text, including non-Latin letters, as it is', () => {
    expect(printable('Lot 2025/α — Nairobi, Kenya')).toBe('Lot 2025/α — Nairobi, Kenya');
  });

  it('writes C0 controls, DEL and C1 controls as \\x escapes, so ESC sequences cannot run', () => {
    expect(printable('\u001b[2J\u001b[Hfake summary')).toBe('\\x1b[2J\\x1b[Hfake summary');
    expect(printable('a\u0000b\u0007c\u007fd\u009be\u0085')).toBe('a\\x00b\\x07c\\x7fd\\x9be\\x85');
  });

  it('keeps one message on one line: newline, carriage return and tab are escaped', () => {
    expect(printable('x\ny\rz\t')).toBe('x\\x0ay\\x0dz\\x09');
  });

  it('escapes bidirectional overrides, isolates and marks, and line separators', () => {
    expect(printable('a\u202eb\u2066c\u200fd\u061ce\u2028f')).toBe(
      'a\\u202eb\\u2066c\\u200fd\\u061ce\\u2028f',
    );
  });
});

describe('printableJson', () => {
  it('escapes the characters JSON.stringify leaves raw and keeps the JSON equal', () => {
    const value = { text: 'a\u009b2Jb\u202Ec\u007f' };
    const escaped = printableJson(JSON.stringify(value));
    expect(escaped).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(escaped)).toEqual(value);
  });
});
