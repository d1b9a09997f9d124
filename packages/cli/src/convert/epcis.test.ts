import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="http://ns.example.com/epcis" schemaVersion="2.0" creationDate="2024-03-01T00:00:00Z">
  <EPCISBody><EventList>
    <ObjectEvent>
      <eventTime>2024-03-01T10:00:00+01:00</eventTime>
      <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
      <epcList><epc>urn:epc:id:sgtin:4012345.011111.1</epc><epc>urn:epc:id:sgtin:4012345.011111.2</epc></epcList>
      <action>OBSERVE</action>
      <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
      <disposition>urn:epcglobal:cbv:disp:in_transit</disposition>
      <readPoint><id>urn:epc:id:sgln:4012345.00001.0</id></readPoint>
      <bizTransactionList><bizTransaction type="urn:epcglobal:cbv:btt:desadv">urn:epcglobal:cbv:bt:4012345000009:ASN1</bizTransaction></bizTransactionList>
      <sourceList><source type="urn:epcglobal:cbv:sdt:owning_party">urn:epc:id:pgln:4012345.00000</source></sourceList>
      <destinationList>
        <destination type="urn:epcglobal:cbv:sdt:owning_party">urn:epc:id:pgln:0614141.00000</destination>
        <destination type="urn:epcglobal:cbv:sdt:location">urn:epc:id:sgln:0614141.00777.0</destination>
      </destinationList>
      <ex:carrier>ACME</ex:carrier>
    </ObjectEvent>
  </EventList></EPCISBody>
</epcis:EPCISDocument>`;

let dir: string;
let stderr: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'medsupply-convert-'));
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

async function convert(
  from: string,
  to: string,
  input: string,
  name = 'input',
): Promise<{ output: string; exitCode: number }> {
  const source = join(dir, name);
  writeFileSync(source, input);
  const output = join(dir, `${name}.out`);
  // The CLI never lowers an exit code it has set; each conversion here is its own run.
  process.exitCode = undefined;
  await main(['convert', '--from', from, '--to', to, '-o', output, source]);
  let text = '';
  try {
    text = readFileSync(output, 'utf8');
  } catch {}
  return { output: text, exitCode: Number(process.exitCode ?? 0) };
}

describe('medsupply convert (EPCIS)', () => {
  it('converts EPCIS XML to EPCIS 2.0 JSON-LD, exit 0', async () => {
    const { output, exitCode } = await convert('epcis-xml', 'epcis-json', XML);
    expect(exitCode).toBe(0);
    const document = JSON.parse(output);
    expect(document['@context']).toEqual([
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { ex: 'http://ns.example.com/epcis/' },
    ]);
    expect(document.epcisBody.eventList[0]).toMatchObject({
      type: 'ObjectEvent',
      bizStep: 'shipping',
      'ex:carrier': 'ACME',
    });
    expect(stderr.join('')).toContain('converted 1 of 1 record (0 failed)');
  });

  it('round-trips JSON-LD through XML to the same events', async () => {
    const json = (await convert('epcis-xml', 'epcis-json', XML, 'a')).output;
    const xml = (await convert('epcis-json', 'epcis-xml', json, 'b')).output;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<epcis:EPCISDocument/);
    const again = (await convert('epcis-xml', 'epcis-json', xml, 'c')).output;
    expect(JSON.parse(again).epcisBody).toEqual(JSON.parse(json).epcisBody);
  });

  it('writes canonical Shipments as NDJSON, leaving out what the flow does not name', async () => {
    const noOrigin = XML.replace('<readPoint><id>urn:epc:id:sgln:4012345.00001.0</id></readPoint>', '');
    const { output, exitCode } = await convert('epcis-xml', 'canonical', noOrigin);
    // Nothing says where the shipment leaves from: shipFrom stays absent, not guessed.
    expect(exitCode).toBe(0);
    expect(JSON.parse(output).shipFrom).toBeUndefined();
    expect(stderr.join('')).toMatch(/info EPCIS_EVENT_COUNTS .*1 folded into 1 Shipment/);
    const ok = await convert('epcis-xml', 'canonical', XML, 'complete');
    expect(ok.exitCode).toBe(0);
    const lines = ok.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      documentType: 'Shipment',
      status: 'shipped',
      shipFrom: { identifier: { system: 'https://www.gs1.org/gln', value: '4012345000016' } },
      lines: [{ quantityShipped: { value: 2, unit: '1' } }],
    });
  });

  it('converts canonical Shipments back to EPCIS', async () => {
    const ndjson = (await convert('epcis-xml', 'canonical', XML, 'x')).output;
    const { output, exitCode } = await convert('canonical', 'epcis-json', ndjson, 'shipments.ndjson');
    expect(exitCode).toBe(0);
    expect(JSON.parse(output).epcisBody.eventList[0]).toMatchObject({
      bizStep: 'shipping',
      bizTransactionList: [{ type: 'desadv' }],
    });
  });

  it('exits 1 when a record fails and names the record and line', async () => {
    const broken = XML.replace('<eventTimeZoneOffset>+01:00</eventTimeZoneOffset>', '');
    const { exitCode } = await convert('epcis-xml', 'epcis-json', broken);
    expect(exitCode).toBe(1);
    expect(stderr.join('')).toMatch(
      /input:4 record 1: error EPCIS_EVENT_FIELD_MISSING \/eventTimeZoneOffset/,
    );
  });

  it('exits 2 for a missing file or an unsupported pair', async () => {
    await main(['convert', '--from', 'epcis-xml', '--to', 'epcis-json', join(dir, 'nope.xml')]);
    expect(process.exitCode).toBe(2);
    process.exitCode = undefined;
    await main(['convert', '--from', 'epcis-xml', '--to', 'fhir-r4', join(dir, 'nope.xml')]);
    expect(process.exitCode).toBe(2);
  });
});
