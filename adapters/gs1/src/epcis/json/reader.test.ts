import { describe, expect, it } from 'vitest';
import type { EpcisReadItem } from '../model.js';
import { EpcisJsonReader } from './reader.js';

function read(json: string, step = json.length, limits = {}): EpcisReadItem[] {
  const items: EpcisReadItem[] = [];
  const reader = new EpcisJsonReader((item) => items.push(item), { limits });
  for (let i = 0; i < json.length; i += step) reader.write(json.slice(i, i + step));
  reader.end();
  return items;
}

const codes = (items: EpcisReadItem[]) =>
  items.flatMap((item) =>
    item.kind === 'issue' ? [item.issue.code] : item.kind === 'event' ? item.issues.map((i) => i.code) : [],
  );

const DOCUMENT = JSON.stringify(
  {
    '@context': [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { ex: 'http://ns.example.com/epcis/' },
    ],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2024-01-01T00:00:00Z',
    epcisBody: {
      eventList: [
        {
          type: 'ObjectEvent',
          eventTime: '2024-01-01T00:00:00Z',
          eventTimeZoneOffset: '+00:00',
          epcList: ['a"b\\c}]'],
          action: 'ADD',
        },
        {
          type: 'AggregationEvent',
          eventTime: '2024-01-01T00:00:00Z',
          eventTimeZoneOffset: '+00:00',
          action: 'DELETE',
          'ex:n': [1, { x: null }],
        },
      ],
    },
  },
  null,
  2,
);

describe('EpcisJsonReader', () => {
  it('delivers the header first, then each event with its line', () => {
    const items = read(DOCUMENT);
    expect(items[0]).toMatchObject({
      kind: 'header',
      header: { documentType: 'EPCISDocument', namespaces: [['ex', 'http://ns.example.com/epcis/']] },
    });
    // Each event starts on the line before its "type" member (JSON.stringify puts `{` on its own line).
    const lines = DOCUMENT.split('\n');
    const lineOf = (type: string) => lines.findIndex((line) => line.includes(`"type": "${type}"`));
    expect(
      items.slice(1).map((item) => item.kind === 'event' && [item.index, item.line, item.event?.type]),
    ).toEqual([
      [0, lineOf('ObjectEvent'), 'ObjectEvent'],
      [1, lineOf('AggregationEvent'), 'AggregationEvent'],
    ]);
  });

  it('gives the same result however the input is split, strings with brackets and escapes included', () => {
    const whole = read(DOCUMENT);
    for (const step of [1, 3, 50]) expect(read(DOCUMENT, step)).toEqual(whole);
  });

  it('holds events back until a @context written after the body arrives', () => {
    const late = JSON.stringify({
      type: 'EPCISDocument',
      epcisBody: { eventList: [{ type: 'ObjectEvent' }] },
      '@context': ['x', { a: 'urn:a:' }],
    });
    const items = read(late);
    expect(items.map((item) => item.kind)).toEqual(['header', 'event']);
    expect(items[0]).toMatchObject({ header: { namespaces: [['a', 'urn:a:']] } });
  });

  it('reads query documents and single events with their own @context', () => {
    const query = read(
      JSON.stringify({
        '@context': [],
        type: 'EPCISQueryDocument',
        epcisBody: {
          queryResults: {
            queryName: 'SimpleEventQuery',
            resultsBody: { eventList: [{ type: 'ObjectEvent' }] },
          },
        },
      }),
    );
    expect(query[0]).toMatchObject({
      header: { documentType: 'EPCISQueryDocument', queryName: 'SimpleEventQuery' },
    });
    expect(query).toHaveLength(2);
    const transaction = {
      type: 'TransactionEvent',
      eventTime: '2026-07-22T10:00:00Z',
      eventTimeZoneOffset: '+00:00',
      bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:PO-1' }],
      action: 'ADD',
    };
    const single = read(JSON.stringify({ '@context': [], ...transaction }));
    expect(single[1]).toMatchObject({ kind: 'event', event: transaction });
  });

  it('drops __proto__ members and fails the event', () => {
    const items = read(
      '{"@context":[],"type":"EPCISDocument","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2026-07-22T10:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":[],"__proto__":{"polluted":true}}]}}',
    );
    expect(codes(items)).toEqual(['FORBIDDEN_KEY']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports syntax errors, wrong roots and limits', () => {
    expect(codes(read('{"type": "EPCISDocument", "epcisBody": {"eventList": [{"type": }]}}'))).toEqual([
      'JSON_SYNTAX',
    ]);
    expect(codes(read('[1]'))).toEqual(['EPCIS_NOT_A_DOCUMENT']);
    expect(codes(read('{"type":"Foo"}'))).toEqual(['EPCIS_NOT_A_DOCUMENT']);
    expect(codes(read('{"type":"EPCISDocument"'))).toEqual(['JSON_SYNTAX']);
    expect(codes(read('{"@context":[],"type":"EPCISDocument","epcisBody":{"eventList":[1]}}'))).toEqual([
      'EPCIS_EVENT_NOT_AN_OBJECT',
    ]);
    const deep = `{"@context":[],"epcisBody":{"eventList":[${'['.repeat(100)}`;
    expect(codes(read(deep, 1000, { maxDepth: 32 }))).toEqual(['JSON_TOO_DEEP']);
    expect(codes(read(`{"x":"${'a'.repeat(5000)}"}`, 100, { maxTokenBytes: 1000 }))).toEqual([
      'JSON_VALUE_TOO_LARGE',
    ]);
  });
});

describe('duplicate member names (hostile input)', () => {
  const HEAD =
    '{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"http://ns.example.com/epcis/"}],' +
    '"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z"';
  const EVENT =
    '"type":"ObjectEvent","eventTime":"2024-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE"';
  const GOOD = `{${EVENT},"epcList":["urn:epc:id:sgtin:0614141.107346.1"]}`;
  const document = (...events: string[]) => `${HEAD},"epcisBody":{"eventList":[${events.join(',')}]}}`;
  const problems = (items: EpcisReadItem[]) =>
    items.flatMap((item) =>
      item.kind === 'issue'
        ? [{ at: 'document', code: item.issue.code, path: item.issue.path }]
        : item.kind === 'event'
          ? item.issues
              .filter((i) => i.severity === 'error')
              .map((i) => ({ at: `event ${item.index}`, code: i.code, path: i.path }))
          : [],
    );
  const readEvents = (items: EpcisReadItem[]) =>
    items
      .filter((i) => i.kind === 'event' && i.event !== undefined)
      .map((i) => i.kind === 'event' && i.index);

  it('refuses an event that names its type twice, and reads the next one', () => {
    for (const step of [7, 1 << 20]) {
      const items = read(
        document(
          `{"type":"ObjectEvent",${EVENT.replace('"type":"ObjectEvent",', '')},"type":"AggregationEvent"}`,
          GOOD,
        ),
        step,
      );
      expect(problems(items)).toEqual([{ at: 'event 0', code: 'EPCIS_DUPLICATE_MEMBER', path: '/type' }]);
      expect(readEvents(items)).toEqual([1]);
      const refused = items.find((i) => i.kind === 'event' && i.index === 0);
      expect(refused?.kind === 'event' && refused.issues[0]?.params).toEqual({ name: 'type', line: 1 });
    }
  });

  it('refuses an event with two epcList members, whichever a parser would keep', () => {
    const items = read(document(`{${EVENT},"epcList":["urn:epc:id:sgtin:0614141.107346.1"],"epcList":[]}`));
    expect(problems(items)).toEqual([{ at: 'event 0', code: 'EPCIS_DUPLICATE_MEMBER', path: '/epcList' }]);
    expect(readEvents(items)).toEqual([]);
  });

  it('points at a duplicate nested in a list element and in a vendor member, escaping the name', () => {
    const nested = read(
      document(
        `{${EVENT},"bizTransactionList":[{"type":"po","bizTransaction":"urn:x:1"},{"type":"po","type":"desadv","bizTransaction":"urn:x:2"}]}`,
        `{${EVENT},"ex:data":{"ex:a/b":1,"ex:a\\/b":2}}`,
      ),
    );
    expect(problems(nested)).toEqual([
      { at: 'event 0', code: 'EPCIS_DUPLICATE_MEMBER', path: '/bizTransactionList/1/type' },
      { at: 'event 1', code: 'EPCIS_DUPLICATE_MEMBER', path: '/ex:data/ex:a~1b' },
    ]);
  });

  it('refuses a document that names its type or its event list twice', () => {
    const type = read(`${HEAD},"type":"EPCISQueryDocument","epcisBody":{"eventList":[${GOOD}]}}`);
    expect(problems(type)).toEqual([{ at: 'document', code: 'EPCIS_DUPLICATE_MEMBER', path: '/type' }]);
    expect(readEvents(type)).toEqual([]);
    const list = read(`${HEAD},"epcisBody":{"eventList":[${GOOD}],"eventList":[${GOOD}]}}`);
    expect(problems(list)).toEqual([
      { at: 'document', code: 'EPCIS_DUPLICATE_MEMBER', path: '/epcisBody/eventList' },
    ]);
  });

  it('does not use a document member that holds a duplicate, and says where it is', () => {
    const items = read(
      `${HEAD},"epcisHeader":{"epcisMasterData":{"vocabularyList":[],"vocabularyList":[]}},"epcisBody":{"eventList":[${GOOD}]}}`,
    );
    expect(problems(items)).toEqual([
      {
        at: 'document',
        code: 'EPCIS_DUPLICATE_MEMBER',
        path: '/epcisHeader/epcisMasterData/vocabularyList',
      },
    ]);
    const header = items.find((i) => i.kind === 'header');
    expect(header?.kind === 'header' && header.header.epcisHeader).toBeUndefined();
    expect(readEvents(items)).toEqual([0]);
  });

  it('refuses a single-event document that repeats a member', () => {
    const items = read(
      '{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",' +
        `${EVENT},"epcList":["urn:epc:id:sgtin:0614141.107346.1"],"epcList":["urn:epc:id:sgtin:0614141.107346.2"]}`,
    );
    expect(problems(items)).toEqual([{ at: 'document', code: 'EPCIS_DUPLICATE_MEMBER', path: '/epcList' }]);
    expect(readEvents(items)).toEqual([]);
  });

  it('reads names that only look alike (escapes of other names, a name inside a string)', () => {
    const items = read(document(`{${EVENT},"ex:a":"\\":","ex:\\u0061b":1,"ex:ab2":{"ex:a":1}}`));
    expect(problems(items)).toEqual([]);
    expect(readEvents(items)).toEqual([0]);
  });
});
