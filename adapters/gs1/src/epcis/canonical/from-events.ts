/**
 * EPCIS events to canonical Shipments. Shipping, transit and receiving events that name the same
 * despatch advice (CBV business transaction type `desadv`, else `bol`) form one Shipment; packing
 * aggregation events tell what an SSCC holds. Nothing is guessed: a Shipment that lacks a required
 * member is reported with a clear code and not written.
 */
import type { Identifier, LocationRef, PartyRef, Shipment } from '@medsupply/types/1.0.0';
import { type Issue, issue } from '@medsupply/validators';
import { aiValue, epcUrnToGs1Keys, parseEpcIdentifier } from '../../epc/index.js';
import type { EpcisEvent, EpcisHeader, JsonValue } from '../model.js';
import { toJsonVocabulary } from '../vocabulary.js';
import { ucumOfRec20 } from './units.js';
import { uuidFromName } from './uuid.js';

/** Identifier systems the mapping writes. */
export const IDENTIFIER_SYSTEMS = {
  gtin: 'https://www.gs1.org/gtin',
  gln: 'https://www.gs1.org/gln',
  /** Any other URI (SGLN with an extension, private URNs, web URIs) is kept whole. */
  uri: 'urn:ietf:rfc:3986',
  /** Business transactions keep their CBV type in the system: `https://ref.gs1.org/cbv/BTT-desadv`. */
  bizTransactionPrefix: 'https://ref.gs1.org/cbv/BTT-',
} as const;

/** Options of the EPCIS to Shipment mapping. */
export interface ShipmentMappingOptions {
  /** `confidentiality` of the Shipments written (default `commercial-in-confidence`). */
  confidentiality?: Shipment['confidentiality'];
  /** Shipments kept open at once; the least recently touched is written when more arrive (default 1,000). */
  maxOpenShipments?: number;
  /** Packed SSCCs whose contents are remembered (default 10,000; oldest forgotten first). */
  maxPackedUnits?: number;
  /** Clock for `createdAt` when the EPCIS document has no creationDate. */
  now?: () => Date;
}

/** Where an event was in its input. */
export interface EventPosition {
  index: number;
  line?: number;
}

/** One Shipment (or why there is none) with the events it came from. */
export interface ShipmentResult {
  /** The Shipment; absent when a required member is missing (the issues say which). */
  shipment?: Shipment;
  issues: Issue[];
  /** The first event of the shipment (issues are reported there) and how many events formed it. */
  first: EventPosition;
  eventCount: number;
}

type Status = Shipment['status'];
type Line = Shipment['lines'][number];
type Quantity = NonNullable<Line['quantityShipped']>;
type Column = 'quantityShipped' | 'quantityReceived' | 'quantityAccepted';

interface LineState {
  gtin: string;
  lot?: string;
  expiryDate?: string;
  unit: string;
  quantityShipped?: number;
  quantityReceived?: number;
  quantityAccepted?: number;
}

interface Group {
  key: string;
  identifiers: Identifier[];
  orderRef?: Identifier;
  first: EventPosition;
  eventCount: number;
  status?: Status;
  dates: NonNullable<Shipment['dates']>;
  shipper?: PartyRef;
  receiver?: PartyRef;
  shipFrom?: LocationRef;
  shipTo?: LocationRef;
  shippingLocation?: LocationRef;
  receivingLocation?: LocationRef;
  lines: Map<string, LineState>;
  logisticUnits: Map<string, string | undefined>;
  issues: Issue[];
  split: boolean;
  /** Number of the last event that touched the shipment. */
  touchedAt: number;
  /** Packing of the shipment's SSCCs, moved here from the document-wide table when first shipped. */
  packed: Map<string, PackedUnit> | undefined;
}

// Kept small: a document may pack hundreds of thousands of cases before shipping them.
interface PackedUnit {
  contents: Array<{ gtin: string; lot: string | undefined; count: number }>;
  children: string[] | undefined;
}

// How far along each business step takes a shipment (CBV 2.0 §7.1).
const STEP_STATUS: Readonly<Record<string, Status>> = {
  shipping: 'shipped',
  departing: 'inTransit',
  transporting: 'inTransit',
  arriving: 'arrived',
  receiving: 'received',
  accepting: 'received',
  void_shipping: 'cancelled',
};
const STATUS_RANK: Readonly<Record<Status, number>> = {
  planned: 0,
  approved: 1,
  onHold: 1,
  shipped: 2,
  inTransit: 3,
  arrived: 4,
  received: 5,
  cancelled: 6,
};
const STEP_COLUMN: Readonly<Record<string, Column>> = {
  shipping: 'quantityShipped',
  receiving: 'quantityReceived',
  accepting: 'quantityAccepted',
};
// Events after receipt that may still belong to the shipment (an accepting event, a late correction).
const COMPLETION_WINDOW = 16;
const MAX_WRITTEN_KEYS = 50_000;

/** FNV-1a, folded to 30 bits so that it stays a small integer (no allocation per stored hash). */
function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash ^ (hash >>> 30)) & 0x3fffffff;
}
const SHIPMENT_EVENT_TYPES = new Set(['ObjectEvent', 'AggregationEvent', 'TransactionEvent']);

/**
 * A copy of a string that shares no memory with its source. Values read from a document are slices
 * of the parser's 64 KB input chunks; keeping one in a long-lived shipment would keep its whole chunk.
 */
function own(text: string): string {
  return ` ${text}`.slice(1);
}

const SGTIN_PREFIX = 'urn:epc:id:sgtin:';
// A serial as TDS writes it in a URN: 1-20 characters of the escaped GS1 character set 82.
const SGTIN_SERIAL = /(?:[A-Za-z0-9!'()*+,\-.:;=_]|%[0-9A-Fa-f]{2}){1,20}$/y;

/**
 * GTINs of SGTIN URNs, remembered per company prefix and item reference: a shipment lists many
 * serials of few products, and parsing each URN in full made the mapping allocation-bound.
 */
class SgtinGtins {
  private readonly byClass = new Map<string, string | null>();

  gtinOf(urn: string): string | undefined {
    if (!urn.startsWith(SGTIN_PREFIX)) return undefined;
    const dot = urn.indexOf('.', SGTIN_PREFIX.length);
    const classEnd = dot < 0 ? -1 : urn.indexOf('.', dot + 1);
    if (classEnd < 0) return undefined;
    SGTIN_SERIAL.lastIndex = classEnd + 1;
    if (!SGTIN_SERIAL.test(urn)) return undefined;
    const classKey = urn.slice(SGTIN_PREFIX.length, classEnd);
    let gtin = this.byClass.get(classKey);
    if (gtin === undefined) {
      const keys = epcUrnToGs1Keys(`urn:epc:idpat:sgtin:${classKey}.*`);
      const found = keys === undefined ? undefined : aiValue(keys, '01');
      gtin = found === undefined ? null : own(found);
      if (this.byClass.size >= 10_000) this.byClass.clear();
      // An own copy as the key: the slice would keep the whole input chunk alive.
      this.byClass.set(own(classKey), gtin);
    }
    return gtin ?? undefined;
  }
}

/**
 * Parties and locations by URI, remembered: a document names few of them, over and over, and
 * parsing each URN again was a large part of the mapping. Holds own copies only (see `own`), and
 * forgets everything when full. Each lookup returns a new object, so no two shipments share one.
 */
class RefCache {
  private readonly parties = new Map<string, string | null>();
  private readonly locations = new Map<string, readonly [system: string, value: string]>();

  partyOf(uri: string): PartyRef | undefined {
    let gln = this.parties.get(uri);
    if (gln === undefined) {
      const found = partyGln(uri);
      gln = found === undefined ? null : own(found);
      if (this.parties.size >= 4_096) this.parties.clear();
      this.parties.set(own(uri), gln);
    }
    return gln === null ? undefined : { identifier: { system: IDENTIFIER_SYSTEMS.gln, value: gln } };
  }

  locationOf(uri: string): LocationRef {
    let found = this.locations.get(uri);
    if (found === undefined) {
      const key = own(uri);
      const gln = locationGln(uri);
      found = gln === undefined ? [IDENTIFIER_SYSTEMS.uri, key] : [IDENTIFIER_SYSTEMS.gln, own(gln)];
      if (this.locations.size >= 4_096) this.locations.clear();
      this.locations.set(key, found);
    }
    return { identifier: { system: found[0], value: found[1] } };
  }
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// JSON-LD reads one value and a one-element array alike.
function objects(value: JsonValue | undefined): Array<{ [key: string]: JsonValue }> {
  if (isObject(value)) return [value];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

const NO_VALUES: JsonValue[] = [];

/** A JSON-LD list as it is (no copy), one value as a one-element list. */
function listOf(value: JsonValue | undefined): readonly JsonValue[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? NO_VALUES : [value];
}

function strings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function partyGln(uri: string): string | undefined {
  const keys = parseEpcIdentifier(uri);
  if (keys === undefined) return undefined;
  return aiValue(keys, '417') ?? (aiValue(keys, '254') === undefined ? aiValue(keys, '414') : undefined);
}

function locationGln(uri: string): string | undefined {
  const keys = parseEpcIdentifier(uri);
  return keys === undefined || aiValue(keys, '254') !== undefined ? undefined : aiValue(keys, '414');
}

/** A GLN party from a PGLN/SGLN (extension 0) URN or a Digital Link with AI 417/414. */
export function partyOf(uri: string): PartyRef | undefined {
  const gln = partyGln(uri);
  return gln === undefined ? undefined : { identifier: { system: IDENTIFIER_SYSTEMS.gln, value: gln } };
}

/** A location: a GLN when the SGLN has no extension, else the URI itself. */
export function locationOf(uri: string): LocationRef {
  const gln = locationGln(uri);
  if (gln !== undefined) return { identifier: { system: IDENTIFIER_SYSTEMS.gln, value: gln } };
  return { identifier: { system: IDENTIFIER_SYSTEMS.uri, value: uri } };
}

function sameRef(a: { identifier?: Identifier } | undefined, b: { identifier?: Identifier }): boolean {
  return a?.identifier?.system === b.identifier?.system && a?.identifier?.value === b.identifier?.value;
}

function ilmdString(ilmd: JsonValue | undefined, local: string): string | undefined {
  if (!isObject(ilmd)) return undefined;
  for (const key of [`cbvmda:${local}`, `urn:epcglobal:cbv:mda:${local}`]) {
    const value = ilmd[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * Streams events into Shipments: `add` each event in document order, then `finish`. Results go to
 * `onResult` as soon as a shipment is complete (at the end, or when too many are open).
 */
export class EpcisShipmentMapper {
  private readonly groups = new Map<string, Group>();
  private readonly packed = new Map<string, PackedUnit>();
  // Hashes of the keys of shipments already written, so a late event is reported as a split. Numbers,
  // not strings: a long document writes hundreds of thousands of shipments and strings would pile up.
  private readonly written = new Set<number>();
  private readonly writtenOrder = new Int32Array(MAX_WRITTEN_KEYS);
  private writtenCount = 0;
  // Received or cancelled shipments, written once `COMPLETION_WINDOW` further events left them alone.
  private readonly completed: Array<{ group: Group; at: number }> = [];
  private eventCounter = 0;
  private readonly sgtins = new SgtinGtins();
  private readonly refs = new RefCache();
  // The line `addToLine` touched last. It may hold slices of the input (gtin, lot) until the next line.
  private readonly lastLine: {
    group: Group | undefined;
    gtin: string;
    lot: string | undefined;
    unit: string;
    state: LineState | undefined;
  } = { group: undefined, gtin: '', lot: undefined, unit: '', state: undefined };
  private readonly options: Required<ShipmentMappingOptions>;
  private packingFullReported = false;
  /** Business steps of events that map to nothing, with counts (for one summary line). */
  readonly unmapped = new Map<string, number>();

  constructor(
    private readonly header: EpcisHeader,
    private readonly onResult: (result: ShipmentResult) => void,
    options: ShipmentMappingOptions = {},
  ) {
    this.options = {
      confidentiality: options.confidentiality ?? 'commercial-in-confidence',
      maxOpenShipments: options.maxOpenShipments ?? 1_000,
      maxPackedUnits: options.maxPackedUnits ?? 10_000,
      now: options.now ?? (() => new Date()),
    };
  }

  /**
   * Takes one event. Returns warnings about it, or an error when it belongs to no shipment (then it
   * failed on its own); errors that spoil its shipment are reported with the shipment.
   */
  add(event: EpcisEvent, position: EventPosition): Issue[] {
    const bizStep = typeof event.bizStep === 'string' ? toJsonVocabulary('bizStep', event.bizStep) : '';
    if (
      event.type === 'AggregationEvent' &&
      (bizStep === 'packing' || bizStep === 'unpacking' || bizStep === '')
    ) {
      this.recordPacking(event);
      if (bizStep !== '') return [];
    }
    const status = STEP_STATUS[bizStep];
    if (status === undefined || !SHIPMENT_EVENT_TYPES.has(event.type)) {
      const label = `${event.type}${bizStep === '' ? '' : ` ${bizStep}`}`;
      this.unmapped.set(label, (this.unmapped.get(label) ?? 0) + 1);
      return [];
    }
    const transactions = objects(event.bizTransactionList).map((t) => ({
      type: typeof t.type === 'string' ? toJsonVocabulary('bizTransactionType', t.type) : '',
      value: typeof t.bizTransaction === 'string' ? t.bizTransaction : '',
    }));
    const keyTransaction =
      transactions.find((t) => t.type === 'desadv') ?? transactions.find((t) => t.type === 'bol');
    if (keyTransaction === undefined || keyTransaction.value === '') {
      return [
        issue(
          'error',
          'EPCIS_SHIPMENT_ID_MISSING',
          '/bizTransactionList',
          `a ${bizStep} event names no desadv or bol business transaction`,
          {
            index: position.index,
            line: position.line,
          },
        ),
      ];
    }
    const group = this.group(own(`${keyTransaction.type} ${keyTransaction.value}`), position);
    group.eventCount++;
    group.touchedAt = ++this.eventCounter;
    for (const transaction of transactions) {
      if (transaction.value === '') continue;
      const identifier = {
        system: own(IDENTIFIER_SYSTEMS.bizTransactionPrefix + transaction.type),
        value: own(transaction.value),
      };
      if (transaction.type === 'po') group.orderRef ??= identifier;
      else if (
        (transaction.type === 'desadv' || transaction.type === 'bol') &&
        !group.identifiers.some((i) => sameRef({ identifier: i }, { identifier }))
      ) {
        if (group.identifiers.length < 32) group.identifiers.push(identifier);
      }
    }
    this.advance(group, status, bizStep, String(event.eventTime ?? ''));
    if (group.status === 'received' || group.status === 'cancelled')
      this.completed.push({ group, at: this.eventCounter });
    const issues: Issue[] = [];
    this.takeParties(group, event, bizStep, position);
    const column = STEP_COLUMN[bizStep];
    if (column !== undefined) this.countObjects(group, event, column, position, issues);
    // An event the shipment cannot fully use makes the whole shipment fail: its lines would be wrong.
    for (const found of issues) if (found.severity === 'error') group.issues.push(found);
    this.evictIfFull();
    this.closeCompleted();
    return issues.filter((found) => found.severity !== 'error');
  }

  /** Writes every open Shipment. */
  finish(): void {
    for (const group of [...this.groups.values()]) this.close(group);
    this.groups.clear();
  }

  private group(key: string, position: EventPosition): Group {
    let group = this.groups.get(key);
    if (group !== undefined) {
      // Re-insert so Map order is least-recently-touched first.
      this.groups.delete(key);
      this.groups.set(key, group);
      return group;
    }
    group = {
      key,
      identifiers: [],
      // A copy: callers may pass a larger object (a read item holding the event) that must not be kept.
      first:
        position.line === undefined
          ? { index: position.index }
          : { index: position.index, line: position.line },
      eventCount: 0,
      dates: {},
      lines: new Map(),
      logisticUnits: new Map(),
      issues: [],
      split: this.written.has(keyHash(key)),
      touchedAt: this.eventCounter,
      packed: undefined,
    };
    if (group.split) {
      group.issues.push(
        issue(
          'warning',
          'EPCIS_SHIPMENT_SPLIT',
          '',
          'events of this shipment came after it had been written; they form a separate record',
          {
            index: position.index,
            line: position.line,
          },
        ),
      );
    }
    this.groups.set(key, group);
    return group;
  }

  /**
   * Writes shipments that reached receipt (or cancellation) and saw no event for a while: they are
   * done, and writing them early keeps memory flat on large documents.
   */
  private closeCompleted(): void {
    while (this.completed.length > 0) {
      const head = this.completed[0] as { group: Group; at: number };
      if (this.eventCounter - head.at <= COMPLETION_WINDOW) return;
      this.completed.shift();
      const { group } = head;
      if (this.groups.get(group.key) !== group || group.touchedAt > head.at) continue;
      this.groups.delete(group.key);
      this.close(group);
    }
  }

  private evictIfFull(): void {
    while (this.groups.size > this.options.maxOpenShipments) {
      const oldest = this.groups.values().next().value as Group;
      this.groups.delete(oldest.key);
      this.close(oldest);
    }
  }

  private advance(group: Group, status: Status, bizStep: string, eventTime: string): void {
    if (group.status === undefined || STATUS_RANK[status] > STATUS_RANK[group.status]) group.status = status;
    if (eventTime === '') return;
    if (bizStep === 'shipping') group.dates.actualShipDate ??= own(eventTime);
    else if (bizStep === 'arriving') group.dates.actualArrival ??= own(eventTime);
    else if (bizStep === 'receiving' || bizStep === 'accepting') group.dates.receivedDate ??= own(eventTime);
  }

  private takeParties(group: Group, event: EpcisEvent, bizStep: string, position: EventPosition): void {
    const pick = (list: JsonValue | undefined, member: 'source' | 'destination', type: string) =>
      objects(list).find(
        (entry) => typeof entry.type === 'string' && toJsonVocabulary('sourceDestType', entry.type) === type,
      )?.[member];
    const set = (
      field: 'shipper' | 'receiver' | 'shipFrom' | 'shipTo',
      value: PartyRef | LocationRef | undefined,
    ) => {
      if (value === undefined) return;
      const current = group[field];
      // The cache's refs are new objects holding own strings: no copy needed.
      if (current === undefined) (group as unknown as Record<string, unknown>)[field] = value;
      else if (!sameRef(current as { identifier?: Identifier }, value as { identifier?: Identifier })) {
        group.issues.push(
          issue(
            'warning',
            'EPCIS_CONFLICTING_VALUES',
            `/${field}`,
            `events of one shipment name different ${field} values; the first is kept`,
            {
              index: position.index,
              line: position.line,
            },
          ),
        );
      }
    };
    for (const [member, list, partyField, locationField] of [
      ['source', event.sourceList, 'shipper', 'shipFrom'],
      ['destination', event.destinationList, 'receiver', 'shipTo'],
    ] as const) {
      const party = pick(list, member, 'owning_party') ?? pick(list, member, 'possessing_party');
      if (typeof party === 'string') set(partyField, this.refs.partyOf(party));
      const location = pick(list, member, 'location');
      if (typeof location === 'string') set(locationField, this.refs.locationOf(location));
    }
    const bizLocation =
      isObject(event.bizLocation) && typeof event.bizLocation.id === 'string'
        ? event.bizLocation.id
        : undefined;
    const readPoint =
      isObject(event.readPoint) && typeof event.readPoint.id === 'string' ? event.readPoint.id : undefined;
    const where = bizLocation ?? readPoint;
    if (where === undefined) return;
    if (bizStep === 'shipping') group.shippingLocation ??= this.refs.locationOf(where);
    else if (bizStep === 'receiving' || bizStep === 'accepting') {
      group.receivingLocation ??= this.refs.locationOf(where);
    }
  }

  private countObjects(
    group: Group,
    event: EpcisEvent,
    column: Column,
    position: EventPosition,
    issues: Issue[],
  ): void {
    const lot = ilmdString(event.ilmd, 'lotNumber');
    const expiry = ilmdString(event.ilmd, 'itemExpirationDate');
    let unsupported = 0;
    const isAggregation = event.type === 'AggregationEvent';
    const parent = typeof event.parentID === 'string' ? event.parentID : undefined;
    const parentSscc =
      parent === undefined
        ? undefined
        : aiValue(parseEpcIdentifier(parent) ?? { scheme: 'gtin', level: 'class', ais: [] }, '00');
    if (parentSscc !== undefined && isAggregation)
      group.logisticUnits.set(own(parentSscc), group.logisticUnits.get(parentSscc));
    for (const epc of [...listOf(event.epcList), ...listOf(event.childEPCs)]) {
      if (typeof epc !== 'string') continue;
      const fastGtin = this.sgtins.gtinOf(epc);
      if (fastGtin !== undefined) {
        this.addToLine(group, column, fastGtin, lot, expiry, '1', 1);
        continue;
      }
      const keys = parseEpcIdentifier(epc);
      const gtin = keys === undefined ? undefined : aiValue(keys, '01');
      const sscc = keys === undefined ? undefined : aiValue(keys, '00');
      if (keys?.scheme === 'sgtin' && gtin !== undefined) {
        this.addToLine(group, column, gtin, lot ?? aiValue(keys, '10'), expiry, '1', 1);
      } else if (sscc !== undefined) {
        const parentOfUnit = isAggregation && parentSscc !== undefined ? own(parentSscc) : undefined;
        group.logisticUnits.set(own(sscc), parentOfUnit ?? group.logisticUnits.get(sscc));
        // Aggregation events list the contents themselves; object events rely on what packing said.
        if (!isAggregation) this.addPackedContents(group, column, sscc, 0);
      } else unsupported++;
    }
    for (const list of [event.quantityList, event.childQuantityList]) {
      for (const element of objects(list)) {
        const epcClass = typeof element.epcClass === 'string' ? element.epcClass : '';
        const keys = parseEpcIdentifier(epcClass);
        const gtin = keys === undefined ? undefined : aiValue(keys, '01');
        if (gtin === undefined || keys?.level !== 'class') {
          unsupported++;
          continue;
        }
        const uom = typeof element.uom === 'string' ? element.uom : undefined;
        const unit = ucumOfRec20(uom);
        if (unit === undefined) {
          issues.push(
            issue(
              'error',
              'EPCIS_UOM_UNMAPPED',
              '/quantityList',
              `unit "${uom}" has no UCUM equivalent here`,
              { ...position },
            ),
          );
          continue;
        }
        if (typeof element.quantity !== 'number') {
          issues.push(
            issue(
              'error',
              'EPCIS_SHIPMENT_QUANTITY_MISSING',
              '/quantityList',
              `the quantity of ${epcClass} is not given`,
              { ...position },
            ),
          );
          continue;
        }
        this.addToLine(group, column, gtin, aiValue(keys, '10') ?? lot, expiry, unit, element.quantity);
      }
    }
    if (unsupported > 0) {
      issues.push(
        issue(
          'warning',
          'EPCIS_IDENTIFIER_UNSUPPORTED',
          '',
          `${unsupported} identifier(s) are not GTIN-based or SSCC keys and are not counted`,
          {
            count: unsupported,
            ...position,
          },
        ),
      );
    }
  }

  private addPackedContents(group: Group, column: Column, sscc: string, depth: number): void {
    let unit = group.packed?.get(sscc);
    if (unit === undefined) {
      unit = this.packed.get(sscc);
      if (unit === undefined || depth > 16) return;
      // The shipment owns its SSCCs' packing from now on: it dies with the shipment, not thousands of events later.
      this.packed.delete(sscc);
      group.packed ??= new Map();
      group.packed.set(sscc, unit);
    }
    if (depth > 16) return;
    for (const line of unit.contents)
      this.addToLine(group, column, line.gtin, line.lot, undefined, '1', line.count);
    for (const child of unit.children ?? []) {
      if (!group.logisticUnits.has(child)) group.logisticUnits.set(child, sscc);
      this.addPackedContents(group, column, child, depth + 1);
    }
  }

  private addToLine(
    group: Group,
    column: Column,
    gtin: string,
    lot: string | undefined,
    expiryDate: string | undefined,
    unit: string,
    amount: number,
  ): void {
    let state: LineState | undefined;
    const last = this.lastLine;
    // Consecutive EPCs are mostly of one product: skip building and looking up its key again.
    if (last.group === group && last.gtin === gtin && last.lot === lot && last.unit === unit)
      state = last.state;
    if (state === undefined) {
      const key = `${gtin}|${lot ?? ''}|${unit}`;
      state = group.lines.get(key);
      if (state === undefined) {
        state = { gtin: own(gtin), unit };
        if (lot !== undefined) state.lot = own(lot);
        group.lines.set(own(key), state);
      }
      last.group = group;
      last.gtin = gtin;
      last.lot = lot;
      last.unit = unit;
      last.state = state;
    }
    if (expiryDate !== undefined) state.expiryDate ??= own(expiryDate);
    state[column] = (state[column] ?? 0) + amount;
  }

  private recordPacking(event: EpcisEvent): void {
    const parent = typeof event.parentID === 'string' ? parseEpcIdentifier(event.parentID) : undefined;
    const parentSscc = parent === undefined ? undefined : aiValue(parent, '00');
    if (parentSscc === undefined) return;
    const sscc = own(parentSscc);
    if (event.action === 'DELETE') {
      this.packed.delete(sscc);
      return;
    }
    if (event.action !== 'ADD') return;
    const unit: PackedUnit = this.packed.get(sscc) ?? { contents: [], children: undefined };
    for (const epc of strings(event.childEPCs)) {
      const fastGtin = this.sgtins.gtinOf(epc);
      const keys = fastGtin === undefined ? parseEpcIdentifier(epc) : undefined;
      const gtin = fastGtin ?? (keys === undefined ? undefined : aiValue(keys, '01'));
      const child = keys === undefined ? undefined : aiValue(keys, '00');
      if ((fastGtin !== undefined || keys?.scheme === 'sgtin') && gtin !== undefined) {
        const lot = keys === undefined ? undefined : aiValue(keys, '10');
        const line = unit.contents.find((l) => l.gtin === gtin && l.lot === lot);
        if (line === undefined)
          unit.contents.push({ gtin: own(gtin), lot: lot === undefined ? undefined : own(lot), count: 1 });
        else line.count++;
      } else if (child !== undefined) {
        unit.children ??= [];
        if (!unit.children.includes(child)) unit.children.push(own(child));
      }
    }
    this.packed.delete(sscc);
    this.packed.set(sscc, unit);
    if (this.packed.size > this.options.maxPackedUnits) {
      this.packed.delete(this.packed.keys().next().value as string);
      if (!this.packingFullReported) {
        this.packingFullReported = true;
        this.onResult({
          issues: [
            issue(
              'warning',
              'EPCIS_PACKING_TABLE_FULL',
              '',
              `more than ${this.options.maxPackedUnits} packed SSCCs; the oldest are forgotten`,
            ),
          ],
          first: { index: -1 },
          eventCount: 0,
        });
      }
    }
  }

  private close(group: Group): void {
    const hash = keyHash(group.key);
    if (!this.written.has(hash)) {
      const slot = this.writtenCount++ % MAX_WRITTEN_KEYS;
      if (this.writtenCount > MAX_WRITTEN_KEYS) this.written.delete(this.writtenOrder[slot] as number);
      this.writtenOrder[slot] = hash;
      this.written.add(hash);
    }
    const at = { index: group.first.index, line: group.first.line };
    const issues = [...group.issues];
    const fail = (code: string, path: string, message: string, params: Record<string, unknown> = {}) => {
      issues.push(issue('error', code, path, message, { ...params, ...at, shipment: group.key }));
    };
    const shipFrom = group.shipFrom ?? group.shippingLocation;
    const shipTo = group.shipTo ?? group.receivingLocation;
    const status = group.status as Status;
    if (group.shipper === undefined)
      fail(
        'EPCIS_SHIPMENT_PARTY_MISSING',
        '/shipper',
        'no event names the shipper (source owning or possessing party)',
      );
    if (group.receiver === undefined) {
      fail(
        'EPCIS_SHIPMENT_PARTY_MISSING',
        '/receiver',
        'no event names the receiver (destination owning or possessing party)',
      );
    }
    if (shipFrom === undefined)
      fail('EPCIS_SHIPMENT_LOCATION_MISSING', '/shipFrom', 'no event says where the shipment leaves from');
    if (shipTo === undefined)
      fail('EPCIS_SHIPMENT_LOCATION_MISSING', '/shipTo', 'no event says where the shipment goes');
    const shippedOn = status !== 'cancelled' && STATUS_RANK[status] >= STATUS_RANK.shipped;
    if (shippedOn && group.dates.actualShipDate === undefined) {
      fail(
        'EPCIS_SHIPMENT_DATE_MISSING',
        '/dates/actualShipDate',
        `the shipment is ${status} but no shipping event gives its ship date`,
      );
    }
    if (status === 'arrived' && group.dates.actualArrival === undefined) {
      fail(
        'EPCIS_SHIPMENT_DATE_MISSING',
        '/dates/actualArrival',
        'the shipment arrived but no arriving event gives the date',
      );
    }
    if (group.lines.size === 0)
      fail('EPCIS_SHIPMENT_NO_LINES', '/lines', 'no event of the shipment identifies products');
    const lines: Line[] = [];
    for (const state of group.lines.values()) {
      const i = lines.length;
      if (shippedOn && state.quantityShipped === undefined) {
        fail(
          'EPCIS_SHIPMENT_QUANTITY_MISSING',
          `/lines/${i}/quantityShipped`,
          `GTIN ${state.gtin} was not listed by a shipping event`,
        );
      }
      if (
        status === 'received' &&
        state.quantityReceived === undefined &&
        state.quantityAccepted === undefined
      ) {
        fail(
          'EPCIS_SHIPMENT_QUANTITY_MISSING',
          `/lines/${i}/quantityReceived`,
          `GTIN ${state.gtin} was not listed by a receiving event`,
        );
      }
      lines.push(this.line(state));
    }
    const failed = issues.some((i) => i.severity === 'error');
    if (
      failed ||
      shipFrom === undefined ||
      shipTo === undefined ||
      group.shipper === undefined ||
      group.receiver === undefined
    ) {
      this.onResult({ issues, first: group.first, eventCount: group.eventCount });
      return;
    }
    const shipment = {
      schemaVersion: '1.0.0',
      // Same EPCIS document, same shipment: same documentId on every run.
      documentId: uuidFromName(
        [
          'epcis shipment',
          group.key,
          this.header.instanceIdentifier ?? '',
          this.header.creationDate ?? '',
          group.split ? group.first.index : '',
        ].join('\n'),
      ),
      documentType: 'Shipment',
      documentStatus: 'original',
      createdAt: this.header.creationDate ?? this.options.now().toISOString(),
      sender:
        (this.header.sender === undefined ? undefined : this.refs.partyOf(this.header.sender)) ??
        group.shipper,
      confidentiality: this.options.confidentiality,
      identifiers: group.identifiers,
      status,
      ...(group.orderRef === undefined ? {} : { orderRef: { identifier: group.orderRef } }),
      shipper: group.shipper,
      receiver: group.receiver,
      shipFrom,
      shipTo,
      ...(Object.keys(group.dates).length === 0 ? {} : { dates: group.dates }),
      ...(group.logisticUnits.size === 0
        ? {}
        : {
            logisticUnits: [...group.logisticUnits].map(([sscc, parent]) =>
              parent === undefined ? { sscc } : { sscc, parentSscc: parent },
            ),
          }),
      lines,
    } as Shipment;
    this.onResult({ shipment, issues, first: group.first, eventCount: group.eventCount });
  }

  private line(state: LineState): Line {
    const line: Line = { product: { identifier: { system: IDENTIFIER_SYSTEMS.gtin, value: state.gtin } } };
    if (state.lot !== undefined) {
      line.lot =
        state.expiryDate === undefined
          ? { lotNumber: state.lot }
          : { lotNumber: state.lot, expiryDate: state.expiryDate };
    }
    const quantity = (value: number | undefined): Quantity | undefined =>
      value === undefined ? undefined : { value, unit: state.unit };
    const shipped = quantity(state.quantityShipped);
    const received = quantity(state.quantityReceived);
    const accepted = quantity(state.quantityAccepted);
    if (shipped !== undefined) line.quantityShipped = shipped;
    if (received !== undefined) line.quantityReceived = received;
    else if (accepted !== undefined) line.quantityReceived = accepted;
    if (accepted !== undefined && received !== undefined) line.quantityAccepted = accepted;
    return line;
  }
}
