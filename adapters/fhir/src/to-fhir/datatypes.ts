import { PERIOD_FIELDS, QUANTITY_FIELDS, fieldUrl } from '../extensions/specs.js';
import type {
  FhirCodeableConcept,
  FhirCoding,
  FhirExtension,
  FhirIdentifier,
  FhirPeriod,
  FhirQuantity,
} from '../types.js';
import { UCUM_SYSTEM } from '../urls.js';
import { compact, own, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { writeFields } from './fields.js';
import { partyReference } from './shared.js';

/** Canonical Coding → FHIR Coding (https://hl7.org/fhir/R5/datatypes.html#Coding). */
export function codingToFhir(coding: unknown): FhirCoding {
  return compact({
    system: ownString(coding, 'system'),
    code: ownString(coding, 'code'),
    display: ownString(coding, 'display'),
  });
}

/** A code of one of our code systems, or a canonical Coding, as a CodeableConcept. */
export function conceptToFhir(coding: unknown): FhirCodeableConcept {
  return { coding: [codingToFhir(coding)] };
}

/** A code in a code system as a CodeableConcept with one Coding. */
export function codeConcept(system: string, code: string): FhirCodeableConcept {
  return { coding: [{ system, code }] };
}

/** Canonical Identifier → FHIR Identifier; the issuer becomes the assigner (https://hl7.org/fhir/R5/datatypes.html#Identifier). */
export function identifierToFhir(
  ctx: ToFhirContext,
  identifier: unknown,
  path: string,
  holder: Holder | undefined,
): FhirIdentifier {
  const issuer = own(identifier, 'issuer');
  return compact({
    system: ownString(identifier, 'system'),
    value: ownString(identifier, 'value'),
    assigner: issuer === undefined ? undefined : partyReference(ctx, issuer, `${path}/issuer`, holder),
  });
}

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

/** An extension list, or undefined when empty (FHIR forbids empty arrays). */
export function extensionsOrUndefined(extensions: FhirExtension[]): FhirExtension[] | undefined {
  return extensions.length > 0 ? extensions : undefined;
}
