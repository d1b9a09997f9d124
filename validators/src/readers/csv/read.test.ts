import { readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RecordRead } from '../record.js';
import { RECENT_DOCUMENTS } from './assemble.js';
import { type CsvReadOptions, csvIssueCodes, readCsvRecords } from './index.js';

async function read(
  text: string | Buffer,
  options: Partial<CsvReadOptions> = {},
  chunk = Number.POSITIVE_INFINITY,
): Promise<RecordRead[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(chunk, bytes.length))
    chunks.push(bytes.subarray(i, i + chunk));
  const records: RecordRead[] = [];
  for await (const record of readCsvRecords(Readable.from(chunks), { source: 'test.csv', ...options }))
    records.push(record);
  return records;
}

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const codes = (record: RecordRead | undefined) => record?.issues.map((i) => i.code);

const ID_A = '3f0c8a52-7d1e-4c3b-9a55-2b7e8f1d6c01';
const ID_B = '9b2d4e10-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const STOCK_HEADER =
  'documentType,documentId,documentStatus,createdAt,confidentiality,senderGln,countType,asOf,reporterGln,locationGln,productGtin,lotNumber,expiryDate,quantity,unit,disposition';
const stockRow = (id: string, location: string, gtin: string, quantity: string, lot = 'AB1') =>
  `StockReport,${id},original,2025-03-31T18:00:00+03:00,restricted,5412345000013,snapshot,2025-03-31T17:00:00+03:00,5412345000013,${location},${gtin},${lot},2026-08-31,${quantity},{pack},available`;

describe('readCsvRecords: building documents', () => {
  it('groups consecutive rows by documentId and StockReport rows by location', async () => {
    const records = await read(
      csv(
        STOCK_HEADER,
        stockRow(ID_A, '5412345000037', '05412345000105', '120'),
        stockRow(ID_A, '5412345000020', '05412345000112', '7'),
        stockRow(ID_A, '5412345000037', '05412345000112', '30', ''),
        stockRow(ID_B, '5412345000037', '05412345000105', '1'),
      ),
    );
    expect(records.map((r) => [r.index, r.line, r.issues.length])).toEqual([
      [0, 2, 0],
      [1, 5, 0],
    ]);
    expect(records[0]!.value).toEqual({
      schemaVersion: '1.0.0',
      documentType: 'StockReport',
      documentId: ID_A,
      documentStatus: 'original',
      createdAt: '2025-03-31T18:00:00+03:00',
      confidentiality: 'restricted',
      sender: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000013' } },
      countType: 'snapshot',
      asOf: '2025-03-31T17:00:00+03:00',
      reporter: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000013' } },
      listings: [
        {
          location: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000037' } },
          lines: [
            {
              product: { identifier: { system: 'https://www.gs1.org/gtin', value: '05412345000105' } },
              lot: { lotNumber: 'AB1', expiryDate: '2026-08-31' },
              quantity: { value: 120, unit: '{pack}' },
              disposition: 'available',
            },
            {
              product: { identifier: { system: 'https://www.gs1.org/gtin', value: '05412345000112' } },
              lot: { expiryDate: '2026-08-31' },
              quantity: { value: 30, unit: '{pack}' },
              disposition: 'available',
            },
          ],
        },
        {
          location: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000020' } },
          lines: [
            {
              product: { identifier: { system: 'https://www.gs1.org/gtin', value: '05412345000112' } },
              lot: { lotNumber: 'AB1', expiryDate: '2026-08-31' },
              quantity: { value: 7, unit: '{pack}' },
              disposition: 'available',
            },
          ],
        },
      ],
    });
  });

  it('maps pointers back to the row and the column', async () => {
    const rows = [STOCK_HEADER];
    for (let i = 0; i < 6; i++) rows.push(stockRow(ID_A, '5412345000037', '05412345000105', String(i)));
    rows.push(stockRow(ID_A, '5412345000020', '05412345000105', '8'));
    const [record] = await read(csv(...rows));
    const locate = record!.locate!;
    expect(locate('/listings/0/lines/3/quantity/value')).toEqual({ line: 5, column: 'quantity' });
    expect(locate('/listings/0/lines/5/quantity/unit')).toEqual({ line: 7, column: 'unit' });
    expect(locate('/listings/1/lines/0/lot/lotNumber')).toEqual({ line: 8, column: 'lotNumber' });
    expect(locate('/listings/1/location/identifier/value')).toEqual({ line: 8, column: 'locationGln' });
    expect(locate('/listings/0/lines/2/product/identifier/value')).toEqual({
      line: 4,
      column: 'productGtin',
    });
    expect(locate('/createdAt')).toEqual({ line: 2, column: 'createdAt' });
    // A missing member is named by the column that would fill it.
    expect(locate('/reporter/identifier')).toEqual({ line: 2, column: 'reporterGln' });
    expect(locate('/period/start')).toEqual({ line: 2, column: 'periodStart' });
    expect(locate('/listings/0/lines/4')).toEqual({ line: 6 });
    expect(locate('')).toEqual({ line: 2 });
    expect(locate('/listings/9/lines/0')).toEqual({ line: 2 });
    expect(locate('not a pointer')).toBeUndefined();
  });

  it('names the generic identifier columns when the system is not GS1', async () => {
    const records = await read(
      csv(
        'documentType,documentId,shipmentIdSystem,shipmentIdValue,productGtin,productIdSystem,productIdValue,quantityShipped,unit',
        `Shipment,${ID_A},https://example.org/asn,ASN-1,,http://hl7.org/fhir/sid/ndc,0409-4888-02,5,{pack}`,
        `Shipment,${ID_A},https://example.org/asn,ASN-1,05412345000105,,,6,{pack}`,
      ),
    );
    const record = records[0]!;
    expect(record.value).toMatchObject({
      identifiers: [{ system: 'https://example.org/asn', value: 'ASN-1' }],
      lines: [
        {
          product: { identifier: { system: 'http://hl7.org/fhir/sid/ndc', value: '0409-4888-02' } },
          quantityShipped: { value: 5, unit: '{pack}' },
        },
        { product: { identifier: { system: 'https://www.gs1.org/gtin', value: '05412345000105' } } },
      ],
    });
    expect(record.locate!('/lines/0/product/identifier/value')).toEqual({
      line: 2,
      column: 'productIdValue',
    });
    expect(record.locate!('/lines/1/product/identifier/value')).toEqual({ line: 3, column: 'productGtin' });
    expect(record.locate!('/identifiers/0/value')).toEqual({ line: 2, column: 'shipmentIdValue' });
  });

  it('leaves empty cells out and keeps a non-number quantity as written', async () => {
    const [record] = await read(csv('documentId,quantity,unit,lotNumber', `${ID_A},12 packs,{pack},`), {
      documentType: 'StockReport',
    });
    expect(record!.value).toMatchObject({
      listings: [{ lines: [{ quantity: { value: '12 packs', unit: '{pack}' } }] }],
    });
    expect(JSON.stringify(record!.value)).not.toContain('lot');
  });

  it('applies the unit and package to every quantity the row fills', async () => {
    const [record] = await read(
      csv(
        'documentId,producedQuantity,nominalCapacity,unit,packageGtin,marketScope,periodStart,periodEnd',
        `${ID_A},100,,{pack},05412345000105,US|CA,2025-02-01,2025-02-28`,
      ),
      { documentType: 'CapacityReport' },
    );
    expect(record!.value).toEqual({
      schemaVersion: '1.0.0',
      documentType: 'CapacityReport',
      documentId: ID_A,
      producedQuantity: {
        value: 100,
        unit: '{pack}',
        packageRef: { system: 'https://www.gs1.org/gtin', value: '05412345000105' },
      },
      marketScope: ['US', 'CA'],
      period: { start: '2025-02-01', end: '2025-02-28' },
    });
  });

  it('reads lists, booleans and integers of a ShortageNotice, one product per row', async () => {
    const [record] = await read(
      csv(
        'documentType;documentId;jurisdictions;apiRelated;expectedDurationDays;productIdSystem;productIdValue;presentationText',
        `ShortageNotice;${ID_A};US|CA;false;30;http://hl7.org/fhir/sid/ndc;0409-4888-02;Vial, 10 mL`,
        `ShortageNotice;${ID_A};US|CA;false;30;http://hl7.org/fhir/sid/ndc;0409-4888-10;"Vial; 5 mL"`,
      ),
    );
    expect(record!.value).toMatchObject({
      jurisdictions: ['US', 'CA'],
      apiRelated: false,
      expectedDurationDays: 30,
      products: [{ presentationText: 'Vial, 10 mL' }, { presentationText: 'Vial; 5 mL' }],
    });
  });

  it('reads a DemandForecast series, one period per row', async () => {
    const [record] = await read(
      csv(
        'documentType,documentId,horizonStart,horizonEnd,periodStart,periodEnd,quantity,lower,unit',
        `DemandForecast,${ID_A},2025-04-01,2025-05-31,2025-04-01,2025-04-30,1200,1000,{dose}`,
        `DemandForecast,${ID_A},2025-04-01,2025-05-31,2025-05-01,2025-05-31,1300,,{dose}`,
      ),
    );
    expect(record!.value).toMatchObject({
      horizon: { start: '2025-04-01', end: '2025-05-31' },
      series: [
        {
          period: { start: '2025-04-01', end: '2025-04-30' },
          quantity: { value: 1200, unit: '{dose}' },
          lower: { value: 1000, unit: '{dose}' },
        },
        { period: { start: '2025-05-01', end: '2025-05-31' }, quantity: { value: 1300, unit: '{dose}' } },
      ],
    });
    expect(record!.locate!('/series/1/quantity/value')).toEqual({ line: 3, column: 'quantity' });
  });

  it('makes each row its own document when documentId is empty', async () => {
    const records = await read(csv('documentType,documentId,quantity', 'StockReport,,1', 'StockReport,,2'));
    expect(records.map((r) => r.line)).toEqual([2, 3]);
    expect(records.every((r) => r.value !== undefined && !('documentId' in (r.value as object)))).toBe(true);
  });

  it('reads the same records whatever the chunk size', async () => {
    const text = `\ufeff${csv(STOCK_HEADER, stockRow(ID_A, '5412345000037', '05412345000105', '"1"'), 'x,"open', stockRow(ID_B, '5412345000037', '05412345000105', '2'))}`;
    const whole = await read(text);
    const strip = (records: RecordRead[]) => records.map(({ locate, ...rest }) => rest);
    for (const size of [1, 2, 3, 7, 64]) expect(strip(await read(text, {}, size))).toEqual(strip(whole));
  });
});

describe('readCsvRecords: rows that cannot be read', () => {
  it('reports a broken row as an invalid record with its line and reads on', async () => {
    const records = await read(
      csv(
        STOCK_HEADER,
        stockRow(ID_A, '5412345000037', '05412345000105', '1'),
        'oops,"never closed',
        stockRow(ID_B, '5412345000037', '05412345000105', '2'),
      ),
    );
    expect(records.map((r) => [r.line, codes(r), r.value !== undefined])).toEqual([
      [2, [], true],
      [3, ['CSV_UNCLOSED_QUOTE'], false],
      [4, [], true],
    ]);
    expect(records[1]!.issues[0]!.params).toEqual({ line: 3, column: 'documentId' });
  });

  it('puts a broken row into its document when its documentId can be read', async () => {
    const records = await read(
      csv(
        STOCK_HEADER,
        stockRow(ID_A, '5412345000037', '05412345000105', '1'),
        `StockReport,${ID_A},original,too few cells`,
        stockRow(ID_A, '5412345000037', '05412345000112', '2'),
      ),
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.issues).toEqual([
      {
        severity: 'error',
        code: 'CSV_COLUMN_COUNT',
        path: '',
        message: expect.any(String),
        params: { line: 3, expected: 16, actual: 4 },
      },
    ]);
    expect((records[0]!.value as { listings: Array<{ lines: unknown[] }> }).listings[0]!.lines).toHaveLength(
      2,
    );
  });

  it('flags a document whose rows are interrupted by a row that cannot be placed', async () => {
    const records = await read(
      csv(
        STOCK_HEADER,
        stockRow(ID_A, '5412345000037', '05412345000105', '1'),
        '"broken"x,row',
        stockRow(ID_A, '5412345000037', '05412345000112', '2'),
      ),
    );
    expect(records.map((r) => [r.line, codes(r)])).toEqual([
      [2, []],
      [3, ['CSV_INVALID_QUOTE']],
      [4, ['CSV_DOCUMENT_SPLIT']],
    ]);
  });

  it('flags a document whose rows are not consecutive', async () => {
    const records = await read(
      csv(
        STOCK_HEADER,
        stockRow(ID_A, '5412345000037', '05412345000105', '1'),
        stockRow(ID_B, '5412345000037', '05412345000105', '2'),
        stockRow(ID_A, '5412345000037', '05412345000112', '3'),
      ),
    );
    expect(records.map((r) => [r.line, codes(r)])).toEqual([
      [2, []],
      [3, []],
      [4, ['CSV_DOCUMENT_SPLIT']],
    ]);
    expect(records[2]!.issues[0]).toMatchObject({
      path: '/documentId',
      params: { line: 4, column: 'documentId' },
    });
  });

  it('remembers a bounded number of documents to tell a split one', async () => {
    const rows = ['documentId,producedQuantity'];
    for (let i = 0; i <= RECENT_DOCUMENTS; i++) rows.push(`d${i},1`);
    rows.push('d0,1', `d${RECENT_DOCUMENTS},1`);
    const records = await read(csv(...rows), { documentType: 'CapacityReport' });
    expect(records).toHaveLength(RECENT_DOCUMENTS + 3);
    expect(records.slice(-2).map(codes)).toEqual([[], ['CSV_DOCUMENT_SPLIT']]);
  });

  it('reports invalid UTF-8 on its row and keeps reading', async () => {
    const text = Buffer.concat([
      Buffer.from(`${STOCK_HEADER}\n${stockRow(ID_A, '5412345000037', '05412345000105', '1')}\n`),
      Buffer.from([0xc3, 0x28, 0x0a]),
      Buffer.from(`${stockRow(ID_B, '5412345000037', '05412345000105', '2')}\n`),
    ]);
    const records = await read(text);
    expect(records.map((r) => [r.line, codes(r)])).toEqual([
      [2, []],
      [3, ['INVALID_UTF8']],
      [4, []],
    ]);
  });

  it('bounds a document with maxRowsPerDocument and a CapacityReport to one row', async () => {
    const rows = [STOCK_HEADER];
    for (let i = 0; i < 5; i++) rows.push(stockRow(ID_A, '5412345000037', '05412345000105', String(i)));
    const [stock] = await read(csv(...rows), { maxRowsPerDocument: 3 });
    expect(stock!.issues.map((i) => [i.code, i.params])).toEqual([
      ['CSV_TOO_MANY_ROWS', { line: 5, maxRows: 3 }],
    ]);
    expect((stock!.value as { listings: Array<{ lines: unknown[] }> }).listings[0]!.lines).toHaveLength(3);

    const capacity = await read(
      csv('documentType,documentId,producedQuantity', `CapacityReport,${ID_A},1`, `CapacityReport,${ID_A},2`),
    );
    expect(capacity.map(codes)).toEqual([['CSV_TOO_MANY_ROWS']]);
  });

  it('requires document columns to repeat on every row', async () => {
    const second = stockRow(ID_A, '5412345000037', '05412345000105', '2').replace('snapshot', 'difference');
    const [record] = await read(
      csv(STOCK_HEADER, stockRow(ID_A, '5412345000037', '05412345000105', '1'), second),
    );
    expect(record!.issues).toEqual([
      {
        severity: 'error',
        code: 'CSV_INCONSISTENT_VALUE',
        path: '/countType',
        message: expect.stringContaining('line 3'),
        params: { line: 3, column: 'countType', firstLine: 2 },
      },
    ]);
  });

  it('reports an identifier given twice in one row', async () => {
    const [record] = await read(csv('documentId,senderGln,senderIdValue', `${ID_A},5412345000013,X1`), {
      documentType: 'Shipment',
    });
    expect(record!.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['CSV_CONFLICTING_COLUMNS', '/sender/identifier', { line: 2, column: 'senderIdValue' }],
    ]);
    expect(record!.value).toMatchObject({
      sender: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000013' } },
    });
  });

  it('reports a row of another document type than the file', async () => {
    const [record] = await read(csv('documentType,documentId', `Shipment,${ID_A}`), {
      documentType: 'StockReport',
    });
    expect(record!.issues.map((i) => [i.code, i.path])).toEqual([
      ['CSV_DOCUMENT_TYPE_MISMATCH', '/documentType'],
    ]);
    expect(record!.value).toMatchObject({ documentType: 'StockReport' });
  });

  it('caps the reader issues of one document', async () => {
    const rows = [STOCK_HEADER, stockRow(ID_A, '5412345000037', '05412345000105', '1')];
    for (let i = 0; i < 10; i++)
      rows.push(stockRow(ID_A, '5412345000037', '05412345000105', '1').replace('restricted', 'public'));
    const [record] = await read(csv(...rows), { maxIssuesPerRecord: 4 });
    expect(codes(record)).toEqual([...Array(4).fill('CSV_INCONSISTENT_VALUE'), 'CSV_ISSUES_TRUNCATED']);
  });
});

describe('readCsvRecords: the header', () => {
  it('reports unknown and duplicate columns in a record of their own, and ignores note columns', async () => {
    const records = await read(
      csv(
        'documentType,documentId,Quantity,quantity,quantity,#comment,#comment,__proto__',
        `StockReport,${ID_A},1,2,3,note,note,x`,
      ),
    );
    expect(records[0]!.line).toBe(1);
    expect(records[0]!.value).toBeUndefined();
    expect(records[0]!.issues.map((i) => [i.code, i.params])).toEqual([
      ['CSV_DUPLICATE_COLUMN', { line: 1, column: 'quantity' }],
      ['CSV_UNKNOWN_COLUMN', { line: 1, column: 'Quantity', suggestion: 'quantity' }],
      ['CSV_UNKNOWN_COLUMN', { line: 1, column: '__proto__' }],
    ]);
    expect(records[1]!.value).toMatchObject({ listings: [{ lines: [{ quantity: { value: 2 } }] }] });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('lists at most maxIssuesPerRecord header issues', async () => {
    const [record] = await read(csv('documentType,documentId,a,b,c,d', `StockReport,${ID_A},,,,`), {
      maxIssuesPerRecord: 2,
    });
    expect(codes(record)).toEqual(['CSV_UNKNOWN_COLUMN', 'CSV_UNKNOWN_COLUMN', 'CSV_ISSUES_TRUNCATED']);
  });

  it('reports a value under an unnamed column', async () => {
    const records = await read(
      csv('documentType,documentId,', `StockReport,${ID_A},`, `StockReport,${ID_B},surprise`),
    );
    expect(records.map(codes)).toEqual([[], ['CSV_UNKNOWN_COLUMN']]);
  });

  it('takes the template from --schema when the file has no documentType column', async () => {
    const [record] = await read(csv('documentId,status', `${ID_A},shipped`), { documentType: 'Shipment' });
    expect(record!.value).toMatchObject({ documentType: 'Shipment', status: 'shipped', lines: [{}] });
  });

  it('stops with one record when the template cannot be known', async () => {
    expect((await read(csv('documentId,quantity', `${ID_A},1`))).map((r) => [r.line, codes(r)])).toEqual([
      [1, ['DOCUMENT_TYPE_UNKNOWN']],
    ]);
    expect((await read(csv('documentId', ID_A), { documentType: 'Invoice' })).map(codes)).toEqual([
      ['DOCUMENT_TYPE_UNKNOWN'],
    ]);
  });

  it('reports rows of an unknown documentType once per document until one is known', async () => {
    const records = await read(
      csv('documentType,documentId', `StokReport,${ID_A}`, `StokReport,${ID_A}`, `StockReport,${ID_B}`),
    );
    expect(records.map((r) => [r.line, codes(r)])).toEqual([
      [2, ['DOCUMENT_TYPE_UNKNOWN']],
      [4, []],
    ]);
  });

  it('stops with one record when the first row is not a header', async () => {
    const records = await read(
      csv(
        stockRow(ID_A, '5412345000037', '05412345000105', '1'),
        stockRow(ID_B, '5412345000037', '05412345000105', '1'),
      ),
    );
    expect(records.map((r) => [r.line, codes(r)])).toEqual([[1, ['CSV_NO_HEADER']]]);
    expect((await read(csv('a,"b', 'c'))).map(codes)).toEqual([['CSV_UNCLOSED_QUOTE']]);
    expect(
      (await read('documentId,quantity\n', { documentType: 'StockReport', maxColumns: 1 })).map(codes),
    ).toEqual([['CSV_TOO_MANY_COLUMNS']]);
  });

  it('reads nothing from an empty input', async () => {
    expect(await read('')).toEqual([]);
    expect(await read('\n\r\n')).toEqual([]);
    expect(await read(csv(STOCK_HEADER))).toEqual([]);
  });
});

describe('csvIssueCodes', () => {
  it('lists every CSV_ code the reader raises, and only those', async () => {
    const here = new URL('.', import.meta.url);
    const raised = new Set<string>();
    for (const file of readdirSync(here)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'codes.ts') continue;
      for (const match of readFileSync(new URL(file, here), 'utf8').matchAll(/'(CSV_[A-Z_]+)'/g))
        raised.add(match[1]!);
    }
    expect([...raised].sort()).toEqual(Object.keys(csvIssueCodes).sort());
  });
});
