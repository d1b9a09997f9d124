import type { Coding, Identifier, Period, Quantity } from '@medsupply/types';
import { PERIOD_FIELDS, QUANTITY_FIELDS, fieldUrl } from '../extensions/specs.js';
import { UCUM_SYSTEM } from '../urls.js';
import { readFhirDate, readFhirDateTime } from '../util/dates.js';
import { isObject, own, ownArray, ownNumber, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { readFields } from './fields.js';
import { partyFromReference } from './party.js';

/** FHIR Identifier → canonical Identifier; needs system and value (the assigner becomes the issuer). */
export function identifierFromFhir(
  ctx: FromFhirContext,
  identifier: unknown,
  at: Located,
  path: string,
): Identifier | undefined {
  const system = ownString(identifier, 'system');
  const value = ownString(identifier, 'value');
  if (value === undefined) return undefined;
  if (system === undefined) {
    ctx.report(
      'warning',
      'FHIR_IDENTIFIER_WITHOUT_SYSTEM',
      path,
      `identifier "${value}" has no system and was left out`,
    );
    return undefined;
  }
  const assigner = own(identifier, 'assigner');
  const issuer =
    assigner === undefined ? undefined : partyFromReference(ctx, assigner, at, `${path}/assigner`);
  return issuer === undefined ? { system, value } : { system, value, issuer };
}

/** Every usable identifier of a list (those without a system are reported and left out). */
export function identifiersFromFhir(
  ctx: FromFhirContext,
  identifiers: unknown[],
  at: Located,
  path: string,
  skip: (system: string | undefined) => boolean = () => false,
): Identifier[] {
  const found: Identifier[] = [];
  identifiers.forEach((identifier, index) => {
    if (skip(ownString(identifier, 'system'))) return;
    const read = identifierFromFhir(ctx, identifier, at, `${path}/${index}`);
    if (read !== undefined) found.push(read);
  });
  return found;
}

/** FHIR Coding → canonical Coding (system and code needed). */
export function codingFromFhir(coding: unknown): Coding | undefined {
  const system = ownString(coding, 'system');
  const code = ownString(coding, 'code');
  if (system === undefined || code === undefined) return undefined;
  const display = ownString(coding, 'display');
  return display === undefined ? { system, code } : { system, code, display };
}

/** The first Coding with system and code of a CodeableConcept. */
export function codingFromConcept(concept: unknown, system?: string): Coding | undefined {
  for (const coding of ownArray(concept, 'coding')) {
    if (system !== undefined && ownString(coding, 'system') !== system) continue;
    const read = codingFromFhir(coding);
    if (read !== undefined) return read;
  }
  return undefined;
}

/** Codes of a CodeableConcept (or list of them) in one code system. */
export function codesIn(concepts: unknown, system: string): string[] {
  const list = Array.isArray(concepts) ? concepts : [concepts];
  const codes: string[] = [];
  for (const concept of list) {
    for (const coding of ownArray(concept, 'coding')) {
      const code = ownString(coding, 'code');
      if (ownString(coding, 'system') === system && code !== undefined) codes.push(code);
    }
  }
  return codes;
}

// UCUM annotations hold printable ASCII except braces (UCUM §12); spaces are not allowed.
const ANNOTATION_TEXT = /^[!-z|~]{1,60}$/;

/**
 * FHIR Quantity → canonical Quantity (https://hl7.org/fhir/R5/datatypes.html#Quantity). The unit is the
 * UCUM code; a unit given as text only becomes a UCUM annotation (`{box}`), no unit at all becomes `1`
 * (a count). A comparator (`<`, `>=`) cannot be carried and makes the quantity unusable.
 */
export function quantityFromFhir(
  ctx: FromFhirContext,
  quantity: unknown,
  at: Located,
  path: string,
): Quantity | undefined {
  const value = ownNumber(quantity, 'value');
  if (value === undefined) {
    if (isObject(quantity))
      ctx.report('warning', 'FHIR_VALUE_UNMAPPED', path, 'quantity without a numeric value');
    return undefined;
  }
  if (own(quantity, 'comparator') !== undefined) {
    ctx.report(
      'warning',
      'FHIR_VALUE_UNMAPPED',
      `${path}/comparator`,
      'a quantity with a comparator is not an amount',
    );
    return undefined;
  }
  const system = ownString(quantity, 'system');
  const code = ownString(quantity, 'code');
  const text = ownString(quantity, 'unit');
  let unit: string;
  if (system === UCUM_SYSTEM && code !== undefined) unit = code;
  else {
    const label = code ?? text;
    unit = label !== undefined && ANNOTATION_TEXT.test(label) && !/[{}]/.test(label) ? `{${label}}` : '1';
    ctx.report(
      'info',
      'FHIR_UNIT_NOT_UCUM',
      path,
      `unit ${label === undefined ? '(none)' : `"${label}"`} read as "${unit}"`,
      {
        unit,
      },
    );
  }
  const extras = readFields(
    ctx,
    ownArray(quantity, 'extension'),
    QUANTITY_FIELDS,
    fieldUrl('Quantity'),
    at,
    path,
  );
  return { value, unit, ...extras } as Quantity;
}

/** FHIR Period → canonical Period of calendar days (times of day dropped, partial dates refused). */
export function periodFromFhir(
  ctx: FromFhirContext,
  period: unknown,
  at: Located,
  path: string,
): Period | undefined {
  if (!isObject(period)) return undefined;
  const start = dateFromFhir(ctx, own(period, 'start'), `${path}/start`);
  const end = dateFromFhir(ctx, own(period, 'end'), `${path}/end`);
  if (start === undefined || end === undefined) {
    ctx.report('warning', 'FHIR_VALUE_UNMAPPED', path, 'a period needs both a start day and an end day');
    return undefined;
  }
  const extras = readFields(ctx, ownArray(period, 'extension'), PERIOD_FIELDS, fieldUrl('Period'), at, path);
  return { start, end, ...extras } as Period;
}

/** A FHIR date or dateTime as a canonical date (the local day of a dateTime). */
export function dateFromFhir(ctx: FromFhirContext, value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const read = readFhirDate(value);
  if ('value' in read) {
    if (read.truncated)
      ctx.report('info', 'FHIR_DATE_TRUNCATED', path, `"${String(value)}" read as the day ${read.value}`);
    return read.value;
  }
  ctx.report('warning', 'FHIR_VALUE_UNMAPPED', path, `"${String(value)}" is not a full calendar date`);
  return undefined;
}

/** A FHIR dateTime as a canonical date-time; a date without time is reported, never padded. */
export function dateTimeFromFhir(ctx: FromFhirContext, value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const read = readFhirDateTime(value);
  if ('value' in read) return read.value;
  if (read.problem === 'partial') {
    ctx.report(
      'warning',
      'FHIR_DATETIME_WITHOUT_TIME',
      path,
      `"${String(value)}" has no time of day and offset`,
    );
  } else {
    ctx.report('warning', 'FHIR_VALUE_UNMAPPED', path, `"${String(value)}" is not a FHIR dateTime`);
  }
  return undefined;
}
