import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FhirBundle } from '@medsupply/fhir';
import { describe, expect, it } from 'vitest';
import { fhirConverters } from './fhir.js';
import type { ConversionSummary, ConvertFormat, SourcedIssue } from './types.js';

const fixtureRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../schemas/fixtures/1.0.0');
const fixture = (folder: string, index = 0) => {
  const dir = join(fixtureRoot, folder, 'valid');
  const name = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()[index]!;
  return JSON.parse(readFileSync(join(dir, name), 'utf8'));
};

async function convert(
  from: ConvertFormat,
  to: ConvertFormat,
  text: string,
  source: string,
): Promise<{ output: string; issues: SourcedIssue[]; summary: ConversionSummary }> {
  const converter = fhirConverters[`${from}->${to}`];
  if (converter === undefined) throw new Error(`no converter ${from}->${to}`);
  const chunks: string[] = [];
  const output = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const issues: SourcedIssue[] = [];
  const summary = await converter({
    source,
    input: Readable.from([Buffer.from(text)]),
    output,
    inputIndex: 0,
    report: (issue) => issues.push(issue),
  });
  return { output: chunks.join(''), issues, summary };
}

const ndjson = (values: unknown[]) => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`;

describe('medsupply convert --from canonical --to fhir-r4|fhir-r5', () => {
  it('writes one pretty-printed transaction Bundle for the valid documents of an NDJSON input', async () => {
    const shipment = fixture('shipment');
    const report = fixture('stock-report');
    const invalid = { ...fixture('shipment', 1), confidentiality: 'secret' };
    const text = `${JSON.stringify(shipment)}\n{not json\n${JSON.stringify(invalid)}\n${JSON.stringify(report)}\n`;
    const { output, issues, summary } = await convert('canonical', 'fhir-r5', text, 'feed.ndjson');
    expect(summary).toEqual({ records: 4, converted: 2, failed: 2 });
    expect(output.startsWith('{\n  "resourceType": "Bundle",\n  "type": "transaction"')).toBe(true);
    const bundle = JSON.parse(output) as FhirBundle;
    const types = bundle.entry?.map((e) => e.resource?.resourceType);
    expect(types).toContain('SupplyDelivery');
    expect(types).toContain('InventoryReport');
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.line, i.path])).toEqual([
      ['JSON_SYNTAX', 2, ''],
      ['ENUM_MISMATCH', 3, '/confidentiality'],
    ]);
  });

  it('reads a JSON array of documents and writes R4 resources', async () => {
    const { output, summary } = await convert(
      'canonical',
      'fhir-r4',
      JSON.stringify([fixture('stock-report')]),
      'docs.json',
    );
    expect(summary).toEqual({ records: 1, converted: 1, failed: 0 });
    const bundle = JSON.parse(output) as FhirBundle;
    expect(bundle.entry?.some((e) => e.resource?.resourceType === 'Basic')).toBe(true);
    expect(bundle.entry?.some((e) => e.resource?.resourceType === 'InventoryReport')).toBe(false);
  });
});

describe('medsupply convert --from fhir-r4|fhir-r5 --to canonical', () => {
  const documents = [fixture('shipment'), fixture('demand-forecast'), fixture('capacity-report')];
  // FHIR input is written as release 1.1.0, which lets documents go without what FHIR cannot say.
  const asRead = documents.map((document) => ({ ...document, schemaVersion: '1.1.0' }));

  async function bundleOf(version: 'fhir-r4' | 'fhir-r5'): Promise<FhirBundle> {
    return JSON.parse(
      (await convert('canonical', version, ndjson(documents), 'docs.ndjson')).output,
    ) as FhirBundle;
  }

  it('gives back the canonical documents of a Bundle as NDJSON, one per line', async () => {
    for (const version of ['fhir-r4', 'fhir-r5'] as const) {
      const bundle = await bundleOf(version);
      const { output, summary } = await convert(version, 'canonical', JSON.stringify(bundle, null, 2), '-');
      expect(summary).toEqual({ records: 3, converted: 3, failed: 0 });
      expect(
        output
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(asRead);
    }
  });

  it('reads NDJSON with one resource per line, as a server exports it (references across lines)', async () => {
    const bundle = await bundleOf('fhir-r4');
    // A server stores urn:uuid entries under ids of its own and rewrites references to Type/id.
    const stored = new Map(
      (bundle.entry ?? []).map((e) => [e.fullUrl!, `${e.resource!.resourceType}/${e.fullUrl!.slice(9)}`]),
    );
    const resources = (bundle.entry ?? []).map((e) =>
      JSON.parse(JSON.stringify({ ...e.resource, id: e.fullUrl!.slice(9) }), (key, value) =>
        key === 'reference' && stored.has(value) ? stored.get(value) : value,
      ),
    );
    const { output, summary, issues } = await convert(
      'fhir-r4',
      'canonical',
      ndjson(resources.reverse()),
      'export.ndjson',
    );
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(summary).toEqual({ records: 3, converted: 3, failed: 0 });
    const back = output
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(back).toEqual(expect.arrayContaining(asRead));
    expect(back).toHaveLength(3);
  });

  it('locates problems of NDJSON input by line', async () => {
    const text = `${JSON.stringify({ resourceType: 'Patient' })}\n${JSON.stringify({ resourceType: 'SupplyDelivery', status: 'completed' })}\n`;
    const { issues } = await convert('fhir-r5', 'canonical', text, 'export.ndjson');
    expect(issues.find((i) => i.code === 'FHIR_RESOURCE_SKIPPED')).toMatchObject({
      line: 1,
      index: 0,
      path: '',
    });
    expect(issues.find((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING')).toMatchObject({ line: 2, index: 1 });
  });

  it('counts a FHIR document that lacks canonical data as failed and says what is missing', async () => {
    const delivery = {
      resourceType: 'SupplyDelivery',
      status: 'completed',
      suppliedItem: [{ quantity: { value: 1 } }],
    };
    const { output, summary, issues } = await convert(
      'fhir-r5',
      'canonical',
      JSON.stringify(delivery),
      'one.json',
    );
    expect(output).toBe('');
    expect(summary).toEqual({ records: 1, converted: 0, failed: 1 });
    const missing = issues
      .filter((i) => i.code === 'FHIR_REQUIRED_DATA_MISSING')
      .map((i) => i.params?.canonicalPath);
    expect(missing).toEqual(expect.arrayContaining(['/sender', '/lines/0/product']));
    // 1.1.0 does not require what a SupplyDelivery need not carry.
    expect(missing).not.toContain('/shipper');
  });
});
