/**
 * Structural FHIR types: just enough shape to build and read the resources this adapter maps, for
 * R4 (4.0.1) and R5 (5.0.0). Resources stay plain JSON objects; nothing here is version-specific.
 */

/** The FHIR release a conversion targets: `4` = R4 (4.0.1), `5` = R5 (5.0.0). */
export type FhirVersion = '4' | '5';

/** Any FHIR resource as JSON (https://hl7.org/fhir/R5/json.html#resources). */
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: FhirMeta;
  contained?: FhirResource[];
  extension?: FhirExtension[];
  [element: string]: unknown;
}

/** Resource metadata (https://hl7.org/fhir/R5/resource.html#Meta). */
export interface FhirMeta {
  lastUpdated?: string;
  profile?: string[];
  security?: FhirCoding[];
  tag?: FhirCoding[];
  [element: string]: unknown;
}

/** An extension: a URL and either one `value[x]` or nested extensions (https://hl7.org/fhir/R5/extensibility.html). */
export interface FhirExtension {
  url: string;
  extension?: FhirExtension[];
  [valueX: string]: unknown;
}

/** Coding (https://hl7.org/fhir/R5/datatypes.html#Coding). */
export interface FhirCoding {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
  extension?: FhirExtension[];
}

/** CodeableConcept (https://hl7.org/fhir/R5/datatypes.html#CodeableConcept). */
export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
  extension?: FhirExtension[];
}

/** Identifier (https://hl7.org/fhir/R5/datatypes.html#Identifier). */
export interface FhirIdentifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: FhirCodeableConcept;
  system?: string;
  value?: string;
  assigner?: FhirReference;
  extension?: FhirExtension[];
}

/** Reference: literal (`reference`), logical (`identifier`) or both (https://hl7.org/fhir/R5/references.html). */
export interface FhirReference {
  reference?: string;
  type?: string;
  identifier?: FhirIdentifier;
  display?: string;
  extension?: FhirExtension[];
}

/** Quantity (https://hl7.org/fhir/R5/datatypes.html#Quantity). */
export interface FhirQuantity {
  value?: number;
  comparator?: string;
  unit?: string;
  system?: string;
  code?: string;
  extension?: FhirExtension[];
}

/** Period (https://hl7.org/fhir/R5/datatypes.html#Period). */
export interface FhirPeriod {
  start?: string;
  end?: string;
  extension?: FhirExtension[];
}

/** What a transaction or batch entry asks the server to do (https://hl7.org/fhir/R5/bundle.html#transaction). */
export interface FhirBundleRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  /** Conditional create: a search that, when it matches, makes the server skip the create. */
  ifNoneExist?: string;
}

/** One entry of a Bundle (https://hl7.org/fhir/R5/bundle.html). */
export interface FhirBundleEntry {
  fullUrl?: string;
  resource?: FhirResource;
  request?: FhirBundleRequest;
  search?: { mode?: 'match' | 'include' | 'outcome' };
  [element: string]: unknown;
}

/** A Bundle; this adapter writes `transaction` Bundles and reads any type. */
export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  type: string;
  entry?: FhirBundleEntry[];
}
