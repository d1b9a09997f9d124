import type { FhirVersion } from '../types.js';
import { DOCUMENT_TYPE_SYSTEM, FORECAST_MEASURE_SYSTEM } from '../urls.js';

/** Canonical document types that can be pulled. */
export type PullableDocumentType =
  | 'StockReport'
  | 'Shipment'
  | 'DemandForecast'
  | 'CapacityReport'
  | 'ShortageNotice';

/** The FHIR search that finds the resources of one canonical document type. */
export interface DocumentSearch {
  /** The canonical type asked for; absent when a FHIR resource type was named directly. */
  documentType?: PullableDocumentType;
  resourceType: string;
  /** Search parameters that narrow the resource type to this document type. */
  params: Readonly<Record<string, string>>;
}

const FORECAST_MEASURES = ['demand', 'constrainedDemand', 'plannedSupply', 'committedSupply'];

/** Escapes the search separators inside one token part (https://hl7.org/fhir/R4/search.html#escaping). */
function token(system: string, code: string): string {
  const escapePart = (part: string) => part.replace(/[\\|,$]/g, (c) => `\\${c}`);
  return `${escapePart(system)}|${escapePart(code)}`;
}

/**
 * Canonical document type → FHIR search, per FHIR version (see docs/reference/fhir-mapping.md):
 * R4 has no InventoryReport, so a StockReport is a cross-version Basic; capacity reports and
 * shortage notices are Basic resources coded with the medsupply document type in both versions.
 */
export const DOCUMENT_SEARCHES: Readonly<
  Record<PullableDocumentType, Readonly<Record<FhirVersion, DocumentSearch>>>
> = {
  StockReport: {
    '4': { documentType: 'StockReport', resourceType: 'Basic', params: { code: 'InventoryReport' } },
    '5': { documentType: 'StockReport', resourceType: 'InventoryReport', params: {} },
  },
  Shipment: {
    '4': { documentType: 'Shipment', resourceType: 'SupplyDelivery', params: {} },
    '5': { documentType: 'Shipment', resourceType: 'SupplyDelivery', params: {} },
  },
  DemandForecast: {
    '4': forecastSearch(),
    '5': forecastSearch(),
  },
  CapacityReport: {
    '4': basicSearch('CapacityReport'),
    '5': basicSearch('CapacityReport'),
  },
  ShortageNotice: {
    '4': basicSearch('ShortageNotice'),
    '5': basicSearch('ShortageNotice'),
  },
};

function forecastSearch(): DocumentSearch {
  // Only forecast SupplyRequests: their category is a medsupply forecast measure; orders are left out.
  const category = FORECAST_MEASURES.map((measure) => token(FORECAST_MEASURE_SYSTEM, measure)).join(',');
  return { documentType: 'DemandForecast', resourceType: 'SupplyRequest', params: { category } };
}

function basicSearch(documentType: 'CapacityReport' | 'ShortageNotice'): DocumentSearch {
  return { documentType, resourceType: 'Basic', params: { code: token(DOCUMENT_TYPE_SYSTEM, documentType) } };
}

/** FHIR resource types that `--type` also accepts as such (searched without narrowing). */
const RESOURCE_TYPES: Readonly<Record<FhirVersion, readonly string[]>> = {
  '4': ['SupplyDelivery', 'SupplyRequest', 'Basic'],
  '5': ['InventoryReport', 'SupplyDelivery', 'SupplyRequest', 'Basic'],
};

/**
 * The search for `--type`: a canonical document type (`Shipment`, case-insensitive, or kebab-case
 * `stock-report`), or one of the FHIR resource types the mappings read. Undefined when unknown.
 */
export function documentSearch(type: string, fhirVersion: FhirVersion): DocumentSearch | undefined {
  const wanted = type.replace(/-/g, '').toLowerCase();
  for (const documentType of Object.keys(DOCUMENT_SEARCHES) as PullableDocumentType[]) {
    if (documentType.toLowerCase() === wanted) return DOCUMENT_SEARCHES[documentType][fhirVersion];
  }
  const resourceType = RESOURCE_TYPES[fhirVersion].find((t) => t === type);
  return resourceType === undefined ? undefined : { resourceType, params: {} };
}

/** Every name `--type` accepts for a FHIR version (for help and error messages). */
export function pullTypeNames(fhirVersion: FhirVersion): string[] {
  return [...Object.keys(DOCUMENT_SEARCHES), ...RESOURCE_TYPES[fhirVersion]];
}
