/**
 * `medsupply convert` for EPCIS: EPCIS XML (1.2, 2.0) and JSON-LD in, canonical NDJSON, EPCIS 2.0
 * JSON-LD or XML out, and canonical Shipments back to EPCIS. Every input streams: one event (or one
 * canonical record) is in memory at a time, and output waits for the writer to drain.
 */
import type { Writable } from 'node:stream';
import {
  type EpcisEvent,
  EpcisJsonReader,
  EpcisJsonWriter,
  type EpcisReadItem,
  EpcisShipmentFolder,
  EpcisXmlReader,
  EpcisXmlWriter,
  type InputPosition,
  issuePosition,
  noEventsIssue,
  shipmentToEpcisEvents,
} from '@medsupply/gs1';
import type { Shipment } from '@medsupply/types/1.0.0';
import { type Issue, readRecords } from '@medsupply/validators';
import type {
  ConversionContext,
  ConversionSummary,
  Converter,
  ConverterTable,
  SourcedIssue,
} from './types.js';

type EpcisSyntax = 'epcis-xml' | 'epcis-json';

/** Buffers output text and writes it in large pieces, waiting whenever the destination is full. */
class OutputBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly output: Writable) {}

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  async flush(force = false): Promise<void> {
    if (this.size === 0 || (!force && this.size < 1 << 16)) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.output.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          this.output.off('drain', done);
          this.output.off('error', done);
          if (error) reject(error);
          else resolve();
        };
        this.output.once('drain', done);
        this.output.once('error', done);
      });
    }
  }
}

/** `found` with its input and its place there (line before index, as the CLI has always written them). */
function sourced(context: ConversionContext, found: Issue, at: InputPosition): SourcedIssue {
  const where: SourcedIssue = { ...found, source: context.source };
  if (at.line !== undefined) where.line = at.line;
  if (at.index !== undefined) where.index = at.index;
  return where;
}

type Report = (found: Issue, index?: number, line?: number) => void;

/** The buffered output and the issue reporter (issues located in the input) of one conversion. */
function conversionOutput(context: ConversionContext): {
  out: OutputBuffer;
  report: Report;
  errors: () => number;
} {
  const out = new OutputBuffer(context.output);
  let errors = 0;
  const report: Report = (found, index, line) => {
    if (found.severity === 'error') errors++;
    context.report(sourced(context, found, issuePosition(found, index, line)));
  };
  return { out, report, errors: () => errors };
}

/** An input that gave no event and no error is still no success (see the adapter's `noEventsIssue`). */
function reportNoEvents(context: ConversionContext, summary: ConversionSummary, errors: number): void {
  if (summary.records > 0 || errors > 0) return;
  context.report({ ...noEventsIssue(), source: context.source });
}

/**
 * The output of a conversion that writes an EPCIS document in syntax `to`: the writer sends its text
 * to `out` and (XML) its issues to `report`. Each input after the first starts on a new line, so the
 * documents of several inputs stay apart.
 */
function epcisOutput(
  context: ConversionContext,
  to: EpcisSyntax,
): {
  out: OutputBuffer;
  report: Report;
  errors: () => number;
  writer: EpcisXmlWriter | EpcisJsonWriter;
} {
  const { out, report, errors } = conversionOutput(context);
  const writer =
    to === 'epcis-xml'
      ? new EpcisXmlWriter((text) => out.push(text), { report: (found) => report(found) })
      : new EpcisJsonWriter((text) => out.push(text));
  if (context.inputIndex > 0) out.push('\n');
  return { out, report, errors, writer };
}

/**
 * Runs an EPCIS reader over the input and hands every item to `handle`, pausing after each chunk
 * so the handler's output can drain.
 */
async function readEpcis(
  context: ConversionContext,
  from: EpcisSyntax,
  handle: (item: EpcisReadItem) => void,
  flush: () => Promise<void>,
): Promise<void> {
  const items: EpcisReadItem[] = [];
  const reader =
    from === 'epcis-xml'
      ? new EpcisXmlReader((item) => items.push(item))
      : new EpcisJsonReader((item) => items.push(item));
  const drain = async () => {
    const batch = items.splice(0);
    for (const item of batch) handle(item);
    await flush();
  };
  for await (const chunk of context.input as AsyncIterable<Uint8Array | string>) {
    reader.write(chunk);
    await drain();
    if (reader.failed) break;
  }
  reader.end();
  await drain();
}

/** EPCIS in, EPCIS out (XML or JSON-LD): one output document per input. */
function epcisToEpcis(from: EpcisSyntax, to: EpcisSyntax): Converter {
  return async (context) => {
    const { out, report, errors, writer } = epcisOutput(context, to);
    const summary: ConversionSummary = { records: 0, converted: 0, failed: 0 };
    let headerWritten = false;
    await readEpcis(
      context,
      from,
      (item) => {
        if (item.kind === 'header') {
          writer.header(item.header);
          headerWritten = true;
        } else if (item.kind === 'issue') report(item.issue, undefined, item.line);
        else {
          summary.records++;
          for (const found of item.issues) report(found, item.index, item.line);
          if (item.event === undefined) summary.failed++;
          else {
            writer.event(item.event);
            summary.converted++;
          }
        }
      },
      () => out.flush(),
    );
    if (headerWritten) writer.end();
    await out.flush(true);
    reportNoEvents(context, summary, errors());
    return summary;
  };
}

/** EPCIS in, canonical Shipments out as NDJSON (the folding is the adapter's, shared with the playground). */
function epcisToCanonical(from: EpcisSyntax): Converter {
  return async (context) => {
    const out = new OutputBuffer(context.output);
    const folder = new EpcisShipmentFolder({
      shipment: (shipment) => out.push(`${JSON.stringify(shipment)}\n`),
      issue: (found, at) => context.report(sourced(context, found, at)),
    });
    await readEpcis(
      context,
      from,
      (item) => folder.add(item),
      () => out.flush(),
    );
    const summary = folder.finish();
    await out.flush(true);
    return summary;
  };
}

/** Canonical Shipments (NDJSON or a JSON array) in, one EPCIS document of their events out. */
function canonicalToEpcis(to: EpcisSyntax): Converter {
  return async (context) => {
    const { out, report, writer } = epcisOutput(context, to);
    // The EPCIS document is created now, by this conversion.
    writer.header({ documentType: 'EPCISDocument', creationDate: new Date().toISOString(), namespaces: [] });
    const summary: ConversionSummary = { records: 0, converted: 0, failed: 0 };
    const source = context.source === '-' ? '-' : context.source;
    for await (const record of readRecords(context.input as AsyncIterable<Uint8Array>, { source })) {
      summary.records++;
      for (const found of record.issues) report(found, record.index, record.line);
      if (record.value === undefined || record.issues.some((i) => i.severity === 'error')) {
        summary.failed++;
        continue;
      }
      const { events, issues } = shipmentToEpcisEvents(record.value as Shipment);
      for (const found of issues) report(found, record.index, record.line);
      if (issues.some((i) => i.severity === 'error')) {
        summary.failed++;
        continue;
      }
      for (const event of events) writer.event(event as EpcisEvent);
      summary.converted++;
      await out.flush();
    }
    writer.end();
    await out.flush(true);
    return summary;
  };
}

/** EPCIS conversions (epcis-xml|epcis-json -> canonical|epcis-json|epcis-xml, canonical -> epcis-json|epcis-xml). */
export const epcisConverters: ConverterTable = {
  'epcis-xml->epcis-json': epcisToEpcis('epcis-xml', 'epcis-json'),
  'epcis-xml->epcis-xml': epcisToEpcis('epcis-xml', 'epcis-xml'),
  'epcis-json->epcis-json': epcisToEpcis('epcis-json', 'epcis-json'),
  'epcis-json->epcis-xml': epcisToEpcis('epcis-json', 'epcis-xml'),
  'epcis-xml->canonical': epcisToCanonical('epcis-xml'),
  'epcis-json->canonical': epcisToCanonical('epcis-json'),
  'canonical->epcis-json': canonicalToEpcis('epcis-json'),
  'canonical->epcis-xml': canonicalToEpcis('epcis-xml'),
};
