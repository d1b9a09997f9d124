/**
 * Hostile CSV through the reader and the validator: fuzzed bytes in fuzzed chunks, and well-formed
 * documents with rows broken on purpose. Nothing may throw, every record read is counted as valid
 * or invalid, every broken row is reported at its line, and intact documents are read whole.
 */
import { type RecordRead, type Validator, createValidator, validateRecords } from '@medsupply/validators';
import { readCsvRecords } from '@medsupply/validators/csv';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunked } from '../support/streams.js';

let validator: Validator;
beforeAll(async () => {
  validator = await createValidator();
});

type Options = Parameters<typeof readCsvRecords>[1];

async function readAll(
  bytes: Uint8Array,
  sizes: number[],
  options: Omit<Options, 'source'>,
): Promise<RecordRead[]> {
  const records: RecordRead[] = [];
  for await (const record of readCsvRecords(chunked(bytes, sizes), { source: 'fuzz.csv', ...options }))
    records.push(record);
  return records;
}

const HEADER = [
  'documentType',
  'documentId',
  'documentStatus',
  'createdAt',
  'confidentiality',
  'senderGln',
  'countType',
  'asOf',
  'reporterGln',
  'locationGln',
  'productGtin',
  'lotNumber',
  'expiryDate',
  'quantity',
  'unit',
  'disposition',
  '#note',
];
const LOT = HEADER.indexOf('lotNumber');
const NOTE = HEADER.indexOf('#note');

/** Pieces that CSV parsers trip over, mixed with plain text and bytes that are not UTF-8. */
const hostilePiece = fc.oneof(
  fc.constantFrom(
    '"',
    '""',
    ',',
    ';',
    '\n',
    '\r\n',
    '\r',
    '\uFEFF',
    '__proto__',
    'constructor',
    '\u0000',
    'é',
    '😀',
    ' ',
    '|',
  ),
  fc.constantFrom(...HEADER),
  fc.string({ maxLength: 8 }),
  fc.uint8Array({ maxLength: 4 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const limitsArbitrary = fc.record(
  {
    documentType: fc.constantFrom('StockReport', 'Shipment', 'CapacityReport'),
    maxFieldBytes: fc.integer({ min: 1, max: 64 }),
    maxRowBytes: fc.integer({ min: 1, max: 300 }),
    maxColumns: fc.integer({ min: 1, max: 40 }),
    maxRowsPerDocument: fc.integer({ min: 1, max: 6 }),
    maxIssuesPerRecord: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: [] },
);

describe('fuzzing the CSV reader', () => {
  it('never throws on arbitrary bytes; records = valid + invalid; every reader issue has a line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(hostilePiece, { maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }),
        limitsArbitrary,
        async (withHeader, pieces, sizes, options) => {
          const text = `${withHeader ? `${HEADER.join(',')}\n` : ''}${pieces.join('')}`;
          const bytes = Buffer.from(text, 'latin1');
          const records = await readAll(bytes, sizes, options);
          records.forEach((record, i) => {
            expect(record.index).toBe(i);
            expect(record.value !== undefined || record.issues.some((x) => x.severity === 'error')).toBe(
              true,
            );
            for (const found of record.issues)
              expect(found.params?.line, JSON.stringify(found)).toBeTypeOf('number');
          });
          if (options.documentType !== undefined) {
            const lines = records.map((r) => r.line!);
            expect(lines).toEqual([...lines].sort((a, b) => a - b));
            expect(new Set(lines).size).toBe(lines.length);
          }
          let valid = 0;
          let invalid = 0;
          for await (const result of validateRecords(
            readCsvRecords(chunked(bytes, sizes), { source: 'fuzz.csv', ...options }),
            validator,
          )) {
            if (result.valid) valid++;
            else invalid++;
          }
          expect(valid + invalid).toBe(records.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the same records whatever the chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostilePiece, { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1 }),
        limitsArbitrary,
        async (pieces, sizes, options) => {
          const bytes = Buffer.from(`${HEADER.join(';')}\n${pieces.join('')}`, 'latin1');
          const strip = (records: RecordRead[]) => records.map(({ locate, ...rest }) => rest);
          expect(strip(await readAll(bytes, sizes, options))).toEqual(
            strip(await readAll(bytes, [bytes.length + 1], options)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

type Corruption = 'strayQuote' | 'missingCell' | 'invalidUtf8' | 'unclosedQuote';

interface RowSpec {
  lot: string;
  quantity: string;
  location: string;
  note: string;
  corruption?: Corruption;
}

const cellText = fc.oneof(
  fc.constantFrom(
    '',
    'AB1',
    'x,y',
    'say "hi"',
    'two\nlines',
    'cr\r\nlf',
    '\r',
    ',',
    '"',
    '""',
    ' padded ',
    '__proto__',
    'é😀',
  ),
  fc.string({ maxLength: 12 }),
);

const rowArbitrary = fc.record({
  lot: cellText,
  quantity: fc.oneof(fc.nat({ max: 1000 }).map(String), cellText),
  location: fc.constantFrom('5412345000037', '5412345000020', ''),
  note: cellText,
});

const documentsArbitrary = fc.array(fc.array(rowArbitrary, { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 5,
});

/** Encodes one cell: quoted when it must be (or when asked), quotes doubled. */
function encode(cell: string, delimiter: string, forceQuotes: boolean): string {
  const needs = cell.includes('"') || cell.includes(delimiter) || cell.includes('\n') || cell.includes('\r');
  return needs || forceQuotes ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function serialize(documents: RowSpec[][], delimiter: string, crlf: boolean, forceQuotes: boolean) {
  const newline = crlf ? '\r\n' : '\n';
  const parts: Buffer[] = [Buffer.from(`${HEADER.join(delimiter)}${newline}`)];
  let line = 2;
  const firstLines: number[] = [];
  const brokenLines: number[][] = [];
  documents.forEach((rows, d) => {
    firstLines.push(line);
    brokenLines.push([]);
    for (const row of rows) {
      const cells = [
        'StockReport',
        `doc-${d}`,
        'original',
        '2025-03-31T18:00:00+03:00',
        'restricted',
        '5412345000013',
        'snapshot',
        '2025-03-31T17:00:00+03:00',
        '5412345000013',
        row.location,
        '05412345000105',
        row.lot,
        '',
        row.quantity,
        '{pack}',
        'available',
        row.note,
      ].map((cell) => encode(cell, delimiter, forceQuotes));
      let noteBytes = Buffer.from(cells[NOTE]!);
      switch (row.corruption) {
        case 'strayQuote':
          cells[LOT] = 'x"y';
          break;
        case 'missingCell':
          cells.splice(LOT, 1);
          break;
        case 'unclosedQuote':
          cells[LOT] = '"never closed';
          break;
        case 'invalidUtf8': {
          // Inside the cell's quotes, if it has any, so that only the encoding is wrong.
          const at = cells[NOTE]!.startsWith('"') ? 1 : 0;
          noteBytes = Buffer.concat([
            noteBytes.subarray(0, at),
            Buffer.from([0xff, 0xc3]),
            noteBytes.subarray(at),
          ]);
          break;
        }
      }
      const prefix = cells.slice(0, cells.length - 1).join(delimiter) + delimiter;
      const bytes = Buffer.concat([
        Buffer.from(prefix),
        row.corruption === 'missingCell' ? Buffer.from(cells.at(-1)!) : noteBytes,
        Buffer.from(newline),
      ]);
      parts.push(bytes);
      if (row.corruption !== undefined) brokenLines[d]!.push(line);
      line += bytes.toString('latin1').split('\n').length - 1;
    }
  });
  return { bytes: Buffer.concat(parts), firstLines, brokenLines };
}

describe('CSV documents with rows broken on purpose', () => {
  it('reports every broken row at its line inside its document and reads intact documents whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        documentsArbitrary,
        fc.array(
          fc.option(
            fc.constantFrom<Corruption>('strayQuote', 'missingCell', 'invalidUtf8', 'unclosedQuote'),
            { freq: 3 },
          ),
          {
            minLength: 20,
            maxLength: 20,
          },
        ),
        fc.constantFrom(',', ';'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1 }),
        async (documents, corruptions, delimiter, crlf, forceQuotes, sizes) => {
          let k = 0;
          const specs: RowSpec[][] = documents.map((rows) =>
            rows.map((row) => {
              const corruption = corruptions[k++ % corruptions.length];
              if (corruption === null || corruption === undefined) return row;
              // A row that spans lines and is otherwise broken is read as an unclosed quote (the
              // likelier cause), so rows broken by a quote or a missing cell keep to one line.
              const oneLine = (cell: string) => cell.replace(/[\r\n]/g, ' ');
              return corruption === 'unclosedQuote' || corruption === 'missingCell'
                ? { ...row, corruption, quantity: oneLine(row.quantity), note: oneLine(row.note) }
                : { ...row, corruption };
            }),
          );
          const { bytes, firstLines, brokenLines } = serialize(specs, delimiter, crlf, forceQuotes);
          const records = await readAll(bytes, sizes, {});
          expect(records.map((r) => r.line)).toEqual(firstLines);
          records.forEach((record, d) => {
            const rows = specs[d]!;
            const reported = record.issues.map((x) => x.params?.line);
            expect(reported, `document ${d}`).toEqual(brokenLines[d]);
            const intact = rows.filter((row) => row.corruption === undefined);
            if (intact.length === 0) {
              expect(record.value).toBeUndefined();
              return;
            }
            const listings = (
              record.value as { listings: Array<{ lines: Array<{ lot?: { lotNumber: string } }> }> }
            ).listings;
            const lots = listings.flatMap((l) => l.lines.map((line) => line.lot?.lotNumber ?? ''));
            expect(lots.sort()).toEqual(intact.map((row) => row.lot).sort());
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recovers from a 30 MB row without a closing quote', async () => {
    const header = `${HEADER.join(',')}\n`;
    const good =
      'StockReport,doc-1,original,2025-03-31T18:00:00+03:00,restricted,5412345000013,snapshot,2025-03-31T17:00:00+03:00,5412345000013,5412345000037,05412345000105,AB1,,1,{pack},available,\n';
    async function* input() {
      yield Buffer.from(`${header}StockReport,doc-0,"open`);
      const block = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 30; i++) yield block;
      yield Buffer.from(`\n${good}`);
    }
    const records: RecordRead[] = [];
    for await (const record of readCsvRecords(input(), { source: 'huge.csv' })) records.push(record);
    expect(records.map((r) => [r.line, r.issues.map((x) => x.code)])).toEqual([
      [2, ['CSV_ROW_TOO_LARGE']],
      [3, []],
    ]);
  });
});
