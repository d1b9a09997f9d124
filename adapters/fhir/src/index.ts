export type {
  FhirBundle,
  FhirBundleEntry,
  FhirBundleRequest,
  FhirCodeableConcept,
  FhirCoding,
  FhirExtension,
  FhirIdentifier,
  FhirMeta,
  FhirPeriod,
  FhirQuantity,
  FhirReference,
  FhirResource,
  FhirVersion,
} from './types.js';
export { canonicalToFhir, type CanonicalToFhirOptions, type CanonicalToFhirResult } from './to-fhir/index.js';
export {
  fhirToCanonical,
  type FhirToCanonicalOptions,
  type FhirToCanonicalResult,
} from './from-fhir/index.js';
export {
  canonicalRecordsToFhir,
  fhirRecordsToCanonical,
  type RecordIssue,
  type RecordsToCanonicalResult,
  type RecordsToFhirResult,
} from './records.js';
export { fhirMappingIssueCodes } from './codes.js';
export * from './exchange/index.js';
