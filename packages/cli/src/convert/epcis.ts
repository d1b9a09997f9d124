import type { ConverterTable } from './types.js';

/** EPCIS conversions (epcis-xml|epcis-json -> canonical|epcis-json|epcis-xml). */
export const epcisConverters: ConverterTable = {};
