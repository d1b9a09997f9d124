import type { Shipment } from '@medsupply/types/1.0.0';
import { describe, expect, it } from 'vitest';
import type { EpcisEvent, EpcisHeader } from '../model.js';
import { EpcisShipmentMapper, type ShipmentMappingOptions, type ShipmentResult } from './from-events.js';
import { shipmentToEpcisEvents } from './to-events.js';

const HEADER: EpcisHeader = {
  documentType: 'EPCISDocument',
  creationDate: '2024-03-01T00:00:00Z',
  namespaces: [],
};
const DESADV = { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:ASN-1' };
const PO = { type: 'urn:epcglobal:cbv:btt:po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:PO-7' };
const SOURCES = [
  { type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' },
  { type: 'location', source: 'urn:epc:id:sgln:4012345.00001.0' },
];
const DESTINATIONS = [
  { type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00000' },
  { type: 'urn:epcglobal:cbv:sdt:location', destination: 'urn:epc:id:sgln:0614141.00777.0' },
];
const base = (bizStep: string, eventTime: string): EpcisEvent => ({
  type: 'ObjectEvent',
  eventTime,
  eventTimeZoneOffset: '+01:00',
  action: 'OBSERVE',
  bizStep,
  bizTransactionList: [DESADV, PO],
  sourceList: SOURCES,
  destinationList: DESTINATIONS,
});
const PACKING: EpcisEvent = {
  type: 'AggregationEvent',
  eventTime: '2024-03-01T08:00:00+01:00',
  eventTimeZoneOffset: '+01:00',
  parentID: 'urn:epc:id:sscc:4012345.0000000019',
  childEPCs: [
    'urn:epc:id:sgtin:4012345.011111.1',
    'urn:epc:id:sgtin:4012345.011111.2',
    'urn:epc:id:sgtin:4012345.022222.1',
  ],
  action: 'ADD',
  bizStep: 'packing',
};
const SHIPPING: EpcisEvent = {
  ...base('shipping', '2024-03-01T10:00:00+01:00'),
  epcList: ['urn:epc:id:sscc:4012345.0000000019'],
  quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.033333.LOT7', quantity: 2.5, uom: 'KGM' }],
};
const RECEIVING: EpcisEvent = {
  ...base('urn:epcglobal:cbv:bizstep:receiving', '2024-03-02T09:30:00+01:00'),
  bizLocation: { id: 'urn:epc:id:sgln:0614141.00777.0' },
  epcList: [
    'urn:epc:id:sgtin:4012345.011111.1',
    'urn:epc:id:sgtin:4012345.011111.2',
    'urn:epc:id:sgtin:4012345.022222.1',
  ],
  quantityList: [{ epcClass: 'https://id.gs1.org/01/04012345333336/10/LOT7', quantity: 2.5, uom: 'KGM' }],
};

function map(events: EpcisEvent[], options: ShipmentMappingOptions = {}) {
  const results: ShipmentResult[] = [];
  const mapper = new EpcisShipmentMapper(HEADER, (result) => results.push(result), options);
  const eventIssues = events.flatMap((event, index) => mapper.add(event, { index, line: index + 1 }));
  mapper.finish();
  return { results, eventIssues, unmapped: mapper.unmapped };
}

const codes = (results: ShipmentResult[]) => results.flatMap((r) => r.issues.map((i) => i.code));

describe('EPCIS events to canonical Shipment', () => {
  it('maps a business step named like an Object.prototype member to nothing', () => {
    const { results, unmapped } = map([{ ...SHIPPING, bizStep: 'constructor' }]);
    expect(results).toEqual([]);
    expect([...unmapped]).toEqual([['ObjectEvent constructor', 1]]);
  });

  it('groups packing, shipping and receiving by despatch advice into one received Shipment', () => {
    const { results, eventIssues } = map([PACKING, SHIPPING, RECEIVING]);
    expect(eventIssues).toEqual([]);
    expect(results).toHaveLength(1);
    const shipment = results[0]?.shipment as Shipment;
    expect(results[0]?.eventCount).toBe(2);
    expect(shipment).toMatchObject({
      schemaVersion: '1.1.0',
      documentType: 'Shipment',
      documentStatus: 'original',
      createdAt: '2024-03-01T00:00:00Z',
      confidentiality: 'commercial-in-confidence',
      identifiers: [{ system: 'https://ref.gs1.org/cbv/BTT-desadv', value: DESADV.bizTransaction }],
      orderRef: { identifier: { system: 'https://ref.gs1.org/cbv/BTT-po', value: PO.bizTransaction } },
      status: 'received',
      shipper: { identifier: { system: 'https://www.gs1.org/gln', value: '4012345000009' } },
      receiver: { identifier: { system: 'https://www.gs1.org/gln', value: '0614141000005' } },
      shipFrom: { identifier: { system: 'https://www.gs1.org/gln', value: '4012345000016' } },
      shipTo: { identifier: { system: 'https://www.gs1.org/gln', value: '0614141007776' } },
      dates: { actualShipDate: '2024-03-01T10:00:00+01:00', receivedDate: '2024-03-02T09:30:00+01:00' },
      logisticUnits: [{ sscc: '040123450000000191' }],
    });
    expect(shipment.documentId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(shipment.lines).toEqual([
      {
        product: { identifier: { system: 'https://www.gs1.org/gtin', value: '04012345111118' } },
        quantityShipped: { value: 2, unit: '1' },
        quantityReceived: { value: 2, unit: '1' },
      },
      {
        product: { identifier: { system: 'https://www.gs1.org/gtin', value: '04012345222227' } },
        quantityShipped: { value: 1, unit: '1' },
        quantityReceived: { value: 1, unit: '1' },
      },
      {
        product: { identifier: { system: 'https://www.gs1.org/gtin', value: '04012345333336' } },
        lot: { lotNumber: 'LOT7' },
        quantityShipped: { value: 2.5, unit: 'kg' },
        quantityReceived: { value: 2.5, unit: 'kg' },
      },
    ]);
  });

  it('gives the same documentId for the same document on every run', () => {
    expect(map([PACKING, SHIPPING]).results[0]?.shipment?.documentId).toBe(
      map([PACKING, SHIPPING]).results[0]?.shipment?.documentId,
    );
  });

  it('never invents what an event lacks: receipt without shipment, no parties, no despatch advice', () => {
    // A receipt alone: received, with no ship date and no quantity shipped (release 1.1.0 allows both).
    const receiveOnly = map([RECEIVING]).results[0]?.shipment;
    expect(receiveOnly?.status).toBe('received');
    expect(receiveOnly?.dates).toEqual({ receivedDate: RECEIVING.eventTime });
    expect(receiveOnly?.lines.every((line) => line.quantityShipped === undefined)).toBe(true);
    // Seen only at receipt and naming no shipper: the receiver captured it and is the sender.
    const { sourceList: _s, ...receiptByReceiver } = RECEIVING;
    const received = map([receiptByReceiver as EpcisEvent]).results[0]?.shipment;
    expect(received?.shipper).toBeUndefined();
    expect(received?.sender).toEqual({
      identifier: { system: 'https://www.gs1.org/gln', value: '0614141000005' },
    });
    // No source or destination list: no shipper, receiver or destination, and no sender to name.
    const { sourceList, destinationList, ...anonymous } = SHIPPING;
    const unnamedParties = map([PACKING, anonymous as EpcisEvent]).results;
    expect(unnamedParties[0]?.shipment).toBeUndefined();
    expect(codes(unnamedParties)).toEqual(['EPCIS_SHIPMENT_PARTY_MISSING']);
    const withSender = new EpcisShipmentMapper({ ...HEADER, sender: 'urn:epc:id:pgln:4012345.00000' }, (r) =>
      unnamedParties.push(r),
    );
    withSender.add(anonymous as EpcisEvent, { index: 0 });
    withSender.finish();
    const anonymousShipment = unnamedParties[1]?.shipment;
    expect(anonymousShipment?.sender).toEqual({
      identifier: { system: 'https://www.gs1.org/gln', value: '4012345000009' },
    });
    expect(anonymousShipment?.shipper).toBeUndefined();
    expect(anonymousShipment?.receiver).toBeUndefined();
    expect(anonymousShipment?.shipTo).toBeUndefined();
    const sgtinsOnly = { ...SHIPPING, epcList: ['urn:epc:id:sgtin:4012345.011111.9'], quantityList: [] };
    const unnamed = map([{ ...sgtinsOnly, bizTransactionList: [] }]);
    expect(unnamed.results).toEqual([]);
    expect(unnamed.eventIssues.map((i) => [i.code, i.params?.index])).toEqual([
      ['EPCIS_SHIPMENT_ID_MISSING', 0],
    ]);
  });

  it('keys a flow by its purchase order when it names no despatch advice', () => {
    const byOrder = map([{ ...SHIPPING, bizTransactionList: [PO] }]).results;
    expect(byOrder[0]?.shipment?.identifiers[0]).toEqual({
      system: 'https://ref.gs1.org/cbv/BTT-po',
      value: PO.bizTransaction,
    });
    expect(byOrder[0]?.shipment?.orderRef).toEqual({ identifier: byOrder[0]?.shipment?.identifiers[0] });
  });

  it('fails the shipment when a unit has no UCUM equivalent, and counts non-GS1 objects as unsupported', () => {
    const odd = {
      ...SHIPPING,
      epcList: ['urn:example:thing:1'],
      quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.033333.L', quantity: 1, uom: 'XYZ' }],
    };
    const { results, eventIssues } = map([odd]);
    expect(eventIssues.map((i) => i.code)).toEqual(['EPCIS_IDENTIFIER_UNSUPPORTED']);
    expect(codes(results)).toContain('EPCIS_UOM_UNMAPPED');
    expect(results[0]?.shipment).toBeUndefined();
  });

  it('takes lot and expiry from ILMD and leaves other business steps unmapped', () => {
    const withIlmd = {
      ...SHIPPING,
      epcList: ['urn:epc:id:sgtin:4012345.011111.9'],
      quantityList: [],
      ilmd: { 'cbvmda:lotNumber': 'L1', 'cbvmda:itemExpirationDate': '2027-06-30' },
    };
    const { results, unmapped } = map([withIlmd, { ...base('inspecting', '2024-03-01T11:00:00+01:00') }]);
    expect(results[0]?.shipment?.lines[0]?.lot).toEqual({ lotNumber: 'L1', expiryDate: '2027-06-30' });
    expect([...unmapped]).toEqual([['ObjectEvent inspecting', 1]]);
  });

  it('writes shipments that stay open too long and reports a late event as a split', () => {
    const second = {
      ...SHIPPING,
      bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:ASN-2' }],
    };
    const { results } = map([PACKING, SHIPPING, second, RECEIVING], { maxOpenShipments: 1 });
    // The late receipt becomes a record of its own, flagged as a split.
    expect(results.map((r) => r.shipment?.status ?? 'failed')).toEqual(['shipped', 'shipped', 'received']);
    expect(codes(results)).toContain('EPCIS_SHIPMENT_SPLIT');
  });
});

describe('canonical Shipment to EPCIS events and back', () => {
  it('maps a Shipment to shipping and receiving events that map back to the same Shipment', () => {
    const original = map([PACKING, SHIPPING, RECEIVING]).results[0]?.shipment as Shipment;
    const { events, issues } = shipmentToEpcisEvents(original, {
      identifiers: { style: 'urn', companyPrefixLength: () => 7 },
    });
    expect(issues).toEqual([]);
    expect(events.map((e) => e.bizStep)).toEqual(['shipping', 'receiving']);
    expect(events[0]).toMatchObject({
      eventTimeZoneOffset: '+01:00',
      epcList: ['urn:epc:id:sscc:4012345.0000000019'],
      sourceList: [
        { type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' },
        { type: 'location', source: 'urn:epc:id:sgln:4012345.00001.0' },
      ],
    });
    const back = map(events).results[0]?.shipment as Shipment;
    const { documentId: _a, lines: linesBack, logisticUnits: _u, ...restBack } = back;
    const { documentId: _b, lines, logisticUnits: _v, ...rest } = original;
    expect(restBack).toEqual(rest);
    expect(linesBack).toEqual(lines);
  });

  it('uses Digital Link by default and reports what has no EPCIS form', () => {
    const original = map([PACKING, SHIPPING]).results[0]?.shipment as Shipment;
    const { events } = shipmentToEpcisEvents(original);
    expect(events[0]?.quantityList).toContainEqual({
      epcClass: 'https://id.gs1.org/01/04012345111118',
      quantity: 2,
    });
    const broken = {
      ...original,
      identifiers: [{ system: 'https://example.com/asn', value: 'ASN 1' }],
      shipper: { identifier: { system: 'https://example.com/party', value: 'P1' } },
      lines: [
        {
          product: { identifier: { system: 'http://hl7.org/fhir/sid/ndc', value: '0002-1433-80' } },
          quantityShipped: { value: 1, unit: 'kg/m' },
        },
      ],
    } as Shipment;
    const result = shipmentToEpcisEvents(broken);
    expect(result.events).toEqual([]);
    expect(result.issues.map((i) => i.code)).toEqual([
      'EPCIS_TRANSACTION_ID_UNMAPPED',
      'EPCIS_PARTY_NOT_GS1',
      'EPCIS_PRODUCT_NOT_GS1',
    ]);
    expect(
      shipmentToEpcisEvents({ documentType: 'StockReport' } as unknown as Shipment).issues[0]?.code,
    ).toBe('EPCIS_NOT_A_SHIPMENT');
  });
});
