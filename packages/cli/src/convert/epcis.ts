/**
 * `medsupply convert` for EPCIS: EPCIS XML (1.2, 2.0) and JSON-LD in, canonical NDJSON, EPCIS 2.0
 * JSON-LD or XML out, and canonical Shipments back to EPCIS. Every input streams: one event (or one
 * canonical record) is in memory at a time, and output waits for the writer to drain.
 */
import type { Writable } from 'node:stream';
import {
  type EpcisEvent,
  type EpcisHeader,
  EpcisJsonReader,
  EpcisJsonWriter,
  type EpcisReadItem,
  EpcisShipmentMapper,
  EpcisXmlReader,
  EpcisXmlWriter,
  type ShipmentResult,
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

function located(context: ConversionContext, found: Issue, index?: number, line?: number): SourcedIssue {
  const params = found.params ?? {};
  const where: SourcedIssue = { ...found, source: context.source };
  const foundLine = typeof params.line === 'number' ? params.line : line;
  const foundIndex = typeof params.index === 'number' && params.index >= 0 ? params.index : index;
  if (foundLine !== undefined) where.line = foundLine;
  if (foundIndex !== undefined) where.index = foundIndex;
  return where;
}

type Report = (found: Issue, index?: number, line?: number) => void;

/** The buffered output and the issue reporter (issues located in the input) of one conversion. */
function conversionOutput(context: ConversionContext): { out: OutputBuffer; report: Report } {
  const out = new OutputBuffer(context.output);
  const report: Report = (found, index, line) => context.report(located(context, found, index, line));
  return { out, report };
}

/**
 * The output of a conversion that writes an EPCIS document in syntax `to`: the writer sends its text
 * to `out` and (XML) its issues to `report`. Each input after the first starts on a new line, so the
 * documents of several inputs stay apart.
 */
function epcisOutput(
  context: ConversionContext,
  to: EpcisSyntax,
): { out: OutputBuffer; report: Report; writer: EpcisXmlWriter | EpcisJsonWriter } {
  const { out, report } = conversionOutput(context);
  const writer =
    to === 'epcis-xml'
      ? new EpcisXmlWriter((text) => out.push(text), { report: (found) => report(found) })
      : new EpcisJsonWriter((text) => out.push(text));
  if (context.inputIndex > 0) out.push('\n');
  return { out, report, writer };
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
    const { out, report, writer } = epcisOutput(context, to);
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
    return summary;
  };
}

/** EPCIS in, canonical Shipments out as NDJSON. */
function epcisToCanonical(from: EpcisSyntax): Converter {
  return async (context) => {
    const { out, report } = conversionOutput(context);
    const summary: ConversionSummary = { records: 0, converted: 0, failed: 0 };
    let mapper: EpcisShipmentMapper | undefined;
    const onResult = (result: ShipmentResult) => {
      for (const found of result.issues)
        report(found, result.first.index >= 0 ? result.first.index : undefined, result.first.line);
      if (result.shipment === undefined) summary.failed += result.eventCount;
      else out.push(`${JSON.stringify(result.shipment)}\n`);
    };
    const mapperFor = (header: EpcisHeader) => {
      mapper ??= new EpcisShipmentMapper(header, onResult);
      return mapper;
    };
    await readEpcis(
      context,
      from,
      (item) => {
        if (item.kind === 'header') mapperFor(item.header);
        else if (item.kind === 'issue') report(item.issue, undefined, item.line);
        else {
          summary.records++;
          for (const found of item.issues) report(found, item.index, item.line);
          if (item.event === undefined) {
            summary.failed++;
            return;
          }
          const eventIssues = mapperFor({ documentType: 'EPCISDocument', namespaces: [] }).add(item.event, {
            index: item.index,
            line: item.line,
          });
          for (const found of eventIssues) report(found, item.index, item.line);
          if (eventIssues.some((i) => i.severity === 'error')) summary.failed++;
        }
      },
      () => out.flush(),
    );
    mapper?.finish();
    if (mapper !== undefined && mapper.unmapped.size > 0) {
      const counts = [...mapper.unmapped].map(([step, count]) => `${count} ${step}`).join(', ');
      context.report({
        severity: 'info',
        code: 'EPCIS_EVENT_NOT_MAPPED',
        path: '',
        message: `events without a canonical meaning were read and skipped: ${counts}`,
        params: { counts: Object.fromEntries(mapper.unmapped) },
        source: context.source,
      });
    }
    summary.converted = summary.records - summary.failed;
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
