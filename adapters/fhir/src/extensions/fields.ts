/**
 * Canonical members that FHIR has no element for travel in medsupply extensions. A field list
 * describes such members once; the writer (to FHIR) and the reader (from FHIR) both follow it, so the
 * two directions cannot drift apart.
 */

/** How one canonical value is carried in an extension. */
export type ValueKind =
  | 'string'
  | 'code'
  | 'boolean'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'dateTime'
  | 'dateOrDateTime'
  | 'uri'
  | 'Coding'
  | 'Quantity'
  | 'Identifier'
  | 'Period'
  | 'PartyRef'
  | 'LocationRef'
  | 'ProductRef'
  | 'SupplySourceRef'
  | 'StringOrCoding';

/** One canonical member: a value, or an object whose members become nested extensions. */
export interface Field {
  /** The canonical member name; also the relative URL of a nested extension. */
  name: string;
  kind: ValueKind | readonly Field[];
  /** An array: one extension per item, in order. */
  many?: boolean;
}

/** The `value[x]` element a value kind is written to. */
export const VALUE_ELEMENT: Readonly<Record<Exclude<ValueKind, 'StringOrCoding'>, string>> = {
  string: 'valueString',
  code: 'valueCode',
  boolean: 'valueBoolean',
  integer: 'valueInteger',
  decimal: 'valueDecimal',
  date: 'valueDate',
  dateTime: 'valueDateTime',
  dateOrDateTime: 'valueDateTime',
  uri: 'valueUri',
  Coding: 'valueCoding',
  Quantity: 'valueQuantity',
  Identifier: 'valueIdentifier',
  Period: 'valuePeriod',
  PartyRef: 'valueReference',
  LocationRef: 'valueReference',
  ProductRef: 'valueReference',
  SupplySourceRef: 'valueReference',
};
