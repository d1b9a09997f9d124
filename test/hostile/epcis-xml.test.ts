/**
 * Hostile EPCIS through the streaming readers: entity tricks (billion laughs, external entities),
 * nesting and attribute floods, endless tokens, and fast-check fuzzing of bytes, chunking and
 * mutated real documents. Nothing may throw or hang; every problem is an issue with its own code.
 */
import { EpcisJsonReader, type EpcisReadItem, EpcisXmlReader, type XmlLimits } from '@medsupply/gs1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

function readXml(input: string | Uint8Array, chunk = 4096, limits: Partial<XmlLimits> = {}): EpcisReadItem[] {
  const items: EpcisReadItem[] = [];
  const reader = new EpcisXmlReader((item) => items.push(item), { limits });
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  for (let i = 0; i < bytes.length && !reader.failed; i += chunk) reader.write(bytes.subarray(i, i + chunk));
  reader.end();
  return items;
}

function readJson(input: string | Uint8Array, chunk = 4096): EpcisReadItem[] {
  const items: EpcisReadItem[] = [];
  const reader = new EpcisJsonReader((item) => items.push(item));
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  for (let i = 0; i < bytes.length && !reader.failed; i += chunk) reader.write(bytes.subarray(i, i + chunk));
  reader.end();
  return items;
}

const codes = (items: EpcisReadItem[]) =>
  items.flatMap((item) =>
    item.kind === 'issue' ? [item.issue.code] : item.kind === 'event' ? item.issues.map((i) => i.code) : [],
  );

const ROOT =
  '<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z">';
const EVENT =
  '<ObjectEvent><eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>' +
  '<epcList><epc>urn:epc:id:sgtin:0614141.107346.2017</epc></epcList><action>OBSERVE</action>' +
  '<bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep><readPoint><id>urn:epc:id:sgln:0614141.07346.1234</id></readPoint>' +
  '<sensorElementList><sensorElement><sensorReport type="gs1:Temperature" value="4.5"/></sensorElement></sensorElementList>' +
  '<ex:note xmlns:ex="http://ex.example/">n</ex:note></ObjectEvent>';
const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?>${ROOT}<EPCISBody><EventList>${EVENT}${EVENT}</EventList></EPCISBody></epcis:EPCISDocument>`;

describe('entity and DTD attacks', () => {
  it('refuses billion laughs before expanding anything', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>${ROOT}<EPCISBody>&lol9;</EPCISBody></epcis:EPCISDocument>`;
    const started = performance.now();
    expect(codes(readXml(lol))).toEqual(['XML_DOCTYPE_FORBIDDEN']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses external entities and external DTDs, and never opens them', () => {
    expect(
      codes(
        readXml(
          `<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${ROOT}<EPCISBody>&x;</EPCISBody></epcis:EPCISDocument>`,
        ),
      ),
    ).toEqual(['XML_DOCTYPE_FORBIDDEN']);
    expect(
      codes(
        readXml(`<!DOCTYPE d PUBLIC "-//x//y" "http://127.0.0.1:1/evil.dtd">${ROOT}</epcis:EPCISDocument>`),
      ),
    ).toEqual(['XML_DOCTYPE_FORBIDDEN']);
    expect(
      codes(
        readXml(
          `<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x"> %p;]>${ROOT}</epcis:EPCISDocument>`,
        ),
      ),
    ).toEqual(['XML_DOCTYPE_FORBIDDEN']);
  });

  it('refuses references to undeclared entities inside an event and fails that event only', () => {
    const items = readXml(
      `${ROOT}<EPCISBody><EventList>${EVENT}${EVENT.replace('>n<', '>&secret;<')}</EventList></EPCISBody></epcis:EPCISDocument>`,
    );
    const events = items.filter((item) => item.kind === 'event');
    expect(events.map((item) => item.kind === 'event' && item.event !== undefined)).toEqual([true, false]);
    expect(codes(items)).toEqual(['XML_ENTITY_FORBIDDEN']);
  });
});

describe('resource attacks stop early with their own code', () => {
  it('deep nesting', () => {
    const started = performance.now();
    // <a> is no EPCIS element: reported once, then the depth limit stops the reader.
    expect(codes(readXml(`${ROOT}${'<a>'.repeat(1_000_000)}`))).toEqual([
      'EPCIS_UNKNOWN_ELEMENT',
      'XML_TOO_DEEP',
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('attribute floods', () => {
    const attributes = Array.from({ length: 5000 }, (_, i) => ` a${i}="1"`).join('');
    expect(codes(readXml(`${ROOT}<EPCISBody${attributes}/>`))).toEqual(['XML_TOO_MANY_ATTRIBUTES']);
  });

  it('an endless text node, comment or attribute value', () => {
    const limits = { maxTokenBytes: 1 << 20 };
    const endless = 'x'.repeat(3 << 20);
    expect(codes(readXml(`${ROOT}<EPCISBody>${endless}`, 1 << 16, limits))).toEqual(['XML_TOKEN_TOO_LARGE']);
    expect(codes(readXml(`${ROOT}<!--${endless}`, 1 << 16, limits))).toEqual(['XML_TOKEN_TOO_LARGE']);
    expect(codes(readXml(`${ROOT}<EPCISBody a="${endless}`, 1 << 16, limits))).toEqual([
      'XML_TOKEN_TOO_LARGE',
    ]);
  });

  it('an event with too many elements, and a document with too many', () => {
    const huge = EVENT.replace('<epcList>', `<epcList>${'<epc>urn:x:1</epc>'.repeat(5000)}`);
    expect(codes(readXml(`${ROOT}<EPCISBody><EventList>${huge}`, 4096, { maxEventElements: 1000 }))).toEqual([
      'XML_EVENT_TOO_LARGE',
    ]);
    expect(codes(readXml(DOCUMENT, 4096, { maxElements: 10 }))).toEqual(['XML_TOO_MANY_ELEMENTS']);
    expect(codes(readXml(DOCUMENT, 256, { maxDocumentBytes: 1000 }))).toEqual(['XML_DOCUMENT_TOO_LARGE']);
  });
});

describe('fuzzing (fast-check)', () => {
  const noThrowXml = (bytes: Uint8Array, chunk: number) => {
    const items = readXml(bytes, chunk);
    for (const item of items)
      if (item.kind === 'event' && item.event === undefined) expect(item.issues.length).toBeGreaterThan(0);
  };

  it('never throws on arbitrary bytes in arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 700 }), (bytes, chunk) =>
        noThrowXml(bytes, chunk),
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on XML-ish text made of EPCIS fragments', () => {
    const fragment = fc.constantFrom(
      '<',
      '>',
      '</',
      '/>',
      '&',
      ';',
      '&amp;',
      '"',
      "'",
      '=',
      ':',
      'xmlns:e="urn:x"',
      '<!DOCTYPE',
      '<![CDATA[',
      ']]>',
      '<?xml',
      '?>',
      '<!--',
      '-->',
      'ObjectEvent',
      'EventList',
      'epcList',
      'epc',
      'sensorReport value="x"',
      'quantity',
      '\u0000',
      '\uFEFF',
      '\uD800',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (parts, chunk) =>
        noThrowXml(Buffer.from(ROOT + parts.join('')), chunk),
      ),
      { numRuns: 300 },
    );
  });

  it('reads a real document fed in any chunking, and survives any one-byte mutation of it', () => {
    const bytes = Buffer.from(DOCUMENT);
    const whole = JSON.stringify(readXml(bytes, bytes.length));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        (chunk) => JSON.stringify(readXml(bytes, chunk)) === whole,
      ),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(
        fc.nat(bytes.length - 1),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 300 }),
        (at, value, chunk) => {
          const mutated = Buffer.from(bytes);
          mutated[at] = value;
          noThrowXml(mutated, chunk);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the JSON reader never throws either, and never pollutes prototypes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string({ maxLength: 300 })),
        fc.integer({ min: 1, max: 50 }),
        (text, chunk) => {
          readJson(`{"@context":[],"type":"EPCISDocument","epcisBody":{"eventList":[${text}]}}`, chunk);
          readJson(text, chunk);
          readJson(text.replace(/"[a-z]+"/g, '"__proto__"'), chunk);
        },
      ),
      { numRuns: 500 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
