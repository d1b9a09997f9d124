/**
 * A canonical Shipment to EPCIS 2.0 events: a shipping ObjectEvent (quantities shipped, SSCCs, source
 * and destination lists, the despatch advice and order as business transactions), then an arriving
 * and a receiving event when the Shipment has those milestones. The inverse of from-events.ts.
 */
import type { Identifier, LocationRef, PartyRef, Shipment } from '@medsupply/types/1.0.0';
import { type Issue, issue } from '@medsupply/validators';
import { type Gs1Keys, type IdentifierStyle, formatEpcIdentifier } from '../../epc/index.js';
import type { EpcisEvent, JsonValue } from '../model.js';
import { IDENTIFIER_SYSTEMS } from './from-events.js';
import { rec20OfUcum } from './units.js';

/** Options of the Shipment to EPCIS mapping. */
export interface ShipmentToEventsOptions {
  /** How GS1 keys are written (default: Digital Link URIs, which need no company prefix length). */
  identifiers?: IdentifierStyle;
}

type Line = Shipment['lines'][number];
type JsonObject = { [key: string]: JsonValue };

/** The GLN of a party or location reference (inline or by identifier), if it has one. */
function glnOf(ref: PartyRef | LocationRef | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const identifiers: Identifier[] =
    'identifier' in ref && ref.identifier !== undefined
      ? [ref.identifier as Identifier]
      : ((ref as { identifiers?: Identifier[] }).identifiers ?? []);
  return identifiers.find((i) => i.system === IDENTIFIER_SYSTEMS.gln)?.value as string | undefined;
}

function uriOf(ref: LocationRef | undefined): string | undefined {
  if (ref === undefined || !('identifier' in ref) || ref.identifier === undefined) return undefined;
  const identifier = ref.identifier as Identifier;
  return identifier.system === IDENTIFIER_SYSTEMS.uri ? (identifier.value as string) : undefined;
}

/** `+01:00` for `2024-03-01T10:00:00+01:00`, `+00:00` for `…Z` (EPCIS eventTimeZoneOffset). */
export function timeZoneOffsetOf(dateTime: string): string | undefined {
  const match = /(Z|[+-]\d{2}:\d{2})$/i.exec(dateTime);
  if (match === null) return undefined;
  return match[1]?.toUpperCase() === 'Z' ? '+00:00' : match[1];
}

/**
 * Maps one Shipment to EPCIS events. Errors (a line without GTIN, a unit without Rec 20 code, a
 * shipment identifier that cannot become a URI) mean the events are incomplete and not returned.
 */
export function shipmentToEpcisEvents(
  shipment: Shipment,
  options: ShipmentToEventsOptions = {},
): { events: EpcisEvent[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const style: IdentifierStyle = options.identifiers ?? { style: 'digital-link' };
  const format = (keys: Gs1Keys) => formatEpcIdentifier(keys, style) as string;
  if ((shipment as { documentType?: string }).documentType !== 'Shipment') {
    return {
      events: [],
      issues: [issue('error', 'EPCIS_NOT_A_SHIPMENT', '/documentType', 'only Shipments map to EPCIS events')],
    };
  }
  const shipperGln = glnOf(shipment.shipper);
  const transactions: JsonObject[] = [];
  shipment.identifiers.forEach((identifier, i) => {
    const value = bizTransactionOf(identifier, shipperGln);
    if (value === undefined) {
      issues.push(
        issue(
          'error',
          'EPCIS_TRANSACTION_ID_UNMAPPED',
          `/identifiers/${i}`,
          'the identifier is not a URI and no issuer or shipper GLN is known',
        ),
      );
      return;
    }
    transactions.push({ type: typeOf(identifier, 'desadv'), bizTransaction: value });
  });
  if (shipment.orderRef !== undefined) {
    const value = bizTransactionOf(shipment.orderRef.identifier, undefined);
    if (value !== undefined)
      transactions.push({ type: typeOf(shipment.orderRef.identifier, 'po'), bizTransaction: value });
  }
  const party = (ref: PartyRef, path: string): string | undefined => {
    const gln = glnOf(ref);
    if (gln === undefined) {
      issues.push(
        issue(
          'warning',
          'EPCIS_PARTY_NOT_GS1',
          path,
          'the party has no GLN; it is left out of the EPCIS event',
        ),
      );
      return undefined;
    }
    return format({ scheme: 'pgln', level: 'instance', ais: [['417', gln]] });
  };
  const place = (ref: LocationRef, path: string): string | undefined => {
    const gln = glnOf(ref);
    if (gln !== undefined) return format({ scheme: 'sgln', level: 'instance', ais: [['414', gln]] });
    const uri = uriOf(ref);
    if (uri === undefined)
      issues.push(
        issue(
          'warning',
          'EPCIS_PARTY_NOT_GS1',
          path,
          'the location has no GLN; it is left out of the EPCIS event',
        ),
      );
    return uri;
  };
  const shipper = party(shipment.shipper, '/shipper');
  const receiver = party(shipment.receiver, '/receiver');
  const from = place(shipment.shipFrom, '/shipFrom');
  const to = place(shipment.shipTo, '/shipTo');
  const sourceList: JsonObject[] = [];
  const destinationList: JsonObject[] = [];
  if (shipper !== undefined) sourceList.push({ type: 'owning_party', source: shipper });
  if (from !== undefined) sourceList.push({ type: 'location', source: from });
  if (receiver !== undefined) destinationList.push({ type: 'owning_party', destination: receiver });
  if (to !== undefined) destinationList.push({ type: 'location', destination: to });

  const quantityList = (column: 'quantityShipped' | 'quantityReceived') =>
    shipment.lines.flatMap((line, i) =>
      quantityElement(line, column, `/lines/${i}/${column}`, format, issues),
    );
  const ssccs = (shipment.logisticUnits ?? [])
    .filter((unit) => unit.parentSscc === undefined)
    .map((unit) => format({ scheme: 'sscc', level: 'instance', ais: [['00', unit.sscc]] }));

  const events: EpcisEvent[] = [];
  const event = (
    eventTime: string | undefined,
    bizStep: string,
    where: string | undefined,
    extra: JsonObject,
  ): void => {
    if (eventTime === undefined) return;
    const offset = timeZoneOffsetOf(eventTime);
    const out: EpcisEvent = { type: 'ObjectEvent', eventTime };
    if (offset !== undefined) out.eventTimeZoneOffset = offset;
    Object.assign(out, extra.epcList === undefined ? {} : { epcList: extra.epcList });
    out.action = 'OBSERVE';
    out.bizStep = bizStep;
    if (where !== undefined) out.readPoint = { id: where };
    if (where !== undefined && bizStep !== 'shipping') out.bizLocation = { id: where };
    if (transactions.length > 0) out.bizTransactionList = transactions;
    if (extra.quantityList !== undefined && (extra.quantityList as JsonValue[]).length > 0)
      out.quantityList = extra.quantityList;
    if (sourceList.length > 0) out.sourceList = sourceList;
    if (destinationList.length > 0) out.destinationList = destinationList;
    events.push(out);
  };
  const dates = shipment.dates ?? {};
  event(dates.actualShipDate, 'shipping', from, {
    epcList: ssccs,
    quantityList: quantityList('quantityShipped'),
  });
  event(dates.actualArrival, 'arriving', to, { epcList: ssccs });
  event(dates.receivedDate, 'receiving', to, { epcList: [], quantityList: quantityList('quantityReceived') });
  const failed = issues.some((i) => i.severity === 'error');
  return { events: failed ? [] : events, issues };
}

function typeOf(identifier: Identifier, fallback: string): string {
  const system = identifier.system as string;
  return system.startsWith(IDENTIFIER_SYSTEMS.bizTransactionPrefix)
    ? system.slice(IDENTIFIER_SYSTEMS.bizTransactionPrefix.length)
    : fallback;
}

/** A business transaction URI: the identifier itself when it is one, else a CBV `urn:epcglobal:cbv:bt:GLN:id`. */
function bizTransactionOf(identifier: Identifier, shipperGln: string | undefined): string | undefined {
  const value = identifier.value as string;
  if (/^(?:urn:|[a-z][a-z0-9+.-]*:\/\/)/i.test(value)) return value;
  const issuer = identifier.issuer === undefined ? undefined : glnOf(identifier.issuer as PartyRef);
  const gln = issuer ?? shipperGln;
  return gln === undefined ? undefined : `urn:epcglobal:cbv:bt:${gln}:${encodeURIComponent(value)}`;
}

function quantityElement(
  line: Line,
  column: 'quantityShipped' | 'quantityReceived',
  path: string,
  format: (keys: Gs1Keys) => string,
  issues: Issue[],
): JsonObject[] {
  const quantity = line[column];
  if (quantity === undefined) return [];
  const product = line.product as { identifier?: Identifier; identifiers?: Identifier[] };
  const gtin = (product.identifier ? [product.identifier] : (product.identifiers ?? [])).find(
    (i) => i.system === IDENTIFIER_SYSTEMS.gtin,
  )?.value as string | undefined;
  if (gtin === undefined) {
    issues.push(
      issue(
        'error',
        'EPCIS_PRODUCT_NOT_GS1',
        path.replace(/\/[^/]+$/, '/product'),
        'the product has no GTIN, so it has no EPC class',
      ),
    );
    return [];
  }
  const uom = rec20OfUcum(quantity.unit as string);
  if (uom === null) {
    issues.push(
      issue(
        'error',
        'EPCIS_UNIT_UNMAPPED',
        `${path}/unit`,
        `UCUM unit "${quantity.unit}" has no UN/ECE Rec 20 code here`,
      ),
    );
    return [];
  }
  const lot = line.lot?.lotNumber;
  const keys: Gs1Keys =
    lot === undefined
      ? { scheme: 'gtin', level: 'class', ais: [['01', gtin.padStart(14, '0')]] }
      : {
          scheme: 'lgtin',
          level: 'class',
          ais: [
            ['01', gtin.padStart(14, '0')],
            ['10', lot],
          ],
        };
  const element: JsonObject = { epcClass: format(keys), quantity: quantity.value as number };
  if (uom !== undefined) element.uom = uom;
  return [element];
}
