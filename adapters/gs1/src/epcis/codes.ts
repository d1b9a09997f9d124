import type { IssueCodeTable } from '@medsupply/validators';

/**
 * Every issue code the EPCIS readers, writers and mappers raise. Stable: a code is never renamed or
 * reused; new codes may be added in minor releases.
 */
export const epcisIssueCodes: IssueCodeTable = {
  // XML reading: well-formedness and the limits that keep hostile input bounded.
  XML_SYNTAX: { severity: 'error', description: 'The XML is not well-formed; params give line and column.' },
  XML_DOCTYPE_FORBIDDEN: {
    severity: 'error',
    description:
      'The XML has a DOCTYPE with an internal subset or an external identifier (entity and DTD declarations are never processed).',
  },
  XML_ENTITY_FORBIDDEN: {
    severity: 'error',
    description: 'The XML references an entity other than the five predefined ones and character references.',
  },
  XML_ENCODING_UNSUPPORTED: {
    severity: 'error',
    description: 'The XML declares an encoding other than UTF-8.',
  },
  XML_TOO_DEEP: {
    severity: 'error',
    description: 'Elements nest deeper than the reader allows (`maxDepth`).',
  },
  XML_DOCUMENT_TOO_LARGE: {
    severity: 'error',
    description: 'The document is larger than the reader allows (`maxDocumentBytes`).',
  },
  XML_TOO_MANY_ELEMENTS: {
    severity: 'error',
    description: 'The document has more elements than the reader allows (`maxElements`).',
  },
  XML_TOO_MANY_ATTRIBUTES: {
    severity: 'error',
    description: 'An element has more attributes than the reader allows (`maxAttributes`).',
  },
  XML_TOKEN_TOO_LARGE: {
    severity: 'error',
    description:
      'One text node, attribute value, comment or tag is larger than the reader allows (`maxTokenBytes`).',
  },
  XML_EVENT_TOO_LARGE: {
    severity: 'error',
    description: 'One event has more elements than the reader allows (`maxEventElements`).',
  },
  // JSON reading.
  JSON_SYNTAX: {
    severity: 'error',
    description: 'The JSON is not well-formed; params give line and column.',
  },
  JSON_TOO_DEEP: {
    severity: 'error',
    description: 'JSON values nest deeper than the reader allows (`maxDepth`).',
  },
  JSON_DOCUMENT_TOO_LARGE: {
    severity: 'error',
    description: 'The document is larger than the reader allows (`maxDocumentBytes`).',
  },
  JSON_VALUE_TOO_LARGE: {
    severity: 'error',
    description: 'One event or header member is larger than the reader allows (`maxTokenBytes`).',
  },
  FORBIDDEN_KEY: {
    severity: 'error',
    description: 'A member is named `__proto__`; it is dropped and the event fails.',
  },
  // EPCIS structure.
  EPCIS_NOT_A_DOCUMENT: {
    severity: 'error',
    description:
      'The root is not an EPCISDocument or EPCISQueryDocument (XML 1.2/2.0, JSON-LD), nor a single JSON-LD event.',
  },
  EPCIS_EVENT_TYPE_UNKNOWN: {
    severity: 'error',
    description: 'An event list member is not an EPCIS event type.',
  },
  EPCIS_EVENT_FIELD_MISSING: {
    severity: 'error',
    description: 'An event lacks a field EPCIS requires (eventTime, eventTimeZoneOffset, action, ...).',
  },
  EPCIS_EVENT_NOT_AN_OBJECT: {
    severity: 'error',
    description: 'A JSON event list member is not an object with a `type`.',
  },
  EPCIS_QUANTITY_INVALID: {
    severity: 'error',
    description: 'A quantity or sensor value is not a decimal number.',
  },
  EPCIS_BOOLEAN_INVALID: {
    severity: 'error',
    description: 'A sensor `booleanValue` is neither true nor false.',
  },
  EPCIS_UNKNOWN_ELEMENT: {
    severity: 'error',
    description:
      'An unqualified element that the EPCIS XSD does not allow where it stands (a misspelt field, an unknown wrapper such as <epcisbody>); vendor data must use a namespace. The event (or the document part) is not read.',
  },
  EPCIS_LOCAL_EXTENSION_DROPPED: {
    severity: 'warning',
    description:
      "An unqualified element inside an EPCIS 1.x <extension> (allowed there by the 1.x XSD) has no EPCIS 2.0 form and was left out, as GS1's own JSON of such examples does.",
  },
  EPCIS_ELEMENT_SKIPPED: {
    severity: 'warning',
    description:
      'A vendor or extension element of the document or body (outside the event list) holds no events and was skipped; or an unqualified element of the header, for which EPCIS 2.0 has no form.',
  },
  EPCIS_DUPLICATE_MEMBER: {
    severity: 'error',
    description:
      'A JSON member name appears twice in one object (`path` points at the second). JSON parsers disagree on which value counts, so the event is not read; a document member holding one (`epcisHeader`) is not used, and a repeated name in the document or its body (`type`, `eventList`) stops the document.',
  },
  EPCIS_UNKNOWN_MEMBER: {
    severity: 'error',
    description:
      'A JSON member that the EPCIS JSON Schema does not define where it stands and that is not a vendor member (compact or absolute IRI), e.g. `epcisBody.event` instead of `eventList`. The event (or the document part) is not read.',
  },
  EPCIS_EVENT_LIST_MISSING: {
    severity: 'error',
    description:
      'The document has no event list (`epcisBody.eventList`, `<EPCISBody><EventList>`), so none of its events could be read.',
  },
  EPCIS_NO_EVENTS: {
    severity: 'error',
    description: 'A non-empty input gave no event at all: nothing was converted.',
  },
  EPCIS_EVENT_COUNTS: {
    severity: 'info',
    description:
      'Where the events of one input went when converting to canonical: folded into Shipments, read for contents (packing, commissioning), without a canonical meaning, in Shipments that could not be made, or skipped with errors. The numbers add up to the events read.',
  },
  EPCIS_LOT_TABLE_FULL: {
    severity: 'warning',
    description:
      'More commissioned items than the mapper remembers (`maxCommissionedItems`, default 100,000): the lots of the oldest are forgotten, so a later shipping event may give their line no lot.',
  },
  EPCIS_FIELD_INVALID: {
    severity: 'error',
    description:
      'An event member has the wrong shape for EPCIS 2.0 (certificationInfo not a URI or list of URIs, a list that is not a list, a location without id, a uom that is not a Rec 20 code, ...).',
  },
  EPCIS_VOCABULARY_UNKNOWN: {
    severity: 'warning',
    description:
      'A bizStep, disposition, business transaction type or source/destination type is a bare name that CBV does not define (e.g. "shipped"); the XSD accepts any URI, the JSON Schema only CBV names or URIs.',
  },
  EPCIS_ACTION_INVALID: {
    severity: 'error',
    description: 'An event action is not ADD, OBSERVE or DELETE.',
  },
  EPCIS_TIME_INVALID: {
    severity: 'error',
    description:
      'eventTime, recordTime or declarationTime is not a date-time (e.g. "22-07-2026"), or eventTimeZoneOffset is not an offset from -14:00 to +14:00.',
  },
  EPCIS_TIME_ZONE_MISSING: {
    severity: 'warning',
    description:
      'A date-time has no offset (xsd:dateTime allows it, the JSON Schema does not); Shipment dates take the offset from eventTimeZoneOffset.',
  },
  EPCIS_NUMBER_OUT_OF_RANGE: {
    severity: 'error',
    description: 'A quantity or sensor value is outside the range of a double (1e400), or underflows to 0.',
  },
  EPCIS_NUMBER_KEPT_AS_TEXT: {
    severity: 'warning',
    description:
      'A JSON number in a vendor member does not fit a double without changing its value (a 30-digit integer, 1e400); it is kept as its literal text, so XML output keeps every digit.',
  },
  EPCIS_ATTRIBUTE_DROPPED: {
    severity: 'warning',
    description:
      'Attributes of an extension element that has a text value were dropped: EPCIS JSON-LD has no place for them.',
  },
  EPCIS_QUANTITY_EVENT_CONVERTED: {
    severity: 'warning',
    description:
      'An EPCIS 1.x QuantityEvent was read as an ObjectEvent with action OBSERVE and a quantityList (EPCIS 2.0 removed QuantityEvent).',
  },
  EPCIS_QUERY_BODY_UNSUPPORTED: {
    severity: 'warning',
    description:
      'A query document carries something other than an event list (a vocabulary list or a query control message); it is skipped.',
  },
  EPCIS_TERM_UNMAPPED: {
    severity: 'warning',
    description:
      'A JSON-LD member is neither an EPCIS field nor a compact or absolute IRI, so it has no XML element name; it is dropped.',
  },
  EPCIS_HEADER_INCOMPLETE: {
    severity: 'warning',
    description:
      'sender, receiver and instanceIdentifier must all be present to write an XML Standard Business Document Header; the header was not written.',
  },
  EPCIS_CREATION_DATE_MISSING: {
    severity: 'warning',
    description: 'The document has no creationDate, which EPCIS XML requires.',
  },
  // EPCIS to canonical Shipment.
  EPCIS_EVENT_NOT_MAPPED: {
    severity: 'info',
    description:
      'Events whose business step has no canonical meaning (commissioning, inspecting, ...) were read but produce no document.',
  },
  EPCIS_SHIPMENT_ID_MISSING: {
    severity: 'error',
    description:
      'A shipping, transit or receiving event names no business transaction (desadv, bol, po, inv, ...) and no SSCC, so it belongs to no Shipment.',
  },
  EPCIS_SHIPMENT_PARTY_MISSING: {
    severity: 'error',
    description:
      'No event of the shipment names the shipper (source owning/possessing party) or the receiver (destination party).',
  },
  EPCIS_SHIPMENT_LOCATION_MISSING: {
    severity: 'error',
    description:
      'No event of the shipment names where it ships from or to (source/destination location, or the business location of the shipping/receiving event).',
  },
  EPCIS_SHIPMENT_DATE_MISSING: {
    severity: 'error',
    description:
      'The shipment status needs a milestone no event gives (e.g. received without a shipping event gives no actualShipDate).',
  },
  EPCIS_SHIPMENT_QUANTITY_MISSING: {
    severity: 'error',
    description:
      'A line lacks a quantity the status needs (received goods that no shipping event listed have no quantityShipped).',
  },
  EPCIS_SHIPMENT_NO_LINES: {
    severity: 'error',
    description:
      'No event of the shipment identifies products (SGTIN, LGTIN, GTIN pattern, Digital Link with GTIN, or SSCC whose packing is known).',
  },
  EPCIS_IDENTIFIER_UNSUPPORTED: {
    severity: 'warning',
    description:
      'An identifier is not a GS1 key this mapping understands (GID, private URN, web URI); it does not count towards lines.',
  },
  EPCIS_UOM_UNMAPPED: {
    severity: 'error',
    description: 'A quantity unit (UN/ECE Rec 20) has no UCUM equivalent in the mapping table.',
  },
  EPCIS_CONFLICTING_VALUES: {
    severity: 'warning',
    description: 'Events of one shipment name different shippers, receivers or locations; the first is kept.',
  },
  EPCIS_SHIPMENT_SPLIT: {
    severity: 'warning',
    description:
      'A shipment reappeared after it had been written (more open shipments than `maxOpenShipments`); it is written again as a separate record.',
  },
  EPCIS_PACKING_TABLE_FULL: {
    severity: 'warning',
    description:
      'More packed logistic units than `maxPackedUnits`: contents of further SSCCs are not remembered.',
  },
  // Canonical Shipment to EPCIS.
  EPCIS_NOT_A_SHIPMENT: {
    severity: 'error',
    description: 'The canonical record is not a Shipment; only Shipments map to EPCIS events.',
  },
  EPCIS_PRODUCT_NOT_GS1: {
    severity: 'error',
    description: 'A shipment line names its product without a GTIN, so it has no EPC class.',
  },
  EPCIS_PARTY_NOT_GS1: {
    severity: 'warning',
    description: 'A party or location has no GLN; it is left out of the source and destination lists.',
  },
  EPCIS_TRANSACTION_ID_UNMAPPED: {
    severity: 'error',
    description:
      'A shipment identifier is not a URI and no issuer GLN is known to build a CBV business transaction URN from it.',
  },
  EPCIS_UNIT_UNMAPPED: {
    severity: 'error',
    description: 'A canonical quantity unit (UCUM) has no UN/ECE Rec 20 code in the mapping table.',
  },
};
