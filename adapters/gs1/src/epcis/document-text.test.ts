import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/support/prng.js';
import { DocumentText } from './document-text.js';

/** Text with ASCII, 2-, 3- and 4-byte characters and U+FFFD, as UTF-8; now and then a byte is broken. */
function sampleBytes(next: () => number): Uint8Array {
  const pieces = ['a', '<', 'é', 'ß', '€', '中', '\uFFFD', '😀', '\uFEFF', ' '];
  let text = '';
  const length = Math.floor(next() * 40);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  if (bytes.length > 0 && next() < 0.4) {
    // Malformed on purpose: a stray continuation byte, an overlong form, a surrogate or a cut.
    const at = Math.floor(next() * bytes.length);
    const broken = [0x80, 0xc0, 0xed, 0xf8, 0xff][Math.floor(next() * 5)] as number;
    if (next() < 0.2) return bytes.subarray(0, at);
    bytes[at] = broken;
  }
  return bytes;
}

function decodeInChunks(bytes: Uint8Array, cuts: number[]): string | 'encoding' {
  const text = new DocumentText(Number.MAX_SAFE_INTEGER);
  let out = '';
  let start = 0;
  for (const end of [...cuts, bytes.length]) {
    const part = text.next(bytes.subarray(start, end));
    if (typeof part !== 'string') return 'encoding';
    out += part;
    start = end;
  }
  const rest = text.end();
  return typeof rest === 'string' ? out + rest : 'encoding';
}

function reference(bytes: Uint8Array): string | 'encoding' {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'encoding';
  }
}

describe('DocumentText', () => {
  it('decodes exactly what a fatal TextDecoder decodes, however the bytes are chunked', () => {
    const next = seededRandom(14);
    let refused = 0;
    for (let run = 0; run < 5_000; run++) {
      const bytes = sampleBytes(next);
      const cuts = Array.from({ length: Math.floor(next() * 4) }, () =>
        Math.floor(next() * (bytes.length + 1)),
      ).sort((a, b) => a - b);
      const expected = reference(bytes);
      if (expected === 'encoding') refused++;
      expect(decodeInChunks(bytes, cuts), `bytes ${Buffer.from(bytes).toString('hex')} cut at ${cuts}`).toBe(
        expected,
      );
    }
    // The sample holds both kinds of input, so both branches were compared.
    expect(refused).toBeGreaterThan(500);
  });

  it('drops a byte order mark even when it is split across chunks', () => {
    expect(decodeInChunks(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]), [1, 2])).toBe('<');
  });

  it('keeps a U+FFFD that the document really contains', () => {
    expect(decodeInChunks(new Uint8Array(Buffer.from('a\uFFFDb')), [2])).toBe('a\uFFFDb');
  });

  it('refuses a document that ends inside a character', () => {
    expect(decodeInChunks(new Uint8Array([0x61, 0xe2, 0x82]), [])).toBe('encoding');
  });

  it('counts bytes against the size limit', () => {
    const text = new DocumentText(4);
    expect(text.next(new Uint8Array([0x61, 0x62, 0x63]))).toBe('abc');
    expect(text.next(new Uint8Array([0x64, 0x65]))).toEqual({ kind: 'size', limit: 4 });
  });
});
