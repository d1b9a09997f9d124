import { describe, expect, it } from 'vitest';
import type { Output } from './reporter.js';
import { Spool } from './spool.js';

function collector(): Output & { text(): string } {
  const parts: string[] = [];
  return {
    write: (t) => {
      parts.push(t);
    },
    drained: async () => {},
    close: async () => {},
    text: () => parts.join(''),
  };
}

describe('Spool', () => {
  it('gives back small reports from memory, in order', async () => {
    const spool = new Spool();
    for (const t of ['a', 'β', 'c']) spool.append(t);
    const out = collector();
    await spool.drainTo(out);
    expect(out.text()).toBe('aβc');
  });

  it('spills large reports to disk and gives them back byte for byte, multi-byte characters included', async () => {
    const spool = new Spool();
    // 12 MB of text where a 3-byte character straddles many 1 MiB block boundaries.
    const line = `${'x'.repeat(99)}€\n`;
    let expected = '';
    for (let i = 0; i < 120_000; i++) {
      spool.append(line);
      if (i < 3) expected += line;
    }
    const out = collector();
    await spool.drainTo(out);
    const text = out.text();
    expect(text.length).toBe(line.length * 120_000);
    expect(text.startsWith(expected)).toBe(true);
    expect(text.split('\n').filter((l) => l !== `${'x'.repeat(99)}€`)).toEqual(['']);
  });
});
