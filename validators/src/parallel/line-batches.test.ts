import { describe, expect, it } from 'vitest';
import type { Frame } from '../readers/frame.js';
import { DEFAULT_LIMITS, type ReaderLimits } from '../readers/limits.js';
import { frameNdjsonBatches } from '../readers/ndjson.js';
import { type LineBatch, cutLineBatches, framesOfBatch } from './line-batches.js';

async function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** A frame as plain data, bytes as text, for comparing. */
function plain(frame: Frame) {
  return {
    index: frame.index,
    line: frame.line,
    column: frame.column,
    bytes: frame.bytes === undefined ? undefined : Buffer.from(frame.bytes).toString('latin1'),
    truncated: frame.truncated ?? false,
    issues: frame.issues,
  };
}

async function readerFrames(input: Uint8Array, limits: ReaderLimits) {
  const frames = [];
  for await (const batch of frameNdjsonBatches(chunks(input, 4096), limits)) frames.push(...batch.map(plain));
  return frames;
}

async function workerFrames(input: Uint8Array, chunkSize: number, batchBytes: number, limits: ReaderLimits) {
  const batches: LineBatch[] = [];
  for await (const batch of cutLineBatches(chunks(input, chunkSize), { limits, batchBytes }))
    batches.push(batch);
  const frames = batches.flatMap((batch) => framesOfBatch(batch, limits).map(plain));
  return { batches, frames };
}

const record = (n: number) => JSON.stringify({ documentType: 'StockReport', n, pad: 'x'.repeat(n % 50) });
const lines = Array.from({ length: 40 }, (_, n) => record(n));

/** Inputs that stress the cut: each must frame exactly as the single-threaded reader frames it. */
const cases: Record<string, Uint8Array> = {
  'plain lines': Buffer.from(`${lines.join('\n')}\n`),
  'a last line without a line end': Buffer.from(lines.join('\n')),
  'CRLF line ends': Buffer.from(`${lines.join('\r\n')}\r\n`),
  'a BOM before the first line': Buffer.from(`\uFEFF${lines.join('\n')}\n`),
  'a BOM alone on the first line': Buffer.from(`\uFEFF\n${lines.join('\n')}`),
  'blank lines, spaces and tabs between records': Buffer.from(
    `\n\n${lines.slice(0, 10).join('\n \t\n\r\n')}\n\n   \n${lines.slice(10).join('\n\n')}\n\n`,
  ),
  'a line longer than a batch': Buffer.from(
    `${lines.slice(0, 5).join('\n')}\n${JSON.stringify({ big: 'y'.repeat(5000) })}\n${lines.slice(5).join('\n')}\n`,
  ),
  'invalid UTF-8': Buffer.concat([
    Buffer.from(`${lines[0]}\n{"documentType":"`),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
    Buffer.from(`"}\n${lines.slice(1).join('\n')}\n`),
  ]),
  'only blank lines': Buffer.from('\n  \n\r\n\t\n'),
  'nothing at all': new Uint8Array(0),
  'a BOM and nothing else': Buffer.from('\uFEFF'),
  'a blank last line without a line end': Buffer.from(`${lines[0]}\n   `),
};

describe('cutLineBatches + framesOfBatch', () => {
  for (const [name, input] of Object.entries(cases)) {
    it(`frame ${name} as the single-threaded reader does, whatever the chunk and batch sizes`, async () => {
      const expected = await readerFrames(input, DEFAULT_LIMITS);
      for (const chunkSize of [1, 2, 3, 7, 64, 333, 100_000]) {
        for (const batchBytes of [1, 50, 700, 1 << 20]) {
          const { frames } = await workerFrames(input, chunkSize, batchBytes, DEFAULT_LIMITS);
          expect(frames, `chunks of ${chunkSize}, batches of ${batchBytes}`).toEqual(expected);
        }
      }
    });
  }

  it('frames lines over the record limit as RECORD_TOO_LARGE records, kept or dropped while reading', async () => {
    const limits = { ...DEFAULT_LIMITS, maxRecordBytes: 100 };
    const input = Buffer.from(
      `${lines[1]}\n${'z'.repeat(150)}\n${lines[2]}\n${'w'.repeat(1000)}\n\n${lines[3]}\n${'v'.repeat(300)}`,
    );
    const expected = await readerFrames(input, limits);
    expect(expected.filter((f) => f.issues?.[0]?.code === 'RECORD_TOO_LARGE')).toHaveLength(3);
    for (const chunkSize of [1, 5, 64, 333, 100_000]) {
      for (const batchBytes of [1, 120, 1 << 20]) {
        const { frames } = await workerFrames(input, chunkSize, batchBytes, limits);
        expect(frames, `chunks of ${chunkSize}, batches of ${batchBytes}`).toEqual(expected);
      }
    }
  });

  it('numbers each batch from the lines and records before it, and ends every batch but the last at a line end', async () => {
    const input = cases['blank lines, spaces and tabs between records']!;
    const { batches } = await workerFrames(input, 37, 200, DEFAULT_LIMITS);
    expect(batches.length).toBeGreaterThan(5);
    let records = 0;
    for (const [i, batch] of batches.entries()) {
      expect(batch.firstIndex).toBe(records);
      records += batch.records;
      if (i < batches.length - 1) expect(batch.bytes.at(-1)).toBe(0x0a);
      expect(batch.atStart).toBe(i === 0);
      expect(batch.atEnd).toBe(i === batches.length - 1);
    }
    expect(records).toBe(lines.length);
  });

  it('keeps no more than a batch and one line in memory for a long run of lines', async () => {
    const big = Buffer.from(`${Array.from({ length: 2000 }, (_, n) => record(n)).join('\n')}\n`);
    const { batches } = await workerFrames(big, 4096, 16 * 1024, DEFAULT_LIMITS);
    for (const batch of batches) expect(batch.bytes.byteLength).toBeLessThan(16 * 1024 + 4096 + 200);
  });
});
