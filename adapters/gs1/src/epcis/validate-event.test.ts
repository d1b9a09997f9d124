import { describe, expect, it } from 'vitest';
import { EpcisJsonReader } from './json/reader.js';
import type { EpcisReadItem } from './model.js';
import { checkDateTime } from './validate-event.js';
import { EpcisXmlReader } from './xml/reader.js';
import { EpcisXmlWriter } from './xml/writer.js';

function readJson(event: Record<string, unknown>): EpcisReadItem[] {
  const items: EpcisReadItem[] = [];
  const reader = new EpcisJsonReader((item) => items.push(item));
  reader.write(
    JSON.stringify({
      '@context': [
        'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
        { ex: 'https://ex.example/' },
      ],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-07-22T10:00:00Z',
      epcisBody: { eventList: [event] },
    }),
  );
  reader.end();
  return items;
}

function readXml(event: string): EpcisReadItem[] {
  const items: EpcisReadItem[] = [];
  const reader = new EpcisXmlReader((item) => items.push(item));
  reader.write(
    `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ex.example/" schemaVersion="2.0" creationDate="2026-07-22T10:00:00Z"><EPCISBody><EventList>${event}</EventList></EPCISBody></epcis:EPCISDocument>`,
  );
  reader.end();
  return items;
}

const errors = (items: EpcisReadItem[]) =>
  items.flatMap((item) =>
    item.kind === 'event'
      ? item.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`)
      : item.kind === 'issue'
        ? [`${item.issue.code} ${item.issue.path}`]
        : [],
  );
const events = (items: EpcisReadItem[]) => items.filter((i) => i.kind === 'event' && i.event !== undefined);

const GOOD_JSON = {
  type: 'ObjectEvent',
  eventTime: '2026-07-22T10:00:00.000+02:00',
  eventTimeZoneOffset: '+02:00',
  epcList: ['urn:epc:id:sgtin:0614141.107346.2017'],
  action: 'OBSERVE',
  bizStep: 'shipping',
  quantityList: [{ epcClass: 'urn:epc:class:lgtin:0614141.107346.LOT1', quantity: 10, uom: 'KGM' }],
};
const xmlEvent = (fields: Partial<Record<'time' | 'action' | 'quantity' | 'extra', string>>) =>
  `<ObjectEvent><eventTime>${fields.time ?? '2026-07-22T10:00:00.000+02:00'}</eventTime><eventTimeZoneOffset>+02:00</eventTimeZoneOffset><epcList><epc>urn:epc:id:sgtin:0614141.107346.2017</epc></epcList><action>${fields.action ?? 'OBSERVE'}</action><quantityList><quantityElement><epcClass>urn:epc:class:lgtin:0614141.107346.LOT1</epcClass><quantity>${fields.quantity ?? '10'}</quantity><uom>KGM</uom></quantityElement></quantityList>${fields.extra ?? ''}</ObjectEvent>`;

describe('EPCIS event validation, the same in both readers', () => {
  it('passes a valid event in either syntax', () => {
    expect(errors(readJson(GOOD_JSON))).toEqual([]);
    expect(errors(readXml(xmlEvent({})))).toEqual([]);
  });

  it('refuses an action outside ADD, OBSERVE, DELETE', () => {
    expect(errors(readJson({ ...GOOD_JSON, action: 'CREATE' }))).toEqual(['EPCIS_ACTION_INVALID /action']);
    expect(errors(readXml(xmlEvent({ action: 'CREATE' })))).toEqual(['EPCIS_ACTION_INVALID /action']);
  });

  it('refuses an eventTime that is not a date-time and an impossible date', () => {
    expect(errors(readJson({ ...GOOD_JSON, eventTime: '22-07-2026' }))).toEqual([
      'EPCIS_TIME_INVALID /eventTime',
    ]);
    expect(errors(readXml(xmlEvent({ time: '22-07-2026' })))).toEqual(['EPCIS_TIME_INVALID /eventTime']);
    expect(errors(readJson({ ...GOOD_JSON, eventTime: '2026-02-30T10:00:00Z' }))).toEqual([
      'EPCIS_TIME_INVALID /eventTime',
    ]);
    expect(errors(readJson({ ...GOOD_JSON, eventTimeZoneOffset: '+2' }))).toEqual([
      'EPCIS_TIME_INVALID /eventTimeZoneOffset',
    ]);
  });

  it('refuses a quantity that is not a number', () => {
    expect(
      errors(readJson({ ...GOOD_JSON, quantityList: [{ epcClass: 'urn:x', quantity: 'twenty' }] })),
    ).toEqual(['EPCIS_QUANTITY_INVALID /quantityList/0/quantity']);
    expect(errors(readXml(xmlEvent({ quantity: 'twenty' })))).toEqual([
      'EPCIS_QUANTITY_INVALID /quantityList/0/quantity',
    ]);
  });

  it('accepts certificationInfo as a URI or a list of URIs, and refuses an object', () => {
    expect(errors(readJson({ ...GOOD_JSON, certificationInfo: ['https://cert.example/1'] }))).toEqual([]);
    expect(errors(readJson({ ...GOOD_JSON, certificationInfo: { id: 'x' } }))).toEqual([
      'EPCIS_FIELD_INVALID /certificationInfo',
    ]);
  });

  it('refuses an event with neither action nor eventTime', () => {
    const { action: _a, eventTime: _t, ...rest } = GOOD_JSON;
    expect(errors(readJson(rest))).toEqual([
      'EPCIS_EVENT_FIELD_MISSING /eventTime',
      'EPCIS_EVENT_FIELD_MISSING /action',
    ]);
  });

  it('refuses unknown unqualified members and carries vendor members', () => {
    expect(errors(readJson({ ...GOOD_JSON, bizstep: 'shipping' }))).toEqual([
      'EPCIS_UNKNOWN_MEMBER /bizstep',
    ]);
    const vendor = readJson({ ...GOOD_JSON, 'ex:batch': { 'ex:line': '7' } });
    expect(events(vendor)[0]).toMatchObject({ event: { 'ex:batch': { 'ex:line': '7' } } });
    expect(errors(readXml(xmlEvent({ extra: '<bizstep>x</bizstep>' })))).toEqual([
      'EPCIS_UNKNOWN_ELEMENT /bizstep',
    ]);
  });

  it('reports the broken event with its position and reads the next one', () => {
    const items: EpcisReadItem[] = [];
    const reader = new EpcisJsonReader((item) => items.push(item));
    reader.write(
      `{"@context":[],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-07-22T10:00:00Z","epcisBody":{"eventList":[\n${JSON.stringify({ ...GOOD_JSON, action: 'CREATE' })},\n${JSON.stringify(GOOD_JSON)}]}}`,
    );
    reader.end();
    const read = items.filter((i) => i.kind === 'event');
    expect(read.map((i) => (i.kind === 'event' ? [i.index, i.line, i.event !== undefined] : []))).toEqual([
      [0, 2, false],
      [1, 3, true],
    ]);
  });
});

describe('JSON numbers that do not fit a double', () => {
  it('keeps a 30-digit integer and 1e400 in vendor members as their literal text', () => {
    const items = readJson(GOOD_JSON);
    // JSON.stringify cannot write such literals: splice them into the text.
    const text = JSON.stringify({
      '@context': [],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-07-22T10:00:00Z',
      epcisBody: { eventList: [{ ...GOOD_JSON, 'ex:big': 'BIG', 'ex:huge': 'HUGE', 'ex:fine': 1.5e3 }] },
    })
      .replace('"BIG"', '123456789012345678901234567890')
      .replace('"HUGE"', '1e400');
    const out: EpcisReadItem[] = [];
    const reader = new EpcisJsonReader((item) => out.push(item));
    reader.write(text);
    reader.end();
    const event = out.find((i) => i.kind === 'event');
    expect(event).toMatchObject({
      event: { 'ex:big': '123456789012345678901234567890', 'ex:huge': '1e400', 'ex:fine': 1500 },
    });
    expect(event?.kind === 'event' ? event.issues.map((i) => `${i.code} ${i.path}`) : []).toEqual([
      'EPCIS_NUMBER_KEPT_AS_TEXT /ex:big',
      'EPCIS_NUMBER_KEPT_AS_TEXT /ex:huge',
    ]);
    expect(items.length).toBeGreaterThan(0);
  });

  it('refuses a quantity of 1e400', () => {
    const text = JSON.stringify({
      '@context': [],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-07-22T10:00:00Z',
      epcisBody: { eventList: [{ ...GOOD_JSON, quantityList: [{ epcClass: 'urn:x', quantity: 'HUGE' }] }] },
    }).replace('"HUGE"', '1e400');
    const out: EpcisReadItem[] = [];
    const reader = new EpcisJsonReader((item) => out.push(item));
    reader.write(text);
    reader.end();
    expect(errors(out)).toEqual(['EPCIS_NUMBER_OUT_OF_RANGE /quantityList/0/quantity']);
  });
});

describe('document structure', () => {
  it('refuses epcisBody.event instead of eventList, and an unknown XML wrapper', () => {
    const items: EpcisReadItem[] = [];
    const reader = new EpcisJsonReader((item) => items.push(item));
    reader.write(
      JSON.stringify({ '@context': [], type: 'EPCISDocument', epcisBody: { event: [GOOD_JSON] } }),
    );
    reader.end();
    expect(errors(items)).toEqual([
      'EPCIS_UNKNOWN_MEMBER /epcisBody/event',
      'EPCIS_EVENT_LIST_MISSING /epcisBody/eventList',
    ]);
    const xml: EpcisReadItem[] = [];
    const xmlReader = new EpcisXmlReader((item) => xml.push(item));
    xmlReader.write(
      `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-07-22T10:00:00Z"><epcisbody><EventList>${xmlEvent({})}</EventList></epcisbody></epcis:EPCISDocument>`,
    );
    xmlReader.end();
    expect(errors(xml)).toEqual(['EPCIS_UNKNOWN_ELEMENT ', 'EPCIS_EVENT_LIST_MISSING ']);
  });
});

describe('JSON-LD values written as XML', () => {
  it('writes a node reference as its IRI and every digit of a number kept as text', () => {
    const text = JSON.stringify({
      '@context': [
        'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
        { ex: 'https://ex.example/' },
      ],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-07-22T10:00:00Z',
      epcisBody: {
        eventList: [
          {
            ...GOOD_JSON,
            'ex:ref': { '@id': 'https://id.example/lot/7' },
            'ex:big': 'BIG',
            'ex:huge': 'HUGE',
          },
        ],
      },
    })
      .replace('"BIG"', '123456789012345678901234567890')
      .replace('"HUGE"', '1e400');
    let xml = '';
    const writer = new EpcisXmlWriter((chunk) => {
      xml += chunk;
    });
    const reader = new EpcisJsonReader((item) => {
      if (item.kind === 'header') writer.header(item.header);
      else if (item.kind === 'event' && item.event !== undefined) writer.event(item.event);
    });
    reader.write(text);
    reader.end();
    writer.end();
    expect(xml).toContain('<ex:ref>https://id.example/lot/7</ex:ref>');
    expect(xml).toContain('<ex:big>123456789012345678901234567890</ex:big>');
    expect(xml).toContain('<ex:huge>1e400</ex:huge>');
    expect(xml).not.toMatch(/Infinity|null/);
  });
});

describe('names of Object.prototype members in a document', () => {
  it('refuses an event type named constructor or toString instead of throwing', () => {
    for (const type of ['constructor', 'toString', '__proto__']) {
      const items = readJson({ ...GOOD_JSON, type });
      expect(errors(items), type).toEqual(['EPCIS_EVENT_TYPE_UNKNOWN /type']);
    }
  });

  it('reads a sensor attribute named constructor as a plain value, and a vendor prefix named constructor as a prefix', () => {
    const items = readXml(
      xmlEvent({
        extra:
          '<sensorElementList><sensorElement><sensorReport type="gs1:Temperature" value="4" constructor="a:b"/></sensorElement></sensorElementList>',
      }),
    );
    // Before, the reader threw on it (it looked the name up in a table that had a prototype).
    expect(errors(items)).toEqual([]);
    const read = events(items)[0] as Extract<EpcisReadItem, { kind: 'event' }>;
    expect(read.event?.sensorElementList).toEqual([
      { sensorReport: [{ type: 'Temperature', value: 4, constructor: 'a:b' }] },
    ]);
    const xml: string[] = [];
    const writer = new EpcisXmlWriter((text) => xml.push(text));
    writer.header({ documentType: 'EPCISDocument', namespaces: [['constructor', 'https://c.example/']] });
    writer.event({ ...GOOD_JSON, 'constructor:note': 'n' });
    writer.end();
    expect(xml.join('')).toContain('xmlns:constructor="https://c.example/"');
    expect(xml.join('')).not.toContain('native code');
  });
});

describe('checkDateTime', () => {
  // The grammar as a regex, the reference the hand-written reader must agree with.
  const GRAMMAR =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,12})?([Zz]|[+-]\d{2}:\d{2})?$/;
  function reference(value: string): 'error' | 'warning' | undefined {
    const match = GRAMMAR.exec(value);
    if (match === null) return 'error';
    const [, y, mo, d, h, mi, s, zone] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
    if (month < 1 || month > 12 || day < 1 || day > days) return 'error';
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return 'error';
    if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
      const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
      if (zh > 14 || zm > 59) return 'error';
    }
    return zone === undefined ? 'warning' : undefined;
  }

  it('agrees with the RFC 3339 grammar on valid, edge and mutated date-times', () => {
    const seeds = [
      '2024-03-01T08:00:00.000+01:00',
      '2024-02-29T23:59:60Z',
      '2023-02-29T00:00:00z',
      '1900-02-29T00:00:00-14:00',
      '2000-02-29T00:00:00.123456789012+14:59',
      '2024-12-31t10:15:00.1234567890123Z',
      '2024-04-31T10:15:00',
      '2024-01-01T24:00:00+15:00',
    ];
    const alphabet = '0123456789-:.TtZz+ x';
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    let checked = 0;
    for (const seed of seeds) {
      expect(checkDateTime(seed), seed).toBe(reference(seed));
      for (let run = 0; run < 3_000; run++) {
        const at = Math.floor(next() * (seed.length + 1));
        const char = alphabet[Math.floor(next() * alphabet.length)] as string;
        const op = Math.floor(next() * 3);
        const value =
          op === 0
            ? seed.slice(0, at) + char + seed.slice(at + 1)
            : op === 1
              ? seed.slice(0, at) + char + seed.slice(at)
              : seed.slice(0, at) + seed.slice(at + 1);
        expect(checkDateTime(value), value).toBe(reference(value));
        checked++;
      }
    }
    expect(checked).toBe(24_000);
  });
});
