/**
 * EPCIS 2.0 as this adapter holds it in memory: every event in its JSON-LD shape (EPCIS 2.0 §12, the
 * shape of GS1's JSON examples), whichever syntax it was read from, plus the document header.
 */
import type { Issue } from '@medsupply/validators';

/** The JSON-LD context every EPCIS 2.0 JSON document names first. */
export const EPCIS_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** The event types of EPCIS 2.0. */
export const EPCIS_EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;

/** One EPCIS event type name. */
export type EpcisEventType = (typeof EPCIS_EVENT_TYPES)[number];

/** A JSON value as the readers produce it (null-prototype objects keep `__proto__` keys harmless). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One EPCIS event in its JSON-LD form: `type` first, standard fields by their JSON names (`epcList`,
 * `bizStep` as a CBV short name, ...), vendor extensions as compact IRIs (`example:myField`).
 */
export type EpcisEvent = { type: string } & { [key: string]: JsonValue };

/** The document around the events. */
export interface EpcisHeader {
  /** `EPCISDocument`, or `EPCISQueryDocument` for query results. */
  documentType: 'EPCISDocument' | 'EPCISQueryDocument';
  /** The `schemaVersion` the input declared (`1.2`, `2.0`); writers always write 2.0. */
  schemaVersion?: string;
  /** When the document was created (kept as written). */
  creationDate?: string;
  /** JSON-LD `id` of the document. */
  id?: string;
  /** Standard Business Document Header sender identifier (JSON-LD `sender`). */
  sender?: string;
  /** Standard Business Document Header receiver identifier (JSON-LD `receiver`). */
  receiver?: string;
  /** Standard Business Document Header instance identifier. */
  instanceIdentifier?: string;
  /** Master data, in JSON-LD form: `{ epcisMasterData: { vocabularyList: [...] } }`. */
  epcisHeader?: { [key: string]: JsonValue };
  /** Query name and subscription of an EPCISQueryDocument. */
  queryName?: string;
  subscriptionID?: string;
  /**
   * Vendor members of the document itself, in JSON-LD form (`{"gs1ushc:dscsaTransactionStatement": …}`):
   * JSON root members with a prefix; XML vendor elements of `<EPCISHeader>` and the SBDH. Carried by both writers.
   */
  extensions?: { [key: string]: JsonValue };
  /** Extension namespaces: JSON-LD prefix to IRI (ending in `/`, `#` or `:`), in declaration order. */
  namespaces: Array<[prefix: string, iri: string]>;
  /** The `@context` of a JSON input, kept so JSON output can repeat it as it was. */
  context?: JsonValue;
}

/** What a reader delivers, in document order. */
export type EpcisReadItem =
  | {
      kind: 'header';
      header: EpcisHeader;
    }
  | {
      kind: 'event';
      /** 0-based position in the event list. */
      index: number;
      /** 1-based line where the event starts. */
      line?: number;
      /** The event; absent when it could not be read (the issues say why). */
      event?: EpcisEvent;
      /** Problems with this event; an error means it was not read. */
      issues: Issue[];
    }
  | {
      kind: 'issue';
      /** A problem with the document as a whole (syntax, limits, root element). */
      issue: Issue;
      line?: number;
    };
