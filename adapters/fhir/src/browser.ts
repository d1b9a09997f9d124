/**
 * The FHIR adapter for browsers: the canonical ↔ FHIR R4/R5 mappings, without the exchange client
 * (which talks HTTP with Node's APIs). The package's `browser` field swaps the few Node-only helpers
 * (SHA-1 for name-based UUIDs, the country-name table, deep equality) for browser versions that give
 * the same results.
 *
 * @example
 * import { canonicalToFhir } from '@medsupply/fhir/browser';
 * const { bundle, issues } = canonicalToFhir(documents, { fhirVersion: '5' });
 */
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
