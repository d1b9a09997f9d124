// EPCIS 2.0: streaming readers (XML 1.2/2.0, JSON-LD) and writers (JSON-LD, XML 2.0), and the mapping
// between EPCIS events and canonical Shipments.
export * from '../epc/index.js';
export { epcisIssueCodes } from './codes.js';
export {
  EPCIS_CONTEXT_URL,
  EPCIS_EVENT_TYPES,
  type EpcisEvent,
  type EpcisEventType,
  type EpcisHeader,
  type EpcisReadItem,
  type JsonValue,
} from './model.js';
export { toJsonVocabulary, toXmlVocabulary, type VocabularyKind } from './vocabulary.js';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './xml/limits.js';
export { EpcisXmlReader, readEpcisXml, type EpcisXmlReaderOptions } from './xml/reader.js';
export { EpcisXmlWriter, type EpcisXmlWriterOptions } from './xml/writer.js';
export {
  DEFAULT_JSON_LIMITS,
  EpcisJsonReader,
  readEpcisJson,
  type EpcisJsonReaderOptions,
  type JsonLimits,
} from './json/reader.js';
export { EpcisJsonWriter, jsonLdContext } from './json/writer.js';
export {
  EpcisShipmentMapper,
  IDENTIFIER_SYSTEMS,
  locationOf,
  partyOf,
  type EventPosition,
  type ShipmentMappingOptions,
  type ShipmentResult,
} from './canonical/from-events.js';
export {
  shipmentToEpcisEvents,
  timeZoneOffsetOf,
  type ShipmentToEventsOptions,
} from './canonical/to-events.js';
export {
  EpcisShipmentFolder,
  issuePosition,
  noEventsIssue,
  type EpcisFoldHandlers,
  type EpcisFoldSummary,
  type InputPosition,
} from './fold.js';
export { rec20OfUcum, ucumOfRec20 } from './canonical/units.js';
