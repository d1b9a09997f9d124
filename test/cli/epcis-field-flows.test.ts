/**
 * EPCIS files shaped like the field's (DSCSA-style commissioning → packing → shipping against a
 * purchase order → receiving; a departing/transporting/arriving flow keyed by its SSCC only; EPCIS 1.2
 * with FMCG business steps) become Shipments that validate; files that break the EPCIS 2.0 schema are
 * refused with the event's position, in every output format, and nothing is lost without a word.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const FLOWS = 'test/fixtures/epcis/flows';
const INVALID = 'test/fixtures/epcis/invalid';
const dir = mkdtempSync(join(tmpdir(), 'medsupply-epcis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const syntaxOf = (file: string) => (file.endsWith('.xml') ? 'epcis-xml' : 'epcis-json');

async function toShipments(file: string) {
  const run = await runCli(['convert', '--from', syntaxOf(file), '--to', 'canonical', `${FLOWS}/${file}`]);
  const shipments = run.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
  return { run, shipments };
}

async function validates(shipments: unknown[]): Promise<void> {
  const file = join(dir, `shipments-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, shipments.map((s) => JSON.stringify(s)).join('\n'));
  const check = await runCli(['validate', '--format', 'json', file]);
  const report = JSON.parse(check.stdout);
  expect(
    report.results.flatMap((r: { issues: Array<{ severity: string; code: string }> }) => r.issues),
  ).toEqual([]);
  expect(check.code).toBe(0);
}

describe('EPCIS shipping flows from the field become valid Shipments', () => {
  it('a DSCSA flow keyed by a purchase order: lot from commissioning, contents from packing, receipt', async () => {
    const { run, shipments } = await toShipments('dscsa-po-flow.xml');
    expect(run.code).toBe(0);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({
      schemaVersion: '1.1.0',
      status: 'received',
      identifiers: [
        { system: 'https://ref.gs1.org/cbv/BTT-po', value: 'urn:epcglobal:cbv:bt:0614142000029:PO-88213' },
        { system: 'https://www.gs1.org/sscc', value: '106141410000000170' },
      ],
      orderRef: { identifier: { system: 'https://ref.gs1.org/cbv/BTT-po' } },
      shipper: { identifier: { value: '0614141000005' } },
      receiver: { identifier: { value: '0614142000004' } },
      dates: {
        actualShipDate: '2026-07-20T15:45:00.000-05:00',
        receivedDate: '2026-07-22T08:10:00.000-04:00',
      },
      logisticUnits: [{ sscc: '106141410000000170' }],
      lines: [
        {
          product: { identifier: { value: '10614141073464' } },
          lot: { lotNumber: 'LOT-A7', expiryDate: '2028-06-30' },
          quantityShipped: { value: 3, unit: '1' },
          quantityReceived: { value: 3, unit: '1' },
        },
      ],
    });
    // Every event is accounted for: two folded into the Shipment, two read for its contents.
    expect(run.stderr).toMatch(/4 events: 2 folded into 1 Shipment\(s\), 2 read for contents/);
    await validates(shipments);
  });

  it('a departing, transporting and arriving flow keyed by its SSCC only', async () => {
    const { run, shipments } = await toShipments('sscc-transport-flow.jsonld');
    expect(run.code).toBe(0);
    expect(shipments).toHaveLength(1);
    expect(shipments[0]).toMatchObject({
      status: 'arrived',
      identifiers: [{ system: 'https://www.gs1.org/sscc', value: '040123450000003338' }],
      dates: {
        actualShipDate: '2026-07-21T09:15:00.000+02:00',
        actualArrival: '2026-07-22T14:05:00.000+02:00',
      },
      lines: [{ quantityShipped: { value: 2, unit: '1' } }],
    });
    expect(run.stderr).toMatch(/4 events: 3 folded into 1 Shipment\(s\), 1 read for contents/);
    await validates(shipments);
  });

  it('EPCIS 1.2 with the FMCG business-step and transaction vocabularies', async () => {
    const { run, shipments } = await toShipments('fmcg-legacy-1.2.xml');
    expect(run.code).toBe(0);
    expect(shipments[0]).toMatchObject({
      status: 'shipped',
      identifiers: [{ system: 'https://ref.gs1.org/cbv/BTT-desadv' }],
    });
    await validates(shipments);
  });

  it('carries the SBDH contact details and the DSCSA transaction statement into JSON-LD and back to XML', async () => {
    const json = await runCli([
      'convert',
      '--from',
      'epcis-xml',
      '--to',
      'epcis-json',
      `${FLOWS}/dscsa-po-flow.xml`,
    ]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.epcisHeader['gs1ushc:dscsaTransactionStatement']).toEqual({
      'gs1ushc:affirmTransactionStatement': 'true',
    });
    expect(
      document.epcisHeader['sbdh:StandardBusinessDocumentHeader']['sbdh:Sender']['sbdh:ContactInformation'],
    ).toEqual({ 'sbdh:Contact': 'Regulatory Affairs', 'sbdh:EmailAddress': 'dscsa@manufacturer.example' });
    const file = join(dir, 'dscsa.jsonld');
    writeFileSync(file, json.stdout);
    const xml = await runCli(['convert', '--from', 'epcis-json', '--to', 'epcis-xml', file]);
    expect(xml.code).toBe(0);
    expect(xml.stdout).toContain('<sbdh:EmailAddress>dscsa@manufacturer.example</sbdh:EmailAddress>');
    expect(xml.stdout).toContain(
      '<gs1ushc:affirmTransactionStatement>true</gs1ushc:affirmTransactionStatement>',
    );
  });
});

describe('EPCIS files that break the EPCIS 2.0 schema are refused, in every output format', () => {
  const cases: Array<[file: string, expected: RegExp]> = [
    ['action-create.jsonld', /action-create\.jsonld:8 record 1: error EPCIS_ACTION_INVALID \/action/],
    ['action-create.xml', /action-create\.xml:5 record 1: error EPCIS_ACTION_INVALID \/action/],
    ['event-time-day-first.jsonld', /:8 record 1: error EPCIS_TIME_INVALID \/eventTime/],
    ['quantity-text.jsonld', /:8 record 1: error EPCIS_QUANTITY_INVALID \/quantityList\/0\/quantity/],
    ['certification-object.jsonld', /:8 record 1: error EPCIS_FIELD_INVALID \/certificationInfo/],
    ['body-event-member.jsonld', /error EPCIS_UNKNOWN_MEMBER \/epcisBody\/event/],
    ['unknown-wrapper.xml', /:3: error EPCIS_UNKNOWN_ELEMENT .*<epcisbody>/],
  ];
  for (const to of ['epcis-json', 'epcis-xml', 'canonical']) {
    it.each(cases)(
      `%s to ${to}: exit 1, the problem located, no broken event written`,
      async (file, expected) => {
        const run = await runCli(['convert', '--from', syntaxOf(file), '--to', to, `${INVALID}/${file}`]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(expected);
        expect(run.stdout).not.toMatch(
          /CREATE|22-07-2026|twenty|object Object|<ObjectEvent>|"type": "ObjectEvent"/,
        );
      },
    );
  }
});
