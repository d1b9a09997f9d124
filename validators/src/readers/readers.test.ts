import { describe, expect, it } from 'vitest';
import { readRecords } from './index.js';
import type { RecordRead } from './record.js';

/** Feeds bytes in chunks of `size` so every split point between chunks gets exercised. */
async function read(bytes: Buffer | string, source: string, size = 3, limits = {}): Promise<RecordRead[]> {
  const data = Buffer.from(bytes);
  async function* chunks() {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
  }
  const out: RecordRead[] = [];
  for await (const record of readRecords(chunks(), { source, limits })) out.push(record);
  return out;
}

const summary = (records: RecordRead[]) =>
  records.map((r) => [r.index, r.line, r.issues.map((i) => i.code).join(',') || r.value]);

describe('NDJSON reader', () => {
  it('reads one record per line with line numbers, skipping blank lines, CRLF and a BOM', async () => {
    const records = await read('\uFEFF{"a":1}\r\n\n  \n{"b":2}\n', 'feed.ndjson');
    expect(summary(records)).toEqual([
      [0, 1, { a: 1 }],
      [1, 4, { b: 2 }],
    ]);
  });

  it('reports a malformed line and goes on', async () => {
    const records = await read('{"a":1}\n{"a":\n{"a":3}\n', 'feed.jsonl', 5);
    expect(summary(records)).toEqual([
      [0, 1, { a: 1 }],
      [1, 2, 'JSON_SYNTAX'],
      [2, 3, { a: 3 }],
    ]);
  });

  it('calls a broken last line without newline truncated', async () => {
    expect(summary(await read('{"a":1}\n{"a":[1,2', 'feed.ndjson'))).toEqual([
      [0, 1, { a: 1 }],
      [1, 2, 'TRUNCATED_RECORD'],
    ]);
  });

  it('reports invalid UTF-8 for that line only', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n{"b":1}\n'),
    ]);
    expect(summary(await read(bytes, 'feed.ndjson'))).toEqual([
      [0, 1, 'INVALID_UTF8'],
      [1, 2, { b: 1 }],
    ]);
  });

  it('skips an oversized line without buffering it and keeps counting lines', async () => {
    const long = `{"x":"${'y'.repeat(5000)}"}`;
    const records = await read(`{"a":1}\n${long}\n{"b":2}\n`, 'feed.ndjson', 64, { maxRecordBytes: 1000 });
    expect(summary(records)).toEqual([
      [0, 1, { a: 1 }],
      [1, 2, 'RECORD_TOO_LARGE'],
      [2, 3, { b: 2 }],
    ]);
  });

  it('refuses deep nesting and __proto__ members', async () => {
    const deep = `${'['.repeat(500)}${']'.repeat(500)}`;
    const records = await read(`${deep}\n{"a":{"__proto__":{"polluted":true}}}\n`, 'feed.ndjson', 50);
    expect(summary(records).map((r) => r[2])).toEqual(['JSON_TOO_DEEP', 'FORBIDDEN_KEY']);
    expect(records[1]!.issues[0]!.path).toBe('/a/__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('JSON reader', () => {
  it('splits an array into records, whatever the chunking, with the line each starts on', async () => {
    const text = '[\n  {"a":"]}\\",{"},\n  {"b":[1,{"c":2}]},\n  {"d":1}\n]\n';
    for (const size of [1, 2, 7, 1000]) {
      expect(summary(await read(text, 'feed.json', size))).toEqual([
        [0, 2, { a: ']}",{' }],
        [1, 3, { b: [1, { c: 2 }] }],
        [2, 4, { d: 1 }],
      ]);
    }
  });

  it('reads a file holding one document', async () => {
    expect(summary(await read('\n {"a":\n 1}\n', 'doc.json'))).toEqual([[0, 2, { a: 1 }]]);
  });

  it('reports a broken element and reads the next', async () => {
    expect(summary(await read('[{"a":1},{"a":tru},{"a":3}]', 'feed.json'))).toEqual([
      [0, 1, { a: 1 }],
      [1, 1, 'JSON_SYNTAX'],
      [2, 1, { a: 3 }],
    ]);
  });

  it('reports an array cut short', async () => {
    expect(summary(await read('[{"a":1},{"a":', 'feed.json'))).toEqual([
      [0, 1, { a: 1 }],
      [1, 1, 'TRUNCATED_RECORD'],
    ]);
  });

  it('yields one EMPTY_INPUT record for an input without records, and flags content after an array', async () => {
    for (const [text, source] of [
      ['[ ]', 'feed.json'],
      ['', 'feed.json'],
      [' \n', 'feed.ndjson'],
      ['', '-'],
    ]) {
      expect(summary(await read(text!, source!))).toEqual([[0, 1, 'EMPTY_INPUT']]);
    }
    expect(summary(await read('[{"a":1}] x', 'feed.json')).map((r) => r[2])).toEqual([
      { a: 1 },
      'JSON_SYNTAX',
    ]);
  });
});

describe('format sniffing', () => {
  it('takes a leading [ on stdin as a JSON array, anything else as NDJSON', async () => {
    expect(summary(await read(' [{"a":1},{"a":2}]', '-'))).toHaveLength(2);
    expect(summary(await read('{"a":1}\n{"a":2}\n', '-'))).toHaveLength(2);
  });

  it('takes a header row of column names on stdin as CSV, as --help says', async () => {
    const csv = 'documentType,documentId,documentStatus\nStockReport,d-1,original\n';
    for (const text of [csv, csv.replaceAll(',', ';')]) {
      const records = await read(text, '-');
      expect(records).toHaveLength(1);
      expect(records[0]!.issues.map((x) => x.code)).not.toContain('JSON_SYNTAX');
    }
  });
});
