import type { Period, Quantity } from '@medsupply/types';
import { PERIOD_FIELDS, QUANTITY_FIELDS, fieldUrl } from '../extensions/specs.js';
import { UCUM_SYSTEM } from '../urls.js';
import { isObject, own, ownArray, ownNumber, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { dateFromFhir } from './datatypes.js';
import { readFields } from './fields.js';

/* Quantity and Period: the datatypes whose extensions carry canonical members (read by fields.ts). */

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
