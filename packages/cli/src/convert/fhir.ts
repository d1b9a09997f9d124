import type { ConverterTable } from './types.js';

/** FHIR conversions (canonical <-> fhir-r4|fhir-r5). */
export const fhirConverters: ConverterTable = {};
