/**
 * The GS1 adapter for browsers: EPCIS 2.0 JSON-LD (reader, writer) and the mapping between EPCIS
 * events and canonical Shipments, the same code as the Node entry. The package's `browser` field swaps
 * the one Node-only helper (SHA-1 for name-based documentIds) for a browser version with the same
 * results. XML and the barcode tools stay in the main entry.
 *
 * @example
 * import { EpcisJsonWriter, shipmentToEpcisEvents } from '@medsupply/gs1/browser';
 */
export { epcisIssueCodes } from './epcis/codes.js';
export {
  EPCIS_CONTEXT_URL,
  EPCIS_EVENT_TYPES,
  type EpcisEvent,
  type EpcisEventType,
  type EpcisHeader,
  type EpcisReadItem,
  type JsonValue,
} from './epcis/model.js';
export {
  DEFAULT_JSON_LIMITS,
  EpcisJsonReader,
  readEpcisJson,
  type EpcisJsonReaderOptions,
  type JsonLimits,
} from './epcis/json/reader.js';
export { EpcisJsonWriter, jsonLdContext } from './epcis/json/writer.js';
export {
  EpcisShipmentMapper,
  IDENTIFIER_SYSTEMS,
  locationOf,
  partyOf,
  type EventPosition,
  type ShipmentMappingOptions,
  type ShipmentResult,
} from './epcis/canonical/from-events.js';
export {
  shipmentToEpcisEvents,
  timeZoneOffsetOf,
  type ShipmentToEventsOptions,
} from './epcis/canonical/to-events.js';
export {
  EpcisShipmentFolder,
  issuePosition,
  noEventsIssue,
  type EpcisFoldHandlers,
  type EpcisFoldSummary,
  type InputPosition,
} from './epcis/fold.js';
export { rec20OfUcum, ucumOfRec20 } from './epcis/canonical/units.js';
