import type { FhirCodeableConcept, FhirCoding, FhirExtension, FhirIdentifier } from '../types.js';
import { compact, own, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';

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
    assigner: issuer === undefined ? undefined : ctx.writers.party(ctx, issuer, `${path}/issuer`, holder),
  });
}

/** An extension list, or undefined when empty (FHIR forbids empty arrays). */
export function extensionsOrUndefined(extensions: FhirExtension[]): FhirExtension[] | undefined {
  return extensions.length > 0 ? extensions : undefined;
}
