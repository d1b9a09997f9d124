import { describe, expect, it } from 'vitest';
import { type Frame, RowFramer } from './framer.js';

const COMMA = 0x2c;

function frame(
  text: string | Buffer,
  options: { maxRowBytes?: number; chunk?: number; expectedCells?: number } = {},
): Frame[] {
  const framer = new RowFramer({
    delimiter: COMMA,
    maxRowBytes: options.maxRowBytes ?? 1024,
    expectedCells: options.expectedCells,
  });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const size = options.chunk ?? bytes.length;
  const out: Frame[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...framer.push(bytes.subarray(i, i + size)));
  out.push(...framer.end());
  return out;
}

const summary = (frames: Frame[]) =>
  frames.map((f) => ({
    line: f.line,
    text: f.bytes.toString(),
    ...(f.problem ? { problem: f.problem, cell: f.problemCell } : {}),
  }));

describe('RowFramer', () => {
  it('cuts rows at LF and CRLF and numbers their lines', () => {
    expect(summary(frame('a,b\r\nc,d\ne,f'))).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: 'c,d' },
      { line: 3, text: 'e,f' },
    ]);
  });

  it('skips blank lines but counts them', () => {
    expect(summary(frame('a\n\n\r\nb\n\n'))).toEqual([
      { line: 1, text: 'a' },
      { line: 4, text: 'b' },
    ]);
  });

  it('keeps line breaks and escaped quotes inside quoted cells, numbering the row by its first line', () => {
    expect(summary(frame('x,"one\r\ntwo ""2"""\ny,z\n'))).toEqual([
      { line: 1, text: 'x,"one\r\ntwo ""2"""' },
      { line: 3, text: 'y,z' },
    ]);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(summary(frame(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')])))).toEqual([
      { line: 1, text: 'a,b' },
    ]);
  });

  it('reports an unclosed quote at its first line and reads the following lines again', () => {
    expect(summary(frame('h\n1,"open\n2,b\n3,c\n'))).toEqual([
      { line: 1, text: 'h' },
      { line: 2, text: '1,"open', problem: 'CSV_UNCLOSED_QUOTE', cell: 1 },
      { line: 3, text: '2,b' },
      { line: 4, text: '3,c' },
    ]);
  });

  it('gives up on an open quote after maxRowBytes and resumes on the next line', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},value`).join('\n');
    const frames = frame(`"never closed\n${rows}\n`, { maxRowBytes: 40 });
    expect(frames[0]).toMatchObject({ line: 1, problem: 'CSV_UNCLOSED_QUOTE' });
    expect(summary(frames.slice(1))).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ line: i + 2, text: `${i},value` })),
    );
  });

  it('re-reads the lines after an unclosed quote that a later quoted cell would otherwise close', () => {
    expect(summary(frame('h1,h2,h3\n1,"open,x\n2,"b",c\n3,d,e\n', { expectedCells: 3 }))).toEqual([
      { line: 1, text: 'h1,h2,h3' },
      { line: 2, text: '1,"open,x', problem: 'CSV_UNCLOSED_QUOTE', cell: 1 },
      { line: 3, text: '2,"b",c' },
      { line: 4, text: '3,d,e' },
    ]);
  });

  it('re-reads a row spanning lines whose cell count differs from the header', () => {
    expect(summary(frame('a,b\n1,"x\n2,",y\n3,z\n', { expectedCells: 2 }))).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: '1,"x', problem: 'CSV_UNCLOSED_QUOTE', cell: 1 },
      { line: 3, text: '2,",y', problem: 'CSV_UNCLOSED_QUOTE', cell: 1 },
      { line: 4, text: '3,z' },
    ]);
    expect(summary(frame('a,b\n1,"x\ny"\n', { expectedCells: 2 }))).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: '1,"x\ny"' },
    ]);
  });

  it('reports stray quotes with the cell where they are and keeps reading', () => {
    expect(summary(frame('a,b"c,d\n"e"f,g\n"h"\r,i\nj,k\n'))).toEqual([
      { line: 1, text: 'a,b"c,d', problem: 'CSV_INVALID_QUOTE', cell: 1 },
      { line: 2, text: '"e"f,g', problem: 'CSV_INVALID_QUOTE', cell: 0 },
      { line: 3, text: '"h"\r,i', problem: 'CSV_INVALID_QUOTE', cell: 0 },
      { line: 4, text: 'j,k' },
    ]);
  });

  it('skips a row larger than maxRowBytes up to the next line break, without buffering it', () => {
    const big = 'x'.repeat(500);
    const frames = frame(`a,b\n${big},"${big}\n${big}"\nc,d\n`, { maxRowBytes: 100, chunk: 64 });
    expect(summary(frames).map(({ line, problem }) => ({ line, problem }))).toEqual([
      { line: 1, problem: undefined },
      { line: 2, problem: 'CSV_ROW_TOO_LARGE' },
      { line: 3, problem: 'CSV_ROW_TOO_LARGE' },
      { line: 4, problem: undefined },
    ]);
    expect(frames[1]!.bytes.length).toBeLessThanOrEqual(100);
  });

  it('frames the same rows whatever the chunk size', () => {
    const text = '\ufeffh1,h2\r\n"a\r\n""b""",c\n\nd,"e"\r\nf"g,h\n"unclosed,i\nj,k\r\nl,"m"n\n';
    const expected = summary(frame(text));
    for (let size = 1; size <= text.length; size++)
      expect(summary(frame(text, { chunk: size }))).toEqual(expected);
  });
});
