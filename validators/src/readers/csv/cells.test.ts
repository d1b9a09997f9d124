import { describe, expect, it } from 'vitest';
import { type CellContext, isBroken, leadingCell, readCells } from './cells.js';
import type { Frame } from './framer.js';

const context = (overrides: Partial<CellContext> = {}): CellContext => ({
  delimiter: ',',
  maxFieldBytes: 16,
  maxRowBytes: 1024,
  header: ['documentId', 'quantity', 'unit'],
  keyIndex: 0,
  typeIndex: -1,
  ...overrides,
});

const frames = (...rows: Array<string | Buffer>): Frame[] =>
  rows.map((row, i) => ({ line: i + 2, bytes: typeof row === 'string' ? Buffer.from(row) : row }));

describe('readCells', () => {
  it('reads cells, unquoting them, and leaves out rows whose cells are all blank', () => {
    const rows = readCells(frames('d1,"1""2",{pack}', ',,', ' , , ', 'd2,"a\r\nb",mL'), context());
    expect(rows).toEqual([
      { line: 2, cells: ['d1', '1"2', '{pack}'] },
      { line: 5, cells: ['d2', 'a\r\nb', 'mL'] },
    ]);
  });

  it('reads ; separated rows', () => {
    expect(readCells(frames('d1;2,5;mg'), context({ delimiter: ';' }))).toEqual([
      { line: 2, cells: ['d1', '2,5', 'mg'] },
    ]);
  });

  it('reports a row with the wrong number of cells, keeping its documentId', () => {
    const [row] = readCells(frames('d1,1'), context());
    expect(row).toMatchObject({
      line: 2,
      key: 'd1',
      broken: { code: 'CSV_COLUMN_COUNT', params: { line: 2, expected: 3, actual: 2 } },
    });
  });

  it('reports a cell larger than maxFieldBytes, counting UTF-8 bytes', () => {
    const [ascii, accented] = readCells(frames(`d1,${'9'.repeat(17)},x`, `d2,${'é'.repeat(9)},x`), context());
    expect(ascii).toMatchObject({
      key: 'd1',
      broken: { code: 'CSV_FIELD_TOO_LARGE', params: { column: 'quantity', maxFieldBytes: 16 } },
    });
    expect(accented).toMatchObject({ key: 'd2', broken: { code: 'CSV_FIELD_TOO_LARGE' } });
    expect(readCells(frames(`d3,${'é'.repeat(8)},x`), context())[0]).toEqual({
      line: 2,
      cells: ['d3', 'é'.repeat(8), 'x'],
    });
  });

  it('reports invalid UTF-8 on its own row only', () => {
    const rows = readCells(frames(Buffer.from([0x64, 0x31, 0x2c, 0xff, 0x2c, 0x78]), 'd2,1,x'), context());
    expect(rows[0]).toMatchObject({
      line: 2,
      key: 'd1',
      broken: { code: 'INVALID_UTF8', params: { line: 2 } },
    });
    expect(rows[1]).toEqual({ line: 3, cells: ['d2', '1', 'x'] });
  });

  it('says so when the file is UTF-16', () => {
    const [row] = readCells(
      [{ line: 1, bytes: Buffer.from('\ufeffdocumentId', 'utf16le') }],
      context({ header: undefined }),
    );
    expect(row).toMatchObject({ broken: { code: 'INVALID_UTF8', params: { encoding: 'UTF-16' } } });
  });

  it('turns framing problems into issues naming the column', () => {
    const [row] = readCells(
      [{ line: 4, bytes: Buffer.from('d9,"12'), problem: 'CSV_UNCLOSED_QUOTE', problemCell: 1 }],
      context(),
    );
    expect(isBroken(row!)).toBe(true);
    expect(row).toMatchObject({
      key: 'd9',
      broken: { code: 'CSV_UNCLOSED_QUOTE', path: '', params: { line: 4, column: 'quantity' } },
    });
  });
});

describe('leadingCell', () => {
  it('reads one cell of a broken row leniently', () => {
    const bytes = Buffer.from('"a,""b""",c,"d\nrest');
    expect(leadingCell(bytes, ',', 0)).toBe('a,"b"');
    expect(leadingCell(bytes, ',', 1)).toBe('c');
    expect(leadingCell(bytes, ',', 2)).toBeUndefined();
    expect(leadingCell(Buffer.from('x;y'), ';', 1)).toBe('y');
    expect(leadingCell(Buffer.from('x,y'), ',', 5)).toBeUndefined();
  });
});
