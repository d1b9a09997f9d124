/**
 * Conversions in the playground: canonical ↔ FHIR R4/R5 and canonical ↔ EPCIS 2.0 JSON-LD, in the page,
 * with the adapters `medsupply convert` uses (@medsupply/fhir/browser, @medsupply/gs1/browser). The
 * conversion steps themselves are the adapters' (EpcisShipmentFolder, canonicalRecordsToFhir,
 * fhirRecordsToCanonical), called by the CLI's converters too; what is left here follows the CLI's
 * reading and validating (packages/cli/src/convert) so the text it returns is what `medsupply convert`
 * writes for the same input (the site test compares them). This module is loaded only when a
 * conversion is asked for.
 */
import type { FhirVersion } from '@medsupply/fhir/browser';
import { canonicalRecordsToFhir, fhirRecordsToCanonical } from '@medsupply/fhir/browser';
import {
  type EpcisEvent,
  EpcisJsonReader,
  EpcisJsonWriter,
  type EpcisReadItem,
  EpcisShipmentFolder,
  issuePosition,
  shipmentToEpcisEvents,
} from '@medsupply/gs1/browser';
import type { MedsupplyDocument } from '@medsupply/types';
import type { Shipment } from '@medsupply/types/1.0.0';
import type { InputFormat, Issue, RecordRead, Validator } from '@medsupply/validators/browser';

/** The formats the playground converts canonical documents to and back. */
export type Target = 'fhir-r4' | 'fhir-r5' | 'epcis-json';

/** A problem met while converting, located in the input as the CLI locates it. */
export interface ConversionIssue extends Issue {
  /** 0-based index of the record (document, event, resource) in the input. */
  index?: number;
  /** 1-based line in the input, when the reader knows it. */
  line?: number;
}

/** What one conversion gives: the output text, every issue, and the record counts. */
export interface Conversion {
  text: string;
  issues: ConversionIssue[];
  records: number;
  converted: number;
  failed: number;
}

/** What the conversions need of the page's engine (@medsupply/validators/browser). */
export interface ConversionEngine {
  validator: Validator;
  readRecords(
    input: AsyncIterable<Uint8Array | string>,
    options: { source: string; format?: InputFormat; limits?: { maxRecordBytes?: number } },
  ): AsyncIterable<RecordRead>;
}

/** Envelope members the FHIR input may lack and the user vouches for (the CLI's --sender, --created-at). */
export interface Vouched {
  sender?: { identifier: { system: string; value: string } };
  createdAt?: string;
}

/** The name the readers are given; the CLI's file name has no other effect on the output. */
const SOURCE = 'playground';
/** As the CLI: a FHIR Bundle may be much larger than one canonical document; it is still read whole. */
const FHIR_RECORD_LIMIT = 256 * 1024 * 1024;
/** The canonical release FHIR input is written as (packages/cli/src/convert/fhir.ts). */
export const CANONICAL_RELEASE = '1.1.0';

async function* once(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

function where(record: RecordRead): { index: number; line?: number } {
  return { index: record.index, ...(record.line === undefined ? {} : { line: record.line }) };
}

function located(found: Issue, at: { index?: number; line?: number } = {}): ConversionIssue {
  return { ...found, ...at };
}

const hasErrors = (issues: readonly Issue[]) => issues.some((found) => found.severity === 'error');

/** canonical (JSON, NDJSON or CSV) → one FHIR transaction Bundle, as `medsupply convert --to fhir-rN`. */
async function toFhir(
  engine: ConversionEngine,
  text: string,
  format: InputFormat | undefined,
  fhirVersion: FhirVersion,
): Promise<Conversion> {
  const result: Conversion = { text: '', issues: [], records: 0, converted: 0, failed: 0 };
  const documents: MedsupplyDocument[] = [];
  const origins: RecordRead[] = [];
  for await (const record of engine.readRecords(once(text), {
    source: SOURCE,
    ...(format ? { format } : {}),
  })) {
    result.records++;
    for (const found of record.issues) result.issues.push(located(found, where(record)));
    if (record.value === undefined || hasErrors(record.issues)) {
      result.failed++;
      continue;
    }
    const validation = await engine.validator.validateAsync(record.value);
    for (const found of validation.issues) result.issues.push(located(found, where(record)));
    if (!validation.valid) {
      result.failed++;
      continue;
    }
    documents.push(record.value as MedsupplyDocument);
    origins.push(record);
  }
  const { bundle, issues, failed } = canonicalRecordsToFhir(documents, origins, { fhirVersion });
  for (const { issue: found, origin } of issues)
    result.issues.push(located(found, origin ? where(origin) : {}));
  result.failed += failed;
  result.converted = documents.length - failed;
  if (documents.length > 0 || result.records > 0) result.text = `${JSON.stringify(bundle, null, 2)}\n`;
  return result;
}

/** FHIR (Bundle, resource, array, NDJSON) → canonical NDJSON, as `medsupply convert --from fhir-rN`. */
async function fromFhir(
  engine: ConversionEngine,
  text: string,
  fhirVersion: FhirVersion,
  vouched: Vouched,
): Promise<Conversion> {
  const result: Conversion = { text: '', issues: [], records: 0, converted: 0, failed: 0 };
  const values: unknown[] = [];
  const origins: RecordRead[] = [];
  let unreadable = 0;
  const read = engine.readRecords(once(text), {
    source: SOURCE,
    limits: { maxRecordBytes: FHIR_RECORD_LIMIT },
  });
  for await (const record of read) {
    for (const found of record.issues) result.issues.push(located(found, where(record)));
    if (record.value === undefined || hasErrors(record.issues)) {
      unreadable++;
      continue;
    }
    values.push(record.value);
    origins.push(record);
  }
  // One JSON value is the input itself (a Bundle or a resource); several are an array of resources.
  const { documents, issues, attempted } = fhirRecordsToCanonical(values, origins, (record) => record.index, {
    fhirVersion,
    schemaVersion: CANONICAL_RELEASE,
    ...vouched,
  });
  for (const { issue: found, origin } of issues)
    result.issues.push(located(found, origin === undefined ? {} : where(origin)));
  result.records = attempted + unreadable;
  result.failed = unreadable + (attempted - documents.length);
  const lines: string[] = [];
  for (const document of documents) {
    // These paths point into the produced document, which the message names.
    const validation = await engine.validator.validateAsync(document);
    for (const found of validation.issues) {
      result.issues.push({
        ...found,
        message: `document ${document.documentId}: ${found.message}`,
        params: { ...found.params, documentId: document.documentId },
      });
    }
    if (!validation.valid) {
      result.failed++;
      continue;
    }
    lines.push(`${JSON.stringify(document)}\n`);
    result.converted++;
  }
  result.text = lines.join('');
  return result;
}

/** Reads EPCIS JSON-LD text, handing every item to `handle`. */
function readEpcis(text: string, handle: (item: EpcisReadItem) => void): void {
  const reader = new EpcisJsonReader(handle);
  reader.write(new TextEncoder().encode(text));
  reader.end();
}

/** An issue of an EPCIS reader or mapper, located by its own params where it has them (as the CLI). */
function epcisLocated(found: Issue, index?: number, line?: number): ConversionIssue {
  return located(found, issuePosition(found, index, line));
}

/** canonical Shipments → one EPCIS 2.0 JSON-LD document, as `medsupply convert --to epcis-json`. */
async function toEpcis(
  engine: ConversionEngine,
  text: string,
  format: InputFormat | undefined,
): Promise<Conversion> {
  const result: Conversion = { text: '', issues: [], records: 0, converted: 0, failed: 0 };
  const parts: string[] = [];
  const writer = new EpcisJsonWriter((part) => parts.push(part));
  // The EPCIS document is created now, by this conversion.
  writer.header({ documentType: 'EPCISDocument', creationDate: new Date().toISOString(), namespaces: [] });
  for await (const record of engine.readRecords(once(text), {
    source: SOURCE,
    ...(format ? { format } : {}),
  })) {
    result.records++;
    for (const found of record.issues) result.issues.push(epcisLocated(found, record.index, record.line));
    if (record.value === undefined || hasErrors(record.issues)) {
      result.failed++;
      continue;
    }
    const { events, issues } = shipmentToEpcisEvents(record.value as Shipment);
    for (const found of issues) result.issues.push(epcisLocated(found, record.index, record.line));
    if (hasErrors(issues)) {
      result.failed++;
      continue;
    }
    for (const event of events) writer.event(event as EpcisEvent);
    result.converted++;
  }
  writer.end();
  result.text = parts.join('');
  return result;
}

/** EPCIS JSON-LD → canonical Shipments as NDJSON, as `medsupply convert --from epcis-json --to canonical`. */
function fromEpcis(text: string): Conversion {
  const issues: ConversionIssue[] = [];
  const lines: string[] = [];
  // The folding, its counts and where issues belong are the adapter's, the same as the CLI's.
  const folder = new EpcisShipmentFolder({
    shipment: (shipment) => lines.push(`${JSON.stringify(shipment)}\n`),
    issue: (found, at) => issues.push(located(found, at)),
  });
  readEpcis(text, (item) => folder.add(item));
  const { records, converted, failed } = folder.finish();
  return { text: lines.join(''), issues, records, converted, failed };
}

/**
 * Converts canonical documents (the playground's text, read as `format`, or sniffed when undefined)
 * to `target`.
 */
export function convertFromCanonical(
  engine: ConversionEngine,
  text: string,
  format: InputFormat | undefined,
  target: Target,
): Promise<Conversion> {
  if (target === 'epcis-json') return toEpcis(engine, text, format);
  return toFhir(engine, text, format, target === 'fhir-r4' ? '4' : '5');
}

/** Converts `source` text (FHIR or EPCIS JSON-LD) back to canonical NDJSON. */
export async function convertToCanonical(
  engine: ConversionEngine,
  text: string,
  source: Target,
  vouched: Vouched = {},
): Promise<Conversion> {
  if (source === 'epcis-json') return fromEpcis(text);
  // As the CLI: the creation time of documents whose source gives none is now, to the second.
  const createdAt = vouched.createdAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return fromFhir(engine, text, source === 'fhir-r4' ? '4' : '5', { ...vouched, createdAt });
}
