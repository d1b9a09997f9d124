/**
 * Shared plumbing of the EPCIS conformance tests: the official files, conversions through the
 * public API, and the two official validators (the EPCIS JSON Schema with ajv, the XSD with
 * libxml2 compiled to WebAssembly).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type EpcisEvent,
  type EpcisHeader,
  EpcisJsonReader,
  EpcisJsonWriter,
  type EpcisReadItem,
  EpcisXmlReader,
  EpcisXmlWriter,
} from '@medsupply/gs1';
import type { Issue } from '@medsupply/validators';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { sharedPath } from '../support/shared.js';

/** The corpus folder. */
export const corpus = (...parts: string[]) => sharedPath('corpus', 'epcis', ...parts);

/** Every file under a corpus folder with an extension, as corpus-relative paths. */
export function corpusFiles(folder: string, extension: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(extension)) out.push(relative(corpus(), path));
    }
  };
  walk(corpus(folder));
  return out;
}

/** What reading a document gave. */
export interface ReadResult {
  header?: EpcisHeader;
  events: EpcisEvent[];
  issues: Issue[];
  failedEvents: number;
}

/** Reads a corpus file (XML or JSON by extension) in 4 KB chunks. */
export function readCorpusFile(file: string): ReadResult {
  const result: ReadResult = { events: [], issues: [], failedEvents: 0 };
  const onItem = (item: EpcisReadItem) => {
    if (item.kind === 'header') result.header = item.header;
    else if (item.kind === 'issue') result.issues.push(item.issue);
    else {
      result.issues.push(...item.issues);
      if (item.event === undefined) result.failedEvents++;
      else result.events.push(item.event);
    }
  };
  const reader = file.endsWith('.xml') ? new EpcisXmlReader(onItem) : new EpcisJsonReader(onItem);
  const bytes = readFileSync(corpus(file));
  for (let i = 0; i < bytes.length; i += 4096) reader.write(bytes.subarray(i, i + 4096));
  reader.end();
  return result;
}

/** Writes what was read as EPCIS 2.0 JSON-LD or XML text. */
export function write(read: ReadResult, syntax: 'json' | 'xml'): { text: string; issues: Issue[] } {
  const parts: string[] = [];
  const issues: Issue[] = [];
  const writer =
    syntax === 'json'
      ? new EpcisJsonWriter((t) => parts.push(t))
      : new EpcisXmlWriter((t) => parts.push(t), { report: (i) => issues.push(i) });
  if (read.header !== undefined) writer.header(read.header);
  for (const event of read.events) writer.event(event);
  writer.end();
  return { text: parts.join(''), issues };
}

let ajvValidate: ValidateFunction | undefined;
// ajv-formats is CommonJS: under NodeNext its default import may be the module object.
const addFormats = ((formatsPlugin as unknown as { default?: unknown }).default ??
  formatsPlugin) as unknown as (ajv: Ajv) => Ajv;

/** Validates against the official EPCIS 2.0 JSON Schema (draft-07); returns ajv's errors. */
export function jsonSchemaErrors(document: unknown): Array<{ instancePath: string; message?: string }> {
  if (ajvValidate === undefined) {
    const ajv = new Ajv({ strict: false, allErrors: false });
    addFormats(ajv);
    ajvValidate = ajv.compile(JSON.parse(readFileSync(corpus('EPCIS-JSON-Schema.json'), 'utf8')));
  }
  const validate = ajvValidate;
  return validate(document) ? [] : (validate.errors ?? []);
}

const xsdFolder = corpus('XSD');
let xsdFiles: Array<{ fileName: string; contents: string }> | undefined;

/** Validates against the official EPCIS 2.0 XSD (the query XSD for query documents); returns libxml2's messages. */
export async function xsdErrors(xml: string): Promise<string[]> {
  xsdFiles ??= readdirSync(xsdFolder)
    .filter((name) => name.endsWith('.xsd'))
    .map((name) => ({ fileName: name, contents: readFileSync(join(xsdFolder, name), 'utf8') }));
  const main = xml.includes('EPCISQueryDocument')
    ? 'EPCglobal-epcis-query-2_0.xsd'
    : 'EPCglobal-epcis-2_0.xsd';
  const schema = xsdFiles.find((file) => file.fileName === main) as { fileName: string; contents: string };
  const result = await validateXML({
    xml: { fileName: 'document.xml', contents: xml },
    schema,
    preload: xsdFiles.filter((file) => file !== schema),
  });
  return result.valid ? [] : result.errors.map((error) => error.message);
}
