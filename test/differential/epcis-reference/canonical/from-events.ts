/**
 * EPCIS events to canonical Shipments. Shipping, transit and receiving events that name the same
 * despatch advice (CBV business transaction type `desadv`, else `bol`) form one Shipment; packing
 * aggregation events tell what an SSCC holds. Nothing is guessed: a Shipment that lacks a required
 * member is reported with a clear code and not written.
 */
import type { Identifier, LocationRef, PartyRef, Shipment } from '@medsupply/types/1.1.0';
import { type Issue, gs1CheckDigit, issue } from '@medsupply/validators';
import { aiValue, epcUrnToGs1Keys, parseEpcIdentifier } from '../../../../adapters/gs1/src/epc/index.js';
import { lookupTable } from '../lookup.js';
import type { EpcisEvent, EpcisHeader, JsonValue } from '../model.js';
import { toJsonVocabulary } from '../vocabulary.js';
import { ucumOfRec20 } from './units.js';
import { uuidFromName } from './uuid.js';

/** Identifier systems the mapping writes. */
export const IDENTIFIER_SYSTEMS = {
  gtin: 'https://www.gs1.org/gtin',
  gln: 'https://www.gs1.org/gln',
  /** A Shipment known only by the SSCC it moved. */
  sscc: 'https://www.gs1.org/sscc',
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
  /** Commissioned items whose lot (ILMD) is remembered for later shipping events (default 100,000). */
  maxCommissionedItems?: number;
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
  /** Identifiers of weaker keys (order, invoice, untyped transaction, SSCC), used when no desadv/bol is known. */
  fallbackIdentifiers: Identifier[];
  /** Every key the flow named (`desadv …`, `po …`, `sscc …`), so later events of any of them join. */
  aliases: string[];
  /** Which step counted quantityShipped (shipping, else departing) and quantityReceived: each counts once. */
  countedBy: Partial<Record<Column, string>>;
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
  contents: Array<{ gtin: string; lot: string | undefined; expiry?: string | undefined; count: number }>;
  children: string[] | undefined;
}

// How far along each business step takes a shipment (CBV 2.0 §7.1).
const STEP_STATUS: Readonly<Record<string, Status>> = lookupTable({
  shipping: 'shipped',
  departing: 'inTransit',
  transporting: 'inTransit',
  arriving: 'arrived',
  receiving: 'received',
  accepting: 'received',
  void_shipping: 'cancelled',
});
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
const STEP_COLUMN: Readonly<Record<string, Column>> = lookupTable({
  shipping: 'quantityShipped',
  // A flow without a shipping event (departing, transporting, arriving) still says what left.
  departing: 'quantityShipped',
  receiving: 'quantityReceived',
  accepting: 'quantityAccepted',
});
// Business transaction types that name a shipment, strongest first (CBV 2.0 §7.3).
const KEY_TRANSACTION_TYPES = ['desadv', 'bol', 'po', 'inv', 'recadv', 'pedigree', 'prodorder', 'rma'];
// Legacy EPCIS 1.0 FMCG / HLS vocabularies whose names mean what the CBV names mean.
const LEGACY_STEP = /^urn:epcglobal:(?:fmcg|hls):bizstep:([a-z_]+)$/i;
const LEGACY_STEP_NAMES: Readonly<Record<string, string>> = lookupTable({
  shipping: 'shipping',
  shipped: 'shipping',
  receiving: 'receiving',
  received: 'receiving',
  departing: 'departing',
  arriving: 'arriving',
  transporting: 'transporting',
  accepting: 'accepting',
  packing: 'packing',
  unpacking: 'unpacking',
  commissioning: 'commissioning',
  encoding: 'commissioning',
  void_shipping: 'void_shipping',
});
const LEGACY_TRANSACTION = /^urn:epcglobal:(?:fmcg|hls):bt[te]?:([a-z_]+)$/i;

/** The CBV 2.0 name of a business step, from its CBV URI, web URI, bare name or EPCIS 1.0 FMCG/HLS URI. */
export function businessStepOf(value: JsonValue | undefined): string {
  if (typeof value !== 'string') return '';
  const name = toJsonVocabulary('bizStep', value);
  // Bare CBV names (the usual case) cannot be legacy URIs: no regex for them.
  if (!name.includes(':')) return name;
  const legacy = LEGACY_STEP.exec(name);
  if (legacy === null) return name;
  return LEGACY_STEP_NAMES[(legacy[1] as string).toLowerCase()] ?? name;
}

function transactionTypeOf(value: JsonValue | undefined): string {
  if (typeof value !== 'string') return '';
  const name = toJsonVocabulary('bizTransactionType', value.trim());
  const legacy = name.includes(':') ? LEGACY_TRANSACTION.exec(name) : null;
  return (legacy === null ? name : (legacy[1] as string)).toLowerCase();
}
// Events after receipt that may still belong to the shipment (an accepting event, a late correction).
const COMPLETION_WINDOW = 16;
const MAX_WRITTEN_KEYS = 50_000;
// Keys one Shipment answers to (its transactions and SSCCs); more are not remembered.
const MAX_ALIASES = 64;

interface LotOfItem {
  lot: string;
  expiry: string | undefined;
}

/** The event time as a Shipment date: with the event's offset when the time itself has none. */
function eventTimeOf(event: EpcisEvent): string {
  const time = typeof event.eventTime === 'string' ? event.eventTime : '';
  if (time === '' || hasZone(time)) return time;
  return typeof event.eventTimeZoneOffset === 'string' ? `${time}${event.eventTimeZoneOffset}` : time;
}

/** True when a time ends in `Z` or an offset `±hh:mm` (the regex `(?:Z|[+-]\d\d:\d\d)$`, without one per event). */
function hasZone(time: string): boolean {
  const n = time.length;
  if (time.charCodeAt(n - 1) === 90) return true; // Z
  if (n < 6) return false;
  const sign = time.charCodeAt(n - 6);
  return (
    (sign === 43 || sign === 45) &&
    isDigit(time.charCodeAt(n - 5)) &&
    isDigit(time.charCodeAt(n - 4)) &&
    time.charCodeAt(n - 3) === 58 &&
    isDigit(time.charCodeAt(n - 2)) &&
    isDigit(time.charCodeAt(n - 1))
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

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
  // The last class seen, as `urn:epc:id:sgtin:<company>.<item>.`, and its GTIN: consecutive EPCs
  // are mostly of one product, so most lookups end at one startsWith.
  private lastPrefix = '';
  private lastGtin: string | null = null;

  gtinOf(urn: string): string | undefined {
    if (this.lastPrefix !== '' && urn.startsWith(this.lastPrefix)) {
      SGTIN_SERIAL.lastIndex = this.lastPrefix.length;
      return this.lastGtin !== null && SGTIN_SERIAL.test(urn) ? this.lastGtin : undefined;
    }
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
    this.lastPrefix = own(urn.slice(0, classEnd + 1));
    this.lastGtin = gtin;
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

  /** The GLN of a party URI (an own copy), or undefined when it names no GLN party. */
  partyGlnOf(uri: string): string | undefined {
    let gln = this.parties.get(uri);
    if (gln === undefined) {
      const found = partyGln(uri);
      gln = found === undefined ? null : own(found);
      if (this.parties.size >= 4_096) this.parties.clear();
      this.parties.set(own(uri), gln);
    }
    return gln ?? undefined;
  }

  /** The identifier system and value of a location URI (own copies). */
  locationKeyOf(uri: string): readonly [system: string, value: string] {
    let found = this.locations.get(uri);
    if (found === undefined) {
      const key = own(uri);
      const gln = locationGln(uri);
      found = gln === undefined ? [IDENTIFIER_SYSTEMS.uri, key] : [IDENTIFIER_SYSTEMS.gln, own(gln)];
      if (this.locations.size >= 4_096) this.locations.clear();
      this.locations.set(key, found);
    }
    return found;
  }

  locationOf(uri: string): LocationRef {
    const [system, value] = this.locationKeyOf(uri);
    return { identifier: { system, value } };
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

type JsonObject = { [key: string]: JsonValue };

/** The first entry of each source/destination type of a list, read in one pass. */
interface FirstOfType {
  owning_party?: JsonObject;
  possessing_party?: JsonObject;
  location?: JsonObject;
}

function firstOfEachType(list: JsonValue | undefined): FirstOfType | undefined {
  if (list === undefined) return undefined;
  let found: FirstOfType | undefined;
  for (const entry of isObject(list) ? [list] : Array.isArray(list) ? list : NO_VALUES) {
    if (!isObject(entry) || typeof entry.type !== 'string') continue;
    const type = toJsonVocabulary('sourceDestType', entry.type);
    if (type !== 'owning_party' && type !== 'possessing_party' && type !== 'location') continue;
    found ??= {};
    found[type] ??= entry;
  }
  return found;
}

/** A JSON-LD list as it is (no copy), one value as a one-element list. */
function listOf(value: JsonValue | undefined): readonly JsonValue[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? NO_VALUES : [value];
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

/**
 * The SBDH sender as a party: a GLN from a PGLN/SGLN URN, a Digital Link or 13 plain digits with a
 * valid check digit; another URI as itself. Anything else names no one we can identify.
 */
function senderOf(text: string): PartyRef | undefined {
  const value = text.trim();
  if (/^\d{13}$/.test(value))
    return isValidGln(value) ? { identifier: { system: IDENTIFIER_SYSTEMS.gln, value } } : undefined;
  const party = partyOf(value);
  if (party !== undefined) return party;
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(value)
    ? { identifier: { system: IDENTIFIER_SYSTEMS.uri, value } }
    : undefined;
}

function isValidGln(digits: string): boolean {
  return gs1CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
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

function ilmdString(ilmd: JsonValue | undefined, local: string): string | undefined {
  if (!isObject(ilmd)) return undefined;
  for (const key of [`cbvmda:${local}`, `urn:epcglobal:cbv:mda:${local}`]) {
    const value = ilmd[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Adds the `sscc …` key of an EPC that is an SSCC, unless the keys are full. */
function addSsccKey(keys: string[], epc: JsonValue, ssccs: SsccCache): void {
  if (typeof epc !== 'string' || keys.length >= MAX_ALIASES) return;
  // Cheap test first: most EPCs of a shipping event are SGTINs.
  if (!epc.startsWith('urn:epc:id:sscc:') && !epc.includes('/00/')) return;
  const sscc = ssccs.ssccOf(epc);
  if (sscc !== undefined) keys.push(`sscc ${sscc}`);
}

/**
 * The SSCC (AI 00) of an EPC, remembered for a while: a pallet is named by its packing event, then
 * by its shipping and receiving events, and each parse of its URN was a few percent of the mapping.
 * Holds own copies only (see `own`) and forgets everything when full.
 */
class SsccCache {
  private readonly byUri = new Map<string, string | null>();

  ssccOf(uri: string): string | undefined {
    let sscc = this.byUri.get(uri);
    if (sscc === undefined) {
      const keys = parseEpcIdentifier(uri);
      const found = keys === undefined ? undefined : aiValue(keys, '00');
      sscc = found === undefined ? null : own(found);
      if (this.byUri.size >= 1_024) this.byUri.clear();
      this.byUri.set(own(uri), sscc);
    }
    return sscc ?? undefined;
  }
}

function hasMembers(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

/** True when a list already holds an identifier of this system and value. */
function hasIdentifier(list: readonly Identifier[], system: string, value: string): boolean {
  for (const identifier of list) if (identifier.system === system && identifier.value === value) return true;
  return false;
}

/**
 * Streams events into Shipments: `add` each event in document order, then `finish`. Results go to
 * `onResult` as soon as a shipment is complete (at the end, or when too many are open).
 */
export class EpcisShipmentMapper {
  private readonly groups = new Map<string, Group>();
  // Every key of every open Shipment (`po …`, `sscc …`) to the Shipment; entries leave with their Shipment.
  private readonly aliases = new Map<string, Group>();
  // Lot and expiry of commissioned items (EPC URI to a shared lot), oldest forgotten first.
  private readonly lots = new Map<string, LotOfItem>();
  private lotsFullReported = false;
  /** Packing and commissioning events read for what SSCCs hold and which lot items belong to. */
  contentEvents = 0;
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
  private readonly ssccs = new SsccCache();
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
      maxCommissionedItems: options.maxCommissionedItems ?? 100_000,
      now: options.now ?? (() => new Date()),
    };
  }

  /**
   * Takes one event. Returns warnings about it, or an error when it belongs to no shipment (then it
   * failed on its own); errors that spoil its shipment are reported with the shipment.
   */
  add(event: EpcisEvent, position: EventPosition): Issue[] {
    const bizStep = businessStepOf(event.bizStep);
    if (event.type === 'ObjectEvent' && event.action === 'ADD' && isObject(event.ilmd)) {
      // Commissioning: the lot and expiry of each item, for the shipping events that list it later.
      if (this.recordLots(event) && (bizStep === 'commissioning' || bizStep === '')) {
        this.contentEvents++;
        return [];
      }
    }
    if (
      event.type === 'AggregationEvent' &&
      (bizStep === 'packing' || bizStep === 'unpacking' || bizStep === '')
    ) {
      this.recordPacking(event);
      if (bizStep !== '') {
        this.contentEvents++;
        return [];
      }
    }
    const status = STEP_STATUS[bizStep];
    if (status === undefined || !SHIPMENT_EVENT_TYPES.has(event.type)) {
      const label = `${event.type}${bizStep === '' ? '' : ` ${bizStep}`}`;
      this.unmapped.set(label, (this.unmapped.get(label) ?? 0) + 1);
      return [];
    }
    const transactions = objects(event.bizTransactionList).map((t) => ({
      type: transactionTypeOf(t.type),
      value: typeof t.bizTransaction === 'string' ? t.bizTransaction.trim() : '',
    }));
    const keys = this.keysOf(event, transactions);
    if (keys.length === 0) {
      return [
        issue(
          'error',
          'EPCIS_SHIPMENT_ID_MISSING',
          '/bizTransactionList',
          `a ${bizStep} event names no business transaction (desadv, bol, po, inv) and no SSCC`,
          {
            index: position.index,
            line: position.line,
          },
        ),
      ];
    }
    const desadv = transactions.find((t) => t.type === 'desadv' && t.value !== '')?.value;
    const group = this.groupFor(keys, desadv, position);
    group.eventCount++;
    group.touchedAt = ++this.eventCounter;
    for (const transaction of transactions) {
      if (transaction.value === '') continue;
      const system =
        transaction.type === ''
          ? IDENTIFIER_SYSTEMS.uri
          : IDENTIFIER_SYSTEMS.bizTransactionPrefix + transaction.type;
      const list =
        transaction.type === 'desadv' || transaction.type === 'bol'
          ? group.identifiers
          : group.fallbackIdentifiers;
      const known = hasIdentifier(list, system, transaction.value);
      // Most events repeat the transactions of their shipment: copies are made only for a new one.
      if (known && (transaction.type !== 'po' || group.orderRef !== undefined)) continue;
      const identifier = { system: own(system), value: own(transaction.value) };
      if (transaction.type === 'po') group.orderRef ??= identifier;
      if (list.length < 32 && !known) list.push(identifier);
    }
    for (const key of keys) {
      if (!key.startsWith('sscc ')) continue;
      const list = group.fallbackIdentifiers;
      if (list.length >= 32) continue;
      const value = key.slice(5);
      if (!hasIdentifier(list, IDENTIFIER_SYSTEMS.sscc, value))
        list.push({ system: IDENTIFIER_SYSTEMS.sscc, value: own(value) });
    }
    this.advance(group, status, bizStep, eventTimeOf(event));
    if (group.status === 'received' || group.status === 'cancelled')
      this.completed.push({ group, at: this.eventCounter });
    const issues: Issue[] = [];
    this.takeParties(group, event, bizStep, position);
    const column = STEP_COLUMN[bizStep];
    // Each quantity column is counted by one kind of step: a departing event after a shipping
    // event of the same goods says nothing new.
    if (column !== undefined && (group.countedBy[column] ?? bizStep) === bizStep) {
      group.countedBy[column] = bizStep;
      this.countObjects(group, event, column, position, issues);
    }
    // An event the shipment cannot fully use makes the whole shipment fail: its lines would be wrong.
    for (const found of issues) if (found.severity === 'error') group.issues.push(found);
    this.evictIfFull();
    this.closeCompleted();
    return issues.filter((found) => found.severity !== 'error');
  }

  /** The keys an event names, strongest first: typed business transactions, untyped ones, shipped SSCCs. */
  private keysOf(event: EpcisEvent, transactions: Array<{ type: string; value: string }>): string[] {
    const keys: string[] = [];
    for (const type of KEY_TRANSACTION_TYPES)
      for (const t of transactions) if (t.type === type && t.value !== '') keys.push(`${type} ${t.value}`);
    for (const t of transactions) if (t.type === '' && t.value !== '') keys.push(`bt ${t.value}`);
    // The parent first for an aggregation, after the EPCs otherwise; the EPC list is not copied.
    const parent = typeof event.parentID === 'string' ? event.parentID : undefined;
    const parentFirst = event.type === 'AggregationEvent';
    if (parent !== undefined && parentFirst) addSsccKey(keys, parent, this.ssccs);
    for (const epc of listOf(event.epcList)) addSsccKey(keys, epc, this.ssccs);
    if (parent !== undefined && !parentFirst) addSsccKey(keys, parent, this.ssccs);
    return keys;
  }

  /**
   * The open Shipment an event joins: the first of its keys (strongest first) that an open Shipment
   * named, unless that Shipment has another despatch advice (one order shipped in two despatches
   * gives two Shipments). Else a new Shipment keyed by the strongest key. Every key is remembered.
   */
  private groupFor(keys: string[], desadv: string | undefined, position: EventPosition): Group {
    let group: Group | undefined;
    for (const key of keys) {
      const found = this.aliases.get(key);
      if (found === undefined || this.groups.get(found.key) !== found) continue;
      const otherDespatch =
        desadv !== undefined &&
        found.identifiers.some((i) => i.system.endsWith('BTT-desadv')) &&
        !found.identifiers.some((i) => i.system.endsWith('BTT-desadv') && i.value === desadv);
      if (otherDespatch) continue;
      group = found;
      break;
    }
    if (group === undefined) group = this.group(own(keys[0] as string), position);
    else this.group(group.key, position); // marks it recently used
    for (const key of keys) {
      if (group.aliases.length >= MAX_ALIASES) break;
      const current = this.aliases.get(key);
      if (current === group) continue;
      if (current !== undefined && this.groups.get(current.key) === current) continue;
      const owned = own(key);
      this.aliases.set(owned, group);
      group.aliases.push(owned);
    }
    return group;
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
      fallbackIdentifiers: [],
      aliases: [],
      countedBy: {},
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
    if (bizStep === 'shipping' || bizStep === 'departing') group.dates.actualShipDate ??= own(eventTime);
    else if (bizStep === 'arriving') group.dates.actualArrival ??= own(eventTime);
    else if (bizStep === 'receiving' || bizStep === 'accepting') group.dates.receivedDate ??= own(eventTime);
  }

  private takeParties(group: Group, event: EpcisEvent, bizStep: string, position: EventPosition): void {
    // One pass over each list (no closures or tuples per event): the first entry of each type counts.
    const source = firstOfEachType(event.sourceList);
    if (source !== undefined) {
      const party = (source.owning_party?.source ?? source.possessing_party?.source) as JsonValue | undefined;
      if (typeof party === 'string') this.setParty(group, 'shipper', party, position);
      const location = source.location?.source;
      if (typeof location === 'string') this.setLocation(group, 'shipFrom', location, position);
    }
    const destination = firstOfEachType(event.destinationList);
    if (destination !== undefined) {
      const party = (destination.owning_party?.destination ?? destination.possessing_party?.destination) as
        | JsonValue
        | undefined;
      if (typeof party === 'string') this.setParty(group, 'receiver', party, position);
      const location = destination.location?.destination;
      if (typeof location === 'string') this.setLocation(group, 'shipTo', location, position);
    }
    const bizLocation =
      isObject(event.bizLocation) && typeof event.bizLocation.id === 'string'
        ? event.bizLocation.id
        : undefined;
    const readPoint =
      isObject(event.readPoint) && typeof event.readPoint.id === 'string' ? event.readPoint.id : undefined;
    const where = bizLocation ?? readPoint;
    if (where === undefined) return;
    if (bizStep === 'shipping' || bizStep === 'departing')
      group.shippingLocation ??= this.refs.locationOf(where);
    else if (bizStep === 'receiving' || bizStep === 'accepting' || bizStep === 'arriving') {
      group.receivingLocation ??= this.refs.locationOf(where);
    }
  }

  /** Sets the shipper or receiver, or warns when the shipment already has another. */
  private setParty(group: Group, field: 'shipper' | 'receiver', uri: string, position: EventPosition): void {
    const gln = this.refs.partyGlnOf(uri);
    if (gln === undefined) return;
    const current = group[field] as { identifier?: Identifier } | undefined;
    // The ref is made only when the field is new: most events repeat the parties of their shipment.
    if (current === undefined) group[field] = { identifier: { system: IDENTIFIER_SYSTEMS.gln, value: gln } };
    else if (current.identifier?.system !== IDENTIFIER_SYSTEMS.gln || current.identifier?.value !== gln)
      this.conflict(group, field, position);
  }

  /** Sets shipFrom or shipTo, or warns when the shipment already has another. */
  private setLocation(
    group: Group,
    field: 'shipFrom' | 'shipTo',
    uri: string,
    position: EventPosition,
  ): void {
    const [system, value] = this.refs.locationKeyOf(uri);
    const current = group[field] as { identifier?: Identifier } | undefined;
    if (current === undefined) group[field] = { identifier: { system, value } };
    else if (current.identifier?.system !== system || current.identifier?.value !== value)
      this.conflict(group, field, position);
  }

  private conflict(group: Group, field: string, position: EventPosition): void {
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
    const parentSscc = parent === undefined ? undefined : this.ssccs.ssccOf(parent);
    if (parentSscc !== undefined && isAggregation)
      group.logisticUnits.set(own(parentSscc), group.logisticUnits.get(parentSscc));
    const epcList = listOf(event.epcList);
    const childEPCs = listOf(event.childEPCs);
    // Both lists in turn, without copying them into one.
    for (let i = 0, count = epcList.length + childEPCs.length; i < count; i++) {
      const epc = i < epcList.length ? epcList[i] : childEPCs[i - epcList.length];
      if (typeof epc !== 'string') continue;
      const fastGtin = this.sgtins.gtinOf(epc);
      if (fastGtin !== undefined) {
        const commissioned = lot === undefined ? this.lots.get(epc) : undefined;
        if (commissioned !== undefined)
          this.addToLine(group, column, fastGtin, commissioned.lot, commissioned.expiry, '1', 1);
        else this.addToLine(group, column, fastGtin, lot, expiry, '1', 1);
        continue;
      }
      const keys = parseEpcIdentifier(epc);
      const gtin = keys === undefined ? undefined : aiValue(keys, '01');
      const sscc = keys === undefined ? undefined : aiValue(keys, '00');
      if (keys?.scheme === 'sgtin' && gtin !== undefined) {
        const commissioned = this.lots.get(epc);
        this.addToLine(
          group,
          column,
          gtin,
          lot ?? aiValue(keys, '10') ?? commissioned?.lot,
          expiry ?? commissioned?.expiry,
          '1',
          1,
        );
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
      this.addToLine(group, column, line.gtin, line.lot, line.expiry, '1', line.count);
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

  /**
   * Remembers the lot (and expiry) that a commissioning event's ILMD gives its items. Returns false
   * when the ILMD names no lot. Bounded: the oldest items are forgotten first (`maxCommissionedItems`).
   */
  private recordLots(event: EpcisEvent): boolean {
    const lotNumber = ilmdString(event.ilmd, 'lotNumber');
    if (lotNumber === undefined) return false;
    const expiry = ilmdString(event.ilmd, 'itemExpirationDate');
    // One shared object per lot: thousands of items of one lot cost one entry each, not one lot each.
    const lot: LotOfItem = { lot: own(lotNumber), expiry: expiry === undefined ? undefined : own(expiry) };
    for (const epc of listOf(event.epcList)) {
      if (typeof epc !== 'string') continue;
      this.lots.delete(epc);
      this.lots.set(own(epc), lot);
      if (this.lots.size > this.options.maxCommissionedItems) {
        this.lots.delete(this.lots.keys().next().value as string);
        if (!this.lotsFullReported) {
          this.lotsFullReported = true;
          this.onResult({
            issues: [
              issue(
                'warning',
                'EPCIS_LOT_TABLE_FULL',
                '',
                `more than ${this.options.maxCommissionedItems} commissioned items; the lots of the oldest are forgotten`,
              ),
            ],
            first: { index: -1 },
            eventCount: 0,
          });
        }
      }
    }
    return true;
  }

  private recordPacking(event: EpcisEvent): void {
    const parentSscc = typeof event.parentID === 'string' ? this.ssccs.ssccOf(event.parentID) : undefined;
    if (parentSscc === undefined) return;
    const sscc = own(parentSscc);
    if (event.action === 'DELETE') {
      this.packed.delete(sscc);
      return;
    }
    if (event.action !== 'ADD') return;
    const unit: PackedUnit = this.packed.get(sscc) ?? { contents: [], children: undefined };
    for (const epc of listOf(event.childEPCs)) {
      if (typeof epc !== 'string') continue;
      const fastGtin = this.sgtins.gtinOf(epc);
      const keys = fastGtin === undefined ? parseEpcIdentifier(epc) : undefined;
      const gtin = fastGtin ?? (keys === undefined ? undefined : aiValue(keys, '01'));
      const child = keys === undefined ? undefined : aiValue(keys, '00');
      if ((fastGtin !== undefined || keys?.scheme === 'sgtin') && gtin !== undefined) {
        const commissioned = this.lots.get(epc);
        const lot = (keys === undefined ? undefined : aiValue(keys, '10')) ?? commissioned?.lot;
        const line = unit.contents.find((l) => l.gtin === gtin && l.lot === lot);
        if (line === undefined)
          unit.contents.push({
            gtin: own(gtin),
            lot: lot === undefined ? undefined : own(lot),
            expiry: commissioned?.expiry,
            count: 1,
          });
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
    for (const key of [group.key, ...group.aliases]) {
      if (this.aliases.get(key) === group) this.aliases.delete(key);
      const hash = keyHash(key);
      if (this.written.has(hash)) continue;
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
    // Release 1.1.0: parties, places and milestone dates are written when the flow names them and
    // left out when it does not (the validator warns about a status without its milestone).
    // The document's sender: the SBDH sender, else the shipper; a flow seen only at receipt (no
    // shipping or departing event) was captured by its receiver.
    const receiptOnly =
      group.countedBy.quantityShipped === undefined && group.dates.actualShipDate === undefined;
    const sender =
      (this.header.sender === undefined ? undefined : senderOf(this.header.sender)) ??
      group.shipper ??
      (receiptOnly ? group.receiver : undefined);
    if (sender === undefined)
      fail(
        'EPCIS_SHIPMENT_PARTY_MISSING',
        '/sender',
        'neither the document header (SBDH sender) nor any event (source owning party) names who sends the Shipment',
      );
    const shippedOn = status !== 'cancelled' && STATUS_RANK[status] >= STATUS_RANK.shipped;
    if (group.lines.size === 0)
      fail('EPCIS_SHIPMENT_NO_LINES', '/lines', 'no event of the shipment identifies products');
    const lines: Line[] = [];
    for (const state of group.lines.values()) {
      const i = lines.length;
      if (
        shippedOn &&
        state.quantityShipped === undefined &&
        state.quantityReceived === undefined &&
        state.quantityAccepted === undefined
      ) {
        fail(
          'EPCIS_SHIPMENT_QUANTITY_MISSING',
          `/lines/${i}/quantityShipped`,
          `GTIN ${state.gtin} was listed by no shipping, departing or receiving event`,
        );
      }
      lines.push(this.line(state));
    }
    const failed = issues.some((i) => i.severity === 'error');
    if (failed || sender === undefined) {
      this.onResult({ issues, first: group.first, eventCount: group.eventCount });
      return;
    }
    // Members in the order of the schema, optional ones only when known (no spread objects).
    const shipment = {
      schemaVersion: '1.1.0',
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
      sender,
      confidentiality: this.options.confidentiality,
      // A despatch advice or bill of lading names the shipment; else the order, invoice or SSCC the flow named.
      identifiers: group.identifiers.length > 0 ? group.identifiers : group.fallbackIdentifiers,
      status,
    } as Shipment;
    if (group.orderRef !== undefined) shipment.orderRef = { identifier: group.orderRef };
    if (group.shipper !== undefined) shipment.shipper = group.shipper;
    if (group.receiver !== undefined) shipment.receiver = group.receiver;
    if (shipFrom !== undefined) shipment.shipFrom = shipFrom;
    if (shipTo !== undefined) shipment.shipTo = shipTo;
    if (hasMembers(group.dates)) shipment.dates = group.dates;
    if (group.logisticUnits.size > 0) {
      const units: NonNullable<Shipment['logisticUnits']> = [];
      for (const [sscc, parent] of group.logisticUnits)
        units.push(parent === undefined ? { sscc } : { sscc, parentSscc: parent });
      shipment.logisticUnits = units;
    }
    shipment.lines = lines;
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
