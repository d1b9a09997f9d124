/**
 * EPCIS XML → canonical Shipments, streamed in pieces against the whole document in one write: the
 * same Shipment NDJSON byte for byte, the same issues (severity, code, JSON Pointer, message, params,
 * line, index) in the same order, and the same counts, whatever the chunk boundaries. Over the
 * repository's EPCIS XML files, the EPCIS XML examples of the shared reference folder, and fast-check
 * mutations of them (element order, missing and repeated elements, hostile names, namespaces and
 * prefixes, entities, CDATA, whitespace, large counts, small limits). A streaming reader that keeps
 * state across chunks (split tags, entities, UTF-8 sequences, line counts) is where such bugs hide.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EpcisShipmentFolder, EpcisXmlReader, type XmlLimits } from '@medsupply/gs1';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasShared, repositoryRoot, sharedPath } from '../support/shared.js';

// The bench's document generator (a module of plain JavaScript, imported by path as the conformance test does).
const generator = '../bench/epcis.bench.mjs';
const { generateEpcisXmlText } = (await import(generator)) as {
  generateEpcisXmlText: (shipments: number) => string;
};

interface Transcript {
  /** Shipment lines and issues, in the order the conversion gave them. */
  out: string[];
  summary: string;
}

type Limits = Partial<XmlLimits>;

/** What the CLI writes for one input: NDJSON Shipments, located issues, the counts. */
function transcriptOf(bytes: Uint8Array, chunk: number, limits: Limits): Transcript {
  const out: string[] = [];
  const folder = new EpcisShipmentFolder({
    shipment: (shipment) => out.push(`${JSON.stringify(shipment)}\n`),
    issue: (found, at) => out.push(JSON.stringify({ ...found, ...at })),
  });
  const reader = new EpcisXmlReader((item) => folder.add(item), { limits });
  for (let i = 0; i < bytes.length && !reader.failed; i += chunk) reader.write(bytes.subarray(i, i + chunk));
  reader.end();
  const summary = folder.finish();
  return { out, summary: JSON.stringify(summary) };
}

// A fixed clock: a document without creationDate takes `createdAt` from the time of conversion.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
});
afterAll(() => {
  vi.useRealTimers();
});

/** Converts in `chunk`-byte pieces and in one write, expects the same transcript, and returns it. */
function expectSame(bytes: Uint8Array, chunk = 4096, limits: Limits = {}): Transcript {
  const whole = transcriptOf(bytes, Math.max(bytes.length, 1), limits);
  const pieces = transcriptOf(bytes, chunk, limits);
  expect(pieces.out).toEqual(whole.out);
  expect(pieces.summary).toBe(whole.summary);
  return pieces;
}

function xmlFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules' && !name.startsWith('.')) walk(path);
      } else if (name.endsWith('.xml') && readFileSync(path, 'utf8').includes('EPCIS')) out.push(path);
    }
  };
  walk(root);
  return out;
}

const repositoryFiles = [
  ...xmlFilesUnder(join(repositoryRoot, 'test', 'fixtures', 'epcis')),
  ...xmlFilesUnder(join(repositoryRoot, 'docs', 'samples', 'epcis')),
];
const sharedFiles = hasShared('corpus', 'epcis') ? xmlFilesUnder(sharedPath('corpus', 'epcis')) : [];
if (sharedFiles.length === 0)
  console.warn(
    `[shared] EPCIS XML examples not found under ${sharedPath('corpus', 'epcis')}: the differential test ` +
      'runs on the repository files and the generated document only (set MEDSUPPLY_SHARED to the reference folder)',
  );
// A despatch document like the bench's: packing, shipping, receiving, sensor events, a vendor field.
const generated = generateEpcisXmlText(40);

describe('EPCIS XML → canonical, in pieces against one write', () => {
  it('finds the repository EPCIS XML files', () => {
    expect(repositoryFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(repositoryFiles.map((path) => [relative(repositoryRoot, path), path]))(
    'gives the same output for %s in any chunking',
    async (_name, path) => {
      const bytes = readFileSync(path);
      for (const chunk of [1, 7, 64, 4096]) expectSame(bytes, chunk);
    },
  );

  it('gives the same output for the generated despatch document, which makes Shipments', async () => {
    const bytes = Buffer.from(generated);
    const transcript = expectSame(bytes, 65536);
    expect(transcript.out.filter((line) => line.endsWith('\n')).length).toBe(40);
    expectSame(bytes, 333);
  });

  if (sharedFiles.length > 0) {
    it.each(sharedFiles.map((path) => [relative(sharedPath(), path), path]))(
      'gives the same output for the shared example %s',
      async (_name, path) => {
        const bytes = readFileSync(path);
        for (const chunk of [3, 4096]) expectSame(bytes, chunk);
      },
    );
  } else {
    it.skip('shared EPCIS XML examples (set MEDSUPPLY_SHARED to the reference folder)', () => {});
  }
});

// ---------------------------------------------------------------------------------------------
// Mutations of XML text. Elements are found with a small scanner (the inputs are well-formed
// documents before their first edit; after it, whatever the edit made is the input of both).

interface Element {
  name: string;
  /** Start of `<name`, end of the start tag, start of the end tag, end after `</name>` (or `/>`). */
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  parent: number;
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([^\s>/!?]+)([^>]*?)(\/?)>/g;

function elementsOf(text: string): Element[] {
  const out: Element[] = [];
  const open: number[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const name = match[2];
    if (name === undefined) continue;
    const at = match.index;
    const end = at + match[0].length;
    if (match[1] === '/') {
      const index = open.pop();
      if (index === undefined) return out;
      const element = out[index] as Element;
      element.closeStart = at;
      element.end = end;
      continue;
    }
    const parent = open.length === 0 ? -1 : (open[open.length - 1] as number);
    out.push({ name, start: at, openEnd: end, closeStart: end, end, parent });
    if (match[4] !== '/') open.push(out.length - 1);
  }
  return out;
}

const HOSTILE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'prototype',
  'valueOf',
  'epc',
  'extension',
  'baseExtension',
  'ObjectEvent',
  'QuantityEvent',
  'EventList',
];
const VALUES = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'urn:epc:id:sgtin:0614141.107346.2018',
  'urn:epc:id:sgtin:0614141.107346.%2F',
  'urn:epc:id:sscc:0614141.1234567890',
  'urn:epc:id:sgln:0614141.00001.0',
  'urn:epc:id:pgln:0614141.00002',
  'urn:epc:class:lgtin:4012345.012345.998877',
  'urn:epc:idpat:sgtin:4012345.098765.*',
  'https://id.gs1.org/01/09521234543213/21/ABC',
  'https://id.gs1.org/00/106141412345678908',
  'urn:epcglobal:cbv:bizstep:shipping',
  'urn:epcglobal:cbv:bizstep:receiving',
  'urn:epcglobal:cbv:bizstep:packing',
  'urn:epcglobal:cbv:bizstep:commissioning',
  'urn:epcglobal:cbv:btt:desadv',
  'urn:epcglobal:cbv:btt:po',
  'urn:epcglobal:cbv:sdt:owning_party',
  'urn:epcglobal:cbv:sdt:location',
  'urn:epcglobal:fmcg:bizstep:shipped',
  'urn:epcglobal:cbv:bt:0614141000029:ASN1',
  'shipping',
  'ADD',
  'DELETE',
  'OBSERVE',
  'CREATE',
  '2024-02-29T10:00:00Z',
  '2023-02-29T10:00:00Z',
  '2024-01-01T10:00:00',
  '2024-01-01T10:00:00.123+01:00',
  '2024-01-01T24:00:00Z',
  '+01:00',
  '+14:30',
  'KGM',
  'EA',
  '12.5',
  '1e3',
  '-0',
  'abc',
  '&amp;',
  '&lt;x&gt;',
  '&#x41;&#66;',
  '&undefined;',
  '<![CDATA[urn:epc:id:sgtin:0614141.107346.2017]]>',
  '<![CDATA[<not-a-tag>]]>',
  '\u{1F600}',
  'a\u00e9b',
];
const ATTRIBUTES = [
  ' type="urn:epcglobal:cbv:btt:desadv"',
  ' type="urn:epcglobal:cbv:sdt:owning_party"',
  ' type="location"',
  ' __proto__="x"',
  ' constructor="x"',
  ' xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  ' xmlns="urn:epcglobal:epcis:xsd:2"',
  ' xmlns="http://ns.example.com/other"',
  ' xmlns:ex="http://ns.example.com/epcis"',
  ' ex:a="1" xmlns:ex="http://ns.example.com/epcis"',
  ' value="4.5" type="gs1:Temperature"',
  ' undeclared:a="1"',
  ' a="&amp;&#x26;"',
  ' a="&bogus;"',
];
const PREFIXES = ['ex', 'epcis', 'cbvmda', 'gs1', 'constructor', '__proto__', 'ns1', 'xml', 'undeclared'];
const NAMESPACES = [
  'http://ns.example.com/epcis',
  'urn:epcglobal:epcis:xsd:2',
  'urn:epcglobal:epcis:xsd:1',
  'urn:epcglobal:cbv:mda',
  'https://gs1.org/voc/',
  'http://www.w3.org/2001/XMLSchema-instance',
  'urn:x',
];
const WHITESPACE = [' ', '\n', '\t', '\r\n', '  \n    '];

/** One edit: which operation, on which element, with which pick from the tables. */
interface Step {
  op: number;
  at: number;
  pick: number;
  count: number;
}

function pickOf<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

function childrenOf(elements: Element[], parent: number): number[] {
  const out: number[] = [];
  elements.forEach((element, i) => {
    if (element.parent === parent) out.push(i);
  });
  return out;
}

/** Applies one edit to the text; returns it unchanged when the edit does not apply. */
function applyStep(text: string, step: Step): string {
  const elements = elementsOf(text);
  if (elements.length === 0) return text;
  const index = step.at % elements.length;
  const e = elements[index] as Element;
  const whole = text.slice(e.start, e.end);
  const inner = text.slice(e.openEnd, e.closeStart);
  const isLeaf = e.closeStart > e.openEnd && !inner.includes('<');
  switch (step.op % 14) {
    case 0: {
      // Element order: swap with a sibling.
      const siblings = childrenOf(elements, e.parent).filter((i) => i !== index);
      if (siblings.length === 0) return text;
      const other = elements[pickOf(siblings, step.pick)] as Element;
      const [first, second] = other.start < e.start ? [other, e] : [e, other];
      if (second.start < first.end) return text;
      return (
        text.slice(0, first.start) +
        text.slice(second.start, second.end) +
        text.slice(first.end, second.start) +
        text.slice(first.start, first.end) +
        text.slice(second.end)
      );
    }
    case 1:
      // A missing element.
      return text.slice(0, e.start) + text.slice(e.end);
    case 2:
      // A repeated element.
      return text.slice(0, e.end) + whole + text.slice(e.end);
    case 3: {
      // A hostile or misplaced name (start and end tag alike).
      const name = pickOf(HOSTILE_NAMES, step.pick);
      if (e.closeStart === e.end) return `${text.slice(0, e.start)}<${name}/>${text.slice(e.end)}`;
      return `${text.slice(0, e.start)}<${name}${text.slice(e.start + 1 + e.name.length, e.closeStart)}</${name}>${text.slice(e.end)}`;
    }
    case 4: {
      // A leaf's value replaced.
      if (!isLeaf) return text;
      return text.slice(0, e.openEnd) + pickOf(VALUES, step.pick) + text.slice(e.closeStart);
    }
    case 5: {
      // An attribute added to the start tag.
      const tagEnd = text[e.openEnd - 2] === '/' ? e.openEnd - 2 : e.openEnd - 1;
      return text.slice(0, tagEnd) + pickOf(ATTRIBUTES, step.pick) + text.slice(tagEnd);
    }
    case 6: {
      // A prefix on the element, declared (or not) on it.
      if (e.name.includes(':') || e.closeStart === e.end) return text;
      const prefix = pickOf(PREFIXES, step.pick);
      const declare = step.count % 3 === 0 ? '' : ` xmlns:${prefix}="${pickOf(NAMESPACES, step.pick >> 3)}"`;
      return `${text.slice(0, e.start)}<${prefix}:${e.name}${declare}${text.slice(e.start + 1 + e.name.length, e.closeStart)}</${prefix}:${e.name}>${text.slice(e.end)}`;
    }
    case 7: {
      // A leaf's value in CDATA, or with entities.
      if (!isLeaf) return text;
      const value = step.pick % 2 === 0 ? `<![CDATA[${inner}]]>` : inner.replace(/:/g, '&#58;');
      return text.slice(0, e.openEnd) + value + text.slice(e.closeStart);
    }
    case 8: {
      // White space around a value or between elements.
      const space = pickOf(WHITESPACE, step.pick);
      if (isLeaf) return text.slice(0, e.openEnd) + space + inner + space + text.slice(e.closeStart);
      return text.slice(0, e.start) + space + whole + space + text.slice(e.end);
    }
    case 9: {
      // Large counts: an element repeated many times (EPC lists of thousands are common).
      const times = 2 + (step.count % 600);
      return text.slice(0, e.end) + whole.repeat(times) + text.slice(e.end);
    }
    case 10: {
      // A vendor element added inside.
      if (e.closeStart === e.end) return text;
      const prefix = pickOf(PREFIXES.slice(0, 4), step.pick);
      const local = pickOf(['note', 'constructor', '__proto__', 'a'], step.pick >> 2);
      const body = step.count % 2 === 0 ? 'v' : `<${prefix}:${local}>w</${prefix}:${local}>`;
      return `${text.slice(0, e.closeStart)}<${prefix}:${local} xmlns:${prefix}="${pickOf(NAMESPACES, step.count)}">${body}</${prefix}:${local}>${text.slice(e.closeStart)}`;
    }
    case 11: {
      // A DOCTYPE (bare, or with an internal subset) or a comment and processing instruction.
      const prolog = text.indexOf('?>');
      const at = prolog < 0 ? 0 : prolog + 2;
      const insert = pickOf(
        [
          '<!DOCTYPE EPCISDocument>',
          '<!DOCTYPE d [<!ENTITY x "y">]>',
          '<!-- a comment -->',
          '<?pi data?>',
          '<!DOCTYPE d SYSTEM "http://example.com/d.dtd">',
        ],
        step.pick,
      );
      return text.slice(0, at) + insert + text.slice(at);
    }
    case 12: {
      // A child element moved into another element (wrong nesting), or an element emptied.
      if (step.pick % 2 === 0) return `${text.slice(0, e.openEnd)}${text.slice(e.closeStart)}`;
      const target = elements[step.pick % elements.length] as Element;
      if (target.closeStart === target.end || (target.start <= e.start && target.end >= e.end)) return text;
      if (target.start >= e.start && target.end <= e.end) return text;
      const without = text.slice(0, e.start) + text.slice(e.end);
      const shift = target.closeStart > e.start ? e.end - e.start : 0;
      const at = target.closeStart - shift;
      return without.slice(0, at) + whole + without.slice(at);
    }
    default: {
      // Bytes cut or damaged: a truncated document, or a stray character.
      const at = e.start + (step.pick % Math.max(1, e.end - e.start));
      return step.count % 2 === 0
        ? text.slice(0, at)
        : text.slice(0, at) + pickOf(['<', '&', '>', '"', '\u0000', '\uFFFD'], step.count) + text.slice(at);
    }
  }
}

const stepArbitrary = fc.record({ op: fc.nat(), at: fc.nat(), pick: fc.nat(), count: fc.nat() });

const mutationSources = [
  ...repositoryFiles.map((path) => readFileSync(path, 'utf8')),
  generateEpcisXmlText(6),
  ...sharedFiles.map((path) => readFileSync(path, 'utf8')).filter((text) => text.length < 200_000),
];

const RUNS = Number(process.env.EPCIS_DIFFERENTIAL_RUNS ?? 3000);

describe('EPCIS XML → canonical on mutated documents, in pieces against one write', () => {
  it('gives the same Shipments, issues and counts on every mutation', async () => {
    // How many mutations made Shipments, and how many were refused: both kinds must be exercised.
    let withShipments = 0;
    let withErrors = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(stepArbitrary, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 9000 }),
        fc.nat(),
        async (source, steps, chunk, limitPick) => {
          let text = pickOf(mutationSources, source);
          for (const step of steps) text = applyStep(text, step);
          // Small limits now and then, so the bounds stop both at the same place. (Not the size limits:
          // those are noticed when a write crosses them, so what was read before depends on the chunks.)
          const limits: Limits =
            limitPick % 8 === 0
              ? pickOf(
                  [{ maxDepth: 6 }, { maxEventElements: 20 }, { maxElements: 60 }, { maxAttributes: 2 }],
                  limitPick >> 3,
                )
              : {};
          const transcript = expectSame(Buffer.from(text), chunk, limits);
          if (transcript.out.some((line) => line.endsWith('\n'))) withShipments++;
          if (transcript.out.some((line) => line.startsWith('{"severity":"error"'))) withErrors++;
        },
      ),
      { numRuns: RUNS },
    );
    expect(withShipments).toBeGreaterThan(RUNS / 20);
    expect(withErrors).toBeGreaterThan(RUNS / 4);
  });
});
