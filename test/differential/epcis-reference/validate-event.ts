/**
 * The EPCIS 2.0 rules that GS1's JSON Schema and XSD express for one event, checked on its JSON-LD
 * form, so the XML and the JSON reader refuse the same events: required members per event type, the
 * action enum, date-time and time-zone formats, numeric quantities, the shapes of lists, locations,
 * business transactions and certificationInfo, and no unknown unqualified members (vendor members
 * must be compact or absolute IRIs). Every problem names its JSON Pointer inside the event.
 */
import { type Issue, issue, joinPointer } from '@medsupply/validators';
import { lookupTable } from './lookup.js';
import type { EpcisEvent, JsonValue } from './model.js';

type JsonObject = { [key: string]: JsonValue };

// An absolute URI (the schema's `format: uri`): a scheme, a colon, no white space.
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
// Bare names the EPCIS JSON Schema accepts for CBV vocabularies (anything else must be a URI).
const CBV_NAMES: Readonly<Record<string, ReadonlySet<string>>> = lookupTable({
  bizStep: new Set(
    'accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting installing killing loading other packing picking receiving removing repackaging repairing replacing reserving retail_selling shipping staging_outbound stock_taking stocking storing transporting unloading unpacking void_shipping sensor_reporting sampling'.split(
      ' ',
    ),
  ),
  disposition: new Set(
    'active container_closed damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive no_pedigree_match non_sellable_other partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen unknown available completeness_verified completeness_inferred conformant container_open mismatch_instance mismatch_class mismatch_quantity needs_replacement non_conformant unavailable'.split(
      ' ',
    ),
  ),
  bizTransactionType: new Set(
    'bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt'.split(' '),
  ),
  sourceDestType: new Set(['owning_party', 'possessing_party', 'location']),
});
const TIME_ZONE_OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;
const UOM = /^[A-Z0-9]{2,3}$/;
const ACTIONS = new Set(['ADD', 'OBSERVE', 'DELETE']);

const COMMON = [
  '@context',
  // The EPCIS context aliases `id` to `@id` (GS1's JSON examples give events blank-node ids).
  'id',
  'type',
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
];
const WHAT_WHERE_WHY = [
  'bizStep',
  'disposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];

/** Standard members of each event type (the JSON Schema's `propertyNames`). */
const MEMBERS: Readonly<Record<string, ReadonlySet<string>>> = lookupTable({
  ObjectEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'epcList',
    'quantityList',
    'persistentDisposition',
    'ilmd',
  ]),
  AggregationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
    'persistentDisposition',
  ]),
  TransactionEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'epcList',
    'quantityList',
    'persistentDisposition',
  ]),
  TransformationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'persistentDisposition',
    'ilmd',
  ]),
  AssociationEvent: new Set([
    ...COMMON,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
    'persistentDisposition',
  ]),
});

const EPC_LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);
const QUANTITY_LISTS = new Set([
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputQuantityList',
]);
const URIS = new Set(['eventID', 'parentID', 'transformationID']);
const ID_ONLY = ['id'] as const;
// The pointer of each standard member, made once rather than for every member of every event.
const MEMBER_PATHS = new Map<string, string>(
  [...new Set(Object.values(MEMBERS).flatMap((names) => [...names]))].map((name) => [
    name,
    joinPointer('', name),
  ]),
);
// Members every event of a type must have, in the order they are reported.
const REQUIRED: Readonly<Record<string, readonly string[]>> = lookupTable(
  Object.fromEntries(
    Object.keys(MEMBERS).map((type) => {
      const required = ['eventTime', 'eventTimeZoneOffset'];
      if (type !== 'TransformationEvent') required.push('action');
      if (type === 'TransactionEvent') required.push('bizTransactionList');
      if (type === 'AssociationEvent') required.push('parentID');
      return [type, required];
    }),
  ),
);

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A vendor member name: a compact IRI (`ex:field`) or an absolute IRI. */
export function isExtensionName(name: string): boolean {
  const colon = name.indexOf(':');
  return colon > 0 && colon < name.length - 1;
}

function shown(value: JsonValue | undefined): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify((text ?? 'undefined').slice(0, 60));
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const ZERO = 48;

/** The value of `count` ASCII digits at `at`, or -1 when one of them is not a digit. */
function digits(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = value.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Checks a date-time: `error` when it is not one (or not a real calendar moment), `warning` when it
 * has no offset (xsd:dateTime allows that, RFC 3339 does not). Returns undefined when fine.
 * The grammar is RFC 3339's date-time (the JSON Schema's `format: date-time`) with the offset optional,
 * so an XML dateTime without zone (allowed by xsd:dateTime) gets a warning, not an error:
 * `YYYY-MM-DDTHH:MM:SS(.s{1,12})?(Z|z|±HH:MM)?`. Read character by character because this runs
 * for every event, and a regex with seven captures allocated an array and seven strings each time.
 */
export function checkDateTime(value: string): 'error' | 'warning' | undefined {
  const length = value.length;
  if (length < 19) return 'error';
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const t = value.charCodeAt(10);
  if (
    year < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    (t !== 84 && t !== 116) || // T t
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58
  )
    return 'error';
  let at = 19;
  if (at < length && value.charCodeAt(at) === 46) {
    // A fraction of 1 to 12 digits.
    const start = ++at;
    while (at < length && at - start < 13 && digits(value, at, 1) >= 0) at++;
    if (at === start || at - start > 12) return 'error';
  }
  let zone: 'none' | 'Z' | 'z' | 'offset' = 'none';
  let zoneHour = 0;
  let zoneMinute = 0;
  if (at < length) {
    const sign = value.charCodeAt(at);
    if (sign === 90 && at + 1 === length) zone = 'Z';
    else if (sign === 122 && at + 1 === length) zone = 'z';
    else if ((sign === 43 || sign === 45) && at + 6 === length && value.charCodeAt(at + 3) === 58) {
      zoneHour = digits(value, at + 1, 2);
      zoneMinute = digits(value, at + 4, 2);
      if (zoneHour < 0 || zoneMinute < 0) return 'error';
      zone = 'offset';
    } else return 'error';
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return 'error';
  if (hour > 23 || minute > 59 || second > 60) return 'error';
  if (zone === 'offset' && (zoneHour > 14 || zoneMinute > 59)) return 'error';
  return zone === 'none' ? 'warning' : undefined;
}

/** Collects the problems of one event, each with a pointer relative to the event. */
class EventChecker {
  readonly issues: Issue[] = [];

  constructor(private readonly params: Record<string, unknown>) {}

  error(code: string, path: string, message: string): void {
    this.issues.push(issue('error', code, path, message, { ...this.params }));
  }

  warning(code: string, path: string, message: string): void {
    this.issues.push(issue('warning', code, path, message, { ...this.params }));
  }

  string(value: JsonValue | undefined, path: string, what: string): value is string {
    if (typeof value === 'string' && value !== '') return true;
    this.error('EPCIS_FIELD_INVALID', path, `${what} must be a non-empty string (got ${shown(value)})`);
    return false;
  }

  uri(value: JsonValue | undefined, path: string, what: string): void {
    if (!this.string(value, path, what)) return;
    if (!ABSOLUTE_URI.test(value))
      this.error('EPCIS_FIELD_INVALID', path, `${what} ${shown(value)} is not an absolute URI`);
  }

  /** A CBV value: a standard bare name or a URI. Others are reported, not refused (the XSD takes any URI). */
  vocabulary(value: JsonValue | undefined, path: string, what: string, kind: string): void {
    if (!this.string(value, path, what)) return;
    if (!value.includes(':') && !(CBV_NAMES[kind]?.has(value) ?? true))
      this.warning(
        'EPCIS_VOCABULARY_UNKNOWN',
        path,
        `${what} ${shown(value)} is not a CBV value; use a CBV name or a URI`,
      );
  }

  dateTime(value: JsonValue | undefined, path: string, what: string): void {
    if (!this.string(value, path, what)) return;
    const problem = checkDateTime(value);
    if (problem === 'error')
      this.error(
        'EPCIS_TIME_INVALID',
        path,
        `${what} ${shown(value)} is not a date-time like 2026-07-22T10:15:00.000+02:00`,
      );
    else if (problem === 'warning')
      this.warning('EPCIS_TIME_ZONE_MISSING', path, `${what} ${shown(value)} has no time zone offset`);
  }

  /** A list member: an array, or (as some GS1 examples write it) one object standing for a one-element list. */
  list(value: JsonValue, path: string, name: string): JsonValue[] | undefined {
    if (Array.isArray(value)) return value;
    if (isObject(value)) return [value];
    this.error('EPCIS_FIELD_INVALID', path, `${name} must be a list (got ${shown(value)})`);
    return undefined;
  }

  epcList(value: JsonValue, path: string, name: string): void {
    const list = Array.isArray(value) ? value : undefined;
    if (list === undefined) {
      this.error('EPCIS_FIELD_INVALID', path, `${name} must be a list of identifiers (got ${shown(value)})`);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const epc = list[i];
      if (typeof epc !== 'string' || epc === '') {
        this.error(
          'EPCIS_FIELD_INVALID',
          joinPointer(path, i),
          `${name} holds ${shown(epc)}, not an identifier`,
        );
        return;
      }
    }
  }

  /** True when a value passes `uri` (checked first so that a path is built only for a problem). */
  private static isUri(value: JsonValue | undefined): boolean {
    return typeof value === 'string' && value !== '' && ABSOLUTE_URI.test(value);
  }

  quantityList(value: JsonValue, path: string, name: string): void {
    const list = this.list(value, path, name);
    list?.forEach((element, i) => {
      const at = joinPointer(path, i);
      if (!isObject(element)) {
        this.error('EPCIS_FIELD_INVALID', at, `a ${name} element must be an object`);
        return;
      }
      if (!EventChecker.isUri(element.epcClass))
        this.uri(element.epcClass, joinPointer(at, 'epcClass'), 'epcClass');
      const quantity = element.quantity;
      if (quantity !== undefined && (typeof quantity !== 'number' || !Number.isFinite(quantity)))
        this.error(
          'EPCIS_QUANTITY_INVALID',
          joinPointer(at, 'quantity'),
          `quantity ${shown(quantity)} is not a number`,
        );
      if (element.uom !== undefined) {
        if (typeof element.uom !== 'string' || !UOM.test(element.uom))
          this.error(
            'EPCIS_FIELD_INVALID',
            joinPointer(at, 'uom'),
            `uom ${shown(element.uom)} is not a UN/ECE Rec 20 code`,
          );
        else if (quantity === undefined)
          this.error('EPCIS_FIELD_INVALID', joinPointer(at, 'uom'), 'uom is given without a quantity');
      }
      for (const key of Object.keys(element)) {
        if (key !== 'epcClass' && key !== 'quantity' && key !== 'uom')
          this.error(
            'EPCIS_UNKNOWN_MEMBER',
            joinPointer(at, key),
            `${shown(key)} is not a member of a quantity element`,
          );
      }
    });
  }

  /** bizTransactionList, sourceList, destinationList: objects of a value and an optional (or required) type. */
  typedList(value: JsonValue, path: string, name: string, member: string, typeRequired: boolean): void {
    const list = this.list(value, path, name);
    if (list === undefined) return;
    // Every element of every list of every event passes here: pointers are built only for a problem.
    for (let i = 0; i < list.length; i++) {
      const element = list[i] as JsonValue;
      if (!isObject(element)) {
        this.error('EPCIS_FIELD_INVALID', joinPointer(path, i), `a ${name} element must be an object`);
        continue;
      }
      const text = element[member];
      if (typeof text !== 'string' || text === '') this.string(text, joinPointer(path, i, member), member);
      const type = element.type;
      if ((typeRequired || type !== undefined) && (typeof type !== 'string' || type === ''))
        this.string(type, joinPointer(path, i, 'type'), 'type');
      for (const key in element) {
        if (key !== member && key !== 'type' && Object.hasOwn(element, key))
          this.error(
            'EPCIS_UNKNOWN_MEMBER',
            joinPointer(path, i, key),
            `${shown(key)} is not a member of ${name}`,
          );
      }
    }
  }

  location(value: JsonValue, path: string, name: string): void {
    if (!isObject(value)) {
      this.error('EPCIS_FIELD_INVALID', path, `${name} must be an object with an id`);
      return;
    }
    if (!EventChecker.isUri(value.id)) this.uri(value.id, joinPointer(path, 'id'), `${name} id`);
    this.unknownMembers(value, path, name, ID_ONLY);
  }

  unknownMembers(value: JsonObject, path: string, name: string, known: readonly string[]): void {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (!known.includes(key) && !isExtensionName(key) && !key.startsWith('@'))
        this.error(
          'EPCIS_UNKNOWN_MEMBER',
          joinPointer(path, key),
          `${shown(key)} is not a member of ${name}`,
        );
    }
  }

  certificationInfo(value: JsonValue): void {
    if (typeof value === 'string' && value !== '') return;
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== ''))
      return;
    this.error(
      'EPCIS_FIELD_INVALID',
      '/certificationInfo',
      `certificationInfo must be a URI or a list of URIs (got ${shown(value)})`,
    );
  }

  errorDeclaration(value: JsonValue): void {
    if (!isObject(value)) {
      this.error('EPCIS_FIELD_INVALID', '/errorDeclaration', 'errorDeclaration must be an object');
      return;
    }
    this.dateTime(value.declarationTime, '/errorDeclaration/declarationTime', 'declarationTime');
    if (value.reason !== undefined) this.string(value.reason, '/errorDeclaration/reason', 'reason');
    if (value.correctiveEventIDs !== undefined)
      this.epcList(value.correctiveEventIDs, '/errorDeclaration/correctiveEventIDs', 'correctiveEventIDs');
    this.unknownMembers(value, '/errorDeclaration', 'errorDeclaration', [
      'declarationTime',
      'reason',
      'correctiveEventIDs',
    ]);
  }

  persistentDisposition(value: JsonValue): void {
    if (!isObject(value)) {
      this.error('EPCIS_FIELD_INVALID', '/persistentDisposition', 'persistentDisposition must be an object');
      return;
    }
    for (const key of ['set', 'unset']) {
      if (value[key] !== undefined)
        this.epcList(
          value[key] as JsonValue,
          `/persistentDisposition/${key}`,
          `persistentDisposition ${key}`,
        );
    }
    this.unknownMembers(value, '/persistentDisposition', 'persistentDisposition', ['set', 'unset']);
  }
}

/**
 * Checks one event against the EPCIS 2.0 rules of GS1's JSON Schema and XSD. Errors mean the event
 * must not be written or mapped; warnings (an event time without offset) let it pass. `params` (line,
 * index) are copied into every issue so it can be located in the input.
 */
export function validateEpcisEvent(event: EpcisEvent, params: Record<string, unknown> = {}): Issue[] {
  const check = new EventChecker(params);
  const members = MEMBERS[event.type];
  if (members === undefined) {
    check.error('EPCIS_EVENT_TYPE_UNKNOWN', '/type', `${shown(event.type)} is not an EPCIS event type`);
    return check.issues;
  }
  for (const field of REQUIRED[event.type] as readonly string[]) {
    const value = event[field];
    if (value === undefined || value === '' || value === null)
      check.error('EPCIS_EVENT_FIELD_MISSING', `/${field}`, `${event.type} has no ${field}`);
  }
  for (const key of Object.keys(event)) {
    const value = event[key] as JsonValue;
    // Vendor members (`example:carrier`) rarely need escaping: no rest-argument call for them.
    const path =
      MEMBER_PATHS.get(key) ?? (key.includes('/') || key.includes('~') ? joinPointer('', key) : `/${key}`);
    if (!members.has(key)) {
      if (!isExtensionName(key))
        check.error(
          'EPCIS_UNKNOWN_MEMBER',
          path,
          `${shown(key)} is not an EPCIS 2.0 member of ${event.type}`,
        );
      continue;
    }
    if (value === undefined || value === '') continue; // reported above when required
    if (key === 'eventTime' || key === 'recordTime') check.dateTime(value, path, key);
    else if (key === 'eventTimeZoneOffset') {
      if (typeof value !== 'string' || !TIME_ZONE_OFFSET.test(value))
        check.error(
          'EPCIS_TIME_INVALID',
          path,
          `eventTimeZoneOffset ${shown(value)} is not an offset like +02:00`,
        );
    } else if (key === 'action') {
      if (typeof value !== 'string' || !ACTIONS.has(value))
        check.error('EPCIS_ACTION_INVALID', path, `action ${shown(value)} is not ADD, OBSERVE or DELETE`);
    } else if (URIS.has(key)) check.uri(value, path, key);
    else if (key === 'bizStep' || key === 'disposition') check.vocabulary(value, path, key, key);
    else if (EPC_LISTS.has(key)) check.epcList(value, path, key);
    else if (QUANTITY_LISTS.has(key)) check.quantityList(value, path, key);
    else if (key === 'bizTransactionList') check.typedList(value, path, key, 'bizTransaction', false);
    else if (key === 'sourceList') check.typedList(value, path, key, 'source', true);
    else if (key === 'destinationList') check.typedList(value, path, key, 'destination', true);
    else if (key === 'readPoint' || key === 'bizLocation') check.location(value, path, key);
    else if (key === 'certificationInfo') check.certificationInfo(value);
    else if (key === 'errorDeclaration') check.errorDeclaration(value);
    else if (key === 'persistentDisposition') check.persistentDisposition(value);
    else if (key === 'ilmd') {
      if (!isObject(value)) check.error('EPCIS_FIELD_INVALID', path, 'ilmd must be an object');
      else check.unknownMembers(value, path, 'ilmd', []);
    } else if (key === 'sensorElementList') {
      const list = check.list(value, path, key);
      list?.forEach((element, i) => {
        if (!isObject(element))
          check.error('EPCIS_FIELD_INVALID', joinPointer(path, i), 'a sensor element must be an object');
      });
    }
  }
  if (
    event.type === 'TransactionEvent' &&
    Array.isArray(event.bizTransactionList) &&
    event.bizTransactionList.length === 0
  )
    check.error(
      'EPCIS_EVENT_FIELD_MISSING',
      '/bizTransactionList',
      'a TransactionEvent needs at least one business transaction',
    );
  return check.issues;
}
