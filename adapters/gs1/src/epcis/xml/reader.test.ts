import { describe, expect, it } from 'vitest';
import type { EpcisReadItem } from '../model.js';
import { EpcisXmlReader } from './reader.js';

/** Reads a document fed in pieces of `step` characters (the result must not depend on it). */
function read(xml: string, step = xml.length, limits = {}): EpcisReadItem[] {
  const items: EpcisReadItem[] = [];
  const reader = new EpcisXmlReader((item) => items.push(item), { limits });
  for (let i = 0; i < xml.length; i += step) reader.write(Buffer.from(xml.slice(i, i + step)));
  reader.end();
  return items;
}

const events = (items: EpcisReadItem[]) =>
  items.flatMap((item) => (item.kind === 'event' && item.event ? [item.event] : []));
const codes = (items: EpcisReadItem[]) =>
  items.flatMap((item) =>
    item.kind === 'issue' ? [item.issue.code] : item.kind === 'event' ? item.issues.map((i) => i.code) : [],
  );

const EPCIS_12 = `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:1" xmlns:ex="http://ns.example.com/epcis"
    xmlns:cbvmda="urn:epcglobal:cbv:mda" schemaVersion="1.2" creationDate="2024-01-01T00:00:00Z">
  <EPCISBody><EventList>
    <ObjectEvent>
      <eventTime>2024-01-02T10:00:00.000+01:00</eventTime>
      <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
      <baseExtension><eventID>urn:uuid:5a0c3b4e-1111-4a5b-9c7d-000000000001</eventID></baseExtension>
      <epcList/>
      <action>ADD</action>
      <bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
      <disposition>urn:epcglobal:cbv:disp:active</disposition>
      <readPoint><id>urn:epc:id:sgln:4012345.00001.0</id></readPoint>
      <extension>
        <quantityList><quantityElement>
          <epcClass>urn:epc:class:lgtin:4012345.012345.LOT1</epcClass><quantity>10.5</quantity><uom>KGM</uom>
        </quantityElement></quantityList>
        <ilmd><cbvmda:lotNumber>LOT1</cbvmda:lotNumber><cbvmda:itemExpirationDate>2026-01-31</cbvmda:itemExpirationDate></ilmd>
      </extension>
      <ex:note>first</ex:note>
    </ObjectEvent>
    <extension><TransformationEvent>
      <eventTime>2024-01-03T10:00:00Z</eventTime>
      <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
      <inputEPCList><epc>urn:epc:id:sgtin:4012345.012345.1</epc></inputEPCList>
    </TransformationEvent></extension>
    <QuantityEvent>
      <eventTime>2024-01-04T10:00:00Z</eventTime>
      <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
      <epcClass>urn:epc:idpat:sgtin:4012345.012345.*</epcClass>
      <quantity>200</quantity>
      <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
    </QuantityEvent>
  </EventList></EPCISBody>
</epcis:EPCISDocument>`;

describe('EpcisXmlReader', () => {
  it('reads EPCIS 1.2 into 2.0 JSON-LD: wrappers flattened, CBV names short, ILMD and vendor members kept', () => {
    const items = read(EPCIS_12);
    expect(items[0]).toMatchObject({
      kind: 'header',
      header: {
        documentType: 'EPCISDocument',
        schemaVersion: '1.2',
        namespaces: [['ex', 'http://ns.example.com/epcis/']],
      },
    });
    const [object, transformation, quantity] = events(items);
    expect(object).toEqual({
      type: 'ObjectEvent',
      eventTime: '2024-01-02T10:00:00.000+01:00',
      eventTimeZoneOffset: '+01:00',
      eventID: 'urn:uuid:5a0c3b4e-1111-4a5b-9c7d-000000000001',
      epcList: [],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
      quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.LOT1', quantity: 10.5, uom: 'KGM' }],
      ilmd: { 'cbvmda:lotNumber': 'LOT1', 'cbvmda:itemExpirationDate': '2026-01-31' },
      'ex:note': 'first',
    });
    expect(transformation).toMatchObject({
      type: 'TransformationEvent',
      inputEPCList: ['urn:epc:id:sgtin:4012345.012345.1'],
    });
    expect(quantity).toEqual({
      type: 'ObjectEvent',
      eventTime: '2024-01-04T10:00:00Z',
      eventTimeZoneOffset: '+00:00',
      quantityList: [{ epcClass: 'urn:epc:idpat:sgtin:4012345.012345.*', quantity: 200 }],
      action: 'OBSERVE',
      bizStep: 'shipping',
    });
    expect(codes(items)).toEqual(['EPCIS_QUANTITY_EVENT_CONVERTED']);
  });

  it('gives the same result however the input is split into chunks', () => {
    const whole = read(EPCIS_12);
    for (const step of [1, 7, 64]) expect(read(EPCIS_12, step)).toEqual(whole);
  });

  it('reads sensor reports with typed values and GS1 vocabulary as short names', () => {
    const xml = `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:gs1="https://gs1.org/voc/" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z">
      <EPCISBody><EventList><ObjectEvent>
        <eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
        <epcList/><action>OBSERVE</action>
        <sensorElementList><sensorElement>
          <sensorMetadata time="2024-01-01T00:00:00Z"/>
          <sensorReport value="4.50" uom="CEL" type="gs1:Temperature" booleanValue="true" component="cbv:Comp-x" exception="gs1:ALARM_CONDITION"/>
        </sensorElement></sensorElementList>
      </ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`;
    expect(events(read(xml))[0]?.sensorElementList).toEqual([
      {
        sensorMetadata: { time: '2024-01-01T00:00:00Z' },
        sensorReport: [
          {
            type: 'Temperature',
            exception: 'ALARM_CONDITION',
            value: 4.5,
            uom: 'CEL',
            booleanValue: true,
            component: 'x',
          },
        ],
      },
    ]);
  });

  it('reads query documents: query name, subscription and the result events', () => {
    const xml = `<epcisq:EPCISQueryDocument xmlns:epcisq="urn:epcglobal:epcis-query:xsd:2" xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z">
      <EPCISBody><epcisq:QueryResults><queryName>SimpleEventQuery</queryName><subscriptionID>s1</subscriptionID>
        <resultsBody><EventList><ObjectEvent><eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset><epcList/><action>OBSERVE</action></ObjectEvent></EventList></resultsBody>
      </epcisq:QueryResults></EPCISBody></epcisq:EPCISQueryDocument>`;
    const items = read(xml);
    expect(items[0]).toMatchObject({
      header: { documentType: 'EPCISQueryDocument', queryName: 'SimpleEventQuery', subscriptionID: 's1' },
    });
    expect(events(items)).toHaveLength(1);
  });

  it('fails an event that lacks a required field, keeps the others', () => {
    const xml = `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z"><EPCISBody><EventList>
      <ObjectEvent><eventTime>2024-01-01T00:00:00Z</eventTime><epcList/><action>OBSERVE</action></ObjectEvent>
      <ObjectEvent><eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset><epcList/><action>OBSERVE</action></ObjectEvent>
      <Frobnicate/>
    </EventList></EPCISBody></epcis:EPCISDocument>`;
    const items = read(xml).filter((item) => item.kind === 'event');
    expect(items.map((item) => item.kind === 'event' && item.event !== undefined)).toEqual([
      false,
      true,
      false,
    ]);
    expect(codes(items)).toEqual(['EPCIS_EVENT_FIELD_MISSING', 'EPCIS_EVENT_TYPE_UNKNOWN']);
  });

  it('keeps the bare DOCTYPE of GS1 examples but rejects declarations and undeclared entities', () => {
    const body =
      '<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z"/>';
    // Allowed, but a document without an event list is reported.
    expect(codes(read(`<!DOCTYPE project>${body}`))).toEqual(['EPCIS_EVENT_LIST_MISSING']);
    expect(codes(read(`<!DOCTYPE x [<!ENTITY a "b">]>${body}`))).toEqual(['XML_DOCTYPE_FORBIDDEN']);
    expect(codes(read(`<!DOCTYPE x SYSTEM "file:///etc/passwd">${body}`))).toEqual(['XML_DOCTYPE_FORBIDDEN']);
    const entity = body.replace('/>', '><EPCISBody>&xxe;</EPCISBody></epcis:EPCISDocument>');
    expect(codes(read(entity))).toContain('XML_ENTITY_FORBIDDEN');
  });

  it('reports documents that are not EPCIS, not UTF-8 or not well-formed', () => {
    expect(codes(read('<foo/>'))).toEqual(['EPCIS_NOT_A_DOCUMENT']);
    expect(codes(read(''))).toEqual(['XML_SYNTAX']);
    expect(codes(read('<?xml version="1.0" encoding="ISO-8859-1"?><a/>'))).toEqual([
      'XML_ENCODING_UNSUPPORTED',
    ]);
    expect(codes(read('<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody>'))).toEqual([
      'XML_SYNTAX',
    ]);
    expect(codes(read('<ex:EPCISDocument/>'))).toEqual(['XML_SYNTAX']);
  });

  it('enforces every limit with its own code', () => {
    const deep = `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">${'<a>'.repeat(100)}`;
    expect(codes(read(deep, 1000, { maxDepth: 20 }))).toEqual(['EPCIS_UNKNOWN_ELEMENT', 'XML_TOO_DEEP']);
    const attributes = Array.from({ length: 20 }, (_, i) => `a${i}="x"`).join(' ');
    expect(
      codes(
        read(`<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" ${attributes}/>`, 1000, {
          maxAttributes: 10,
        }),
      ),
    ).toEqual(['XML_TOO_MANY_ATTRIBUTES']);
    const many = `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">${'<b/>'.repeat(50)}</epcis:EPCISDocument>`;
    expect(codes(read(many, 1000, { maxElements: 20 }))).toEqual([
      'EPCIS_UNKNOWN_ELEMENT',
      'XML_TOO_MANY_ELEMENTS',
    ]);
    expect(codes(read(many, 64, { maxDocumentBytes: 100 }))).toEqual(['XML_DOCUMENT_TOO_LARGE']);
    const text = `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody>${'x'.repeat(100_000)}`;
    expect(codes(read(text, 8192, { maxTokenBytes: 10_000 }))).toEqual(['XML_TOKEN_TOO_LARGE']);
  });
});
