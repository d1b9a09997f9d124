import { PERIOD_FIELDS, QUANTITY_FIELDS, fieldUrl } from '../extensions/specs.js';
import type { FhirPeriod, FhirQuantity } from '../types.js';
import { UCUM_SYSTEM } from '../urls.js';
import { compact, own, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { extensionsOrUndefined } from './datatypes.js';
import { writeFields } from './fields.js';

/* Quantity and Period: the datatypes whose extensions carry canonical members (written by fields.ts). */

/**
 * Canonical Quantity → FHIR Quantity with its UCUM code (https://hl7.org/fhir/R5/datatypes.html#Quantity);
 * the unit of presentation and the package identifier travel as extensions.
 */
export function quantityToFhir(
  ctx: ToFhirContext,
  quantity: unknown,
  path: string,
  holder: Holder | undefined,
): FhirQuantity {
  const extension = writeFields(ctx, quantity, QUANTITY_FIELDS, fieldUrl('Quantity'), path, holder);
  const unit = ownString(quantity, 'unit');
  return compact({
    extension: extensionsOrUndefined(extension),
    value: own(quantity, 'value') as number | undefined,
    system: unit === undefined ? undefined : UCUM_SYSTEM,
    code: unit,
  });
}

/** Canonical Period (inclusive days) → FHIR Period; the granularity travels as an extension. */
export function periodToFhir(
  ctx: ToFhirContext,
  period: unknown,
  path: string,
  holder: Holder | undefined,
): FhirPeriod {
  const extension = writeFields(ctx, period, PERIOD_FIELDS, fieldUrl('Period'), path, holder);
  return compact({
    extension: extensionsOrUndefined(extension),
    start: ownString(period, 'start'),
    end: ownString(period, 'end'),
  });
}
