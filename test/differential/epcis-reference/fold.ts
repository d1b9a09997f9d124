/**
 * EPCIS read items folded into canonical Shipments, with every issue located in the input and the
 * closing counts. This is the whole EPCIS → canonical conversion minus the I/O, so `medsupply
 * convert` and the browser playground give the same output for the same input: each feeds the items
 * its reader gives and writes what comes out its own way.
 */
import type { Shipment } from '@medsupply/types/1.1.0';
import { type Issue, hasErrors } from '@medsupply/validators';
import { EpcisShipmentMapper, type ShipmentResult } from './canonical/from-events.js';
import type { EpcisHeader, EpcisReadItem } from './model.js';

/** Where in the input an issue belongs: the record's 0-based index and 1-based line, when known. */
export interface InputPosition {
  index?: number;
  line?: number;
}

/**
 * Where an issue of an EPCIS reader or mapper belongs: its own `params.line` / `params.index` when it
 * has them (the reader knows the exact place), else the record it was met at.
 *
 * @example
 * issuePosition({ severity: 'error', code: 'X', path: '', message: '', params: { line: 7 } }, 2, 5);
 * // → { index: 2, line: 7 }
 */
export function issuePosition(found: Issue, index?: number, line?: number): InputPosition {
  const params = found.params ?? {};
  const foundLine = typeof params.line === 'number' ? params.line : line;
  const foundIndex = typeof params.index === 'number' && params.index >= 0 ? params.index : index;
  return {
    ...(foundIndex === undefined ? {} : { index: foundIndex }),
    ...(foundLine === undefined ? {} : { line: foundLine }),
  };
}

/** What an {@link EpcisShipmentFolder} hands back while it folds. */
export interface EpcisFoldHandlers {
  /** Gets each Shipment made, in the order they are complete. */
  shipment(shipment: Shipment): void;
  /** Gets each issue with its place in the input (none for the closing, document-wide ones). */
  issue(found: Issue, at: InputPosition): void;
}

/** The counts of one fold: every event read is either converted (folded into a Shipment) or failed. */
export interface EpcisFoldSummary {
  records: number;
  converted: number;
  failed: number;
}

/**
 * Folds the items of an EPCIS reader (`EpcisJsonReader`, `EpcisXmlReader`) into Shipments: `add`
 * every item in order, then `finish`. Events that cannot be read or mapped are reported and counted
 * as failed, never stop the rest. `finish` reports the events without a canonical meaning
 * (`EPCIS_EVENT_NOT_MAPPED`), where every event went (`EPCIS_EVENT_COUNTS`), and an input with no
 * event and no error as an error (`EPCIS_NO_EVENTS`), since "converted 0 of 0" would hide an unknown
 * wrapper or a misspelt member.
 *
 * @example
 * const folder = new EpcisShipmentFolder({ shipment: (s) => lines.push(JSON.stringify(s)), issue: report });
 * const reader = new EpcisJsonReader((item) => folder.add(item));
 * reader.write(bytes);
 * reader.end();
 * const { records, converted, failed } = folder.finish();
 */
export class EpcisShipmentFolder {
  private mapper: EpcisShipmentMapper | undefined;
  private errors = 0;
  private readonly summary: EpcisFoldSummary = { records: 0, converted: 0, failed: 0 };
  // Where every event went, for the closing count.
  private readonly counts = { shipments: 0, folded: 0, shipmentFailed: 0, readFailed: 0 };

  constructor(private readonly handlers: EpcisFoldHandlers) {}

  /** Takes the next item of the reader: the header, a document-level issue, or an event. */
  add(item: EpcisReadItem): void {
    if (item.kind === 'header') this.mapperFor(item.header);
    else if (item.kind === 'issue') this.report(item.issue, undefined, item.line);
    else {
      this.summary.records++;
      for (const found of item.issues) this.report(found, item.index, item.line);
      if (item.event === undefined) {
        this.summary.failed++;
        this.counts.readFailed++;
        return;
      }
      // A document without a header (an event list) still folds, with an empty one.
      const eventIssues = this.mapperFor({ documentType: 'EPCISDocument', namespaces: [] }).add(item.event, {
        index: item.index,
        line: item.line,
      });
      for (const found of eventIssues) this.report(found, item.index, item.line);
      if (hasErrors(eventIssues)) {
        this.summary.failed++;
        this.counts.readFailed++;
      }
    }
  }

  /** Writes the Shipments still open, reports the closing issues, and gives the counts. */
  finish(): EpcisFoldSummary {
    const { mapper, summary, counts } = this;
    mapper?.finish();
    if (mapper !== undefined && mapper.unmapped.size > 0) {
      const described = [...mapper.unmapped].map(([step, count]) => `${count} ${step}`).join(', ');
      this.handlers.issue(
        {
          severity: 'info',
          code: 'EPCIS_EVENT_NOT_MAPPED',
          path: '',
          message: `events without a canonical meaning were read and skipped: ${described}`,
          params: { counts: Object.fromEntries(mapper.unmapped) },
        },
        {},
      );
    }
    summary.converted = summary.records - summary.failed;
    if (summary.records > 0) {
      const unmapped = mapper === undefined ? 0 : [...mapper.unmapped.values()].reduce((a, b) => a + b, 0);
      const content = mapper?.contentEvents ?? 0;
      this.handlers.issue(
        {
          severity: 'info',
          code: 'EPCIS_EVENT_COUNTS',
          path: '',
          message:
            `${summary.records} events: ${counts.folded} folded into ${counts.shipments} Shipment(s), ` +
            `${content} read for contents (packing, commissioning), ${unmapped} without a canonical meaning, ` +
            `${counts.shipmentFailed} in Shipments that could not be made, ${counts.readFailed} skipped with errors`,
          params: {
            events: summary.records,
            shipments: counts.shipments,
            folded: counts.folded,
            contents: content,
            unmapped,
            inFailedShipments: counts.shipmentFailed,
            skipped: counts.readFailed,
          },
        },
        {},
      );
    }
    if (summary.records === 0 && this.errors === 0) this.handlers.issue(noEventsIssue(), {});
    return { ...summary };
  }

  private report(found: Issue, index?: number, line?: number): void {
    if (found.severity === 'error') this.errors++;
    this.handlers.issue(found, issuePosition(found, index, line));
  }

  private mapperFor(header: EpcisHeader): EpcisShipmentMapper {
    this.mapper ??= new EpcisShipmentMapper(header, (result) => this.onResult(result));
    return this.mapper;
  }

  private onResult(result: ShipmentResult): void {
    for (const found of result.issues)
      this.report(found, result.first.index >= 0 ? result.first.index : undefined, result.first.line);
    if (result.shipment === undefined) {
      this.summary.failed += result.eventCount;
      this.counts.shipmentFailed += result.eventCount;
    } else {
      this.handlers.shipment(result.shipment);
      this.counts.shipments++;
      this.counts.folded += result.eventCount;
    }
  }
}

/**
 * The error for an EPCIS input that gave no event and no error (`EPCIS_NO_EVENTS`): nothing was
 * converted, and that is no success.
 */
export function noEventsIssue(): Issue {
  return {
    severity: 'error',
    code: 'EPCIS_NO_EVENTS',
    path: '',
    message: 'no event was read from this input, so nothing was converted',
  };
}
