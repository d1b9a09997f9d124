/**
 * Canonical URLs this adapter writes and reads: HL7's, and our own published ones under
 * https://schemas.medsupply.org/fhir/ (listed in docs/reference/fhir-mapping.md).
 */

/** Base of every medsupply FHIR artefact (extensions, code systems, identifier systems). */
export const MEDSUPPLY_FHIR_BASE = 'https://schemas.medsupply.org/fhir';

/**
 * URL of a medsupply extension for a canonical element, named like HL7's cross-version extensions:
 * `extension-<Type>.<path>` (for example `extension-Shipment.transportMode`).
 */
export function medsupplyExtensionUrl(elementPath: string): string {
  return `${MEDSUPPLY_FHIR_BASE}/StructureDefinition/extension-${elementPath}`;
}

/** URL of a medsupply code system (party roles, location types, dispositions, ...). */
export function medsupplyCodeSystem(name: string): string {
  return `${MEDSUPPLY_FHIR_BASE}/CodeSystem/${name}`;
}

/** Identifier system of a canonical documentId on the resource that carries the document. */
export const DOCUMENT_ID_SYSTEM = `${MEDSUPPLY_FHIR_BASE}/sid/document-id`;
/** Identifier system of the further resources of one document (`<documentId>/<part>`), such as R4 delivery lines. */
export const DOCUMENT_PART_SYSTEM = `${MEDSUPPLY_FHIR_BASE}/sid/document-part`;
/** Identifier system of an R5 InventoryItem standing for one lot of one product. */
export const PRODUCT_LOT_SYSTEM = `${MEDSUPPLY_FHIR_BASE}/sid/product-lot`;

/** Code system of canonical document types, used as Basic.code. */
export const DOCUMENT_TYPE_SYSTEM = medsupplyCodeSystem('document-type');
/** Code system of medsupply confidentiality levels (meta.security), beside HL7 v3 Confidentiality. */
export const CONFIDENTIALITY_SYSTEM = medsupplyCodeSystem('confidentiality');
/** Code system of Party.roles (Organization.type). */
export const PARTY_ROLE_SYSTEM = medsupplyCodeSystem('party-role');
/** Code system of Location.type. */
export const LOCATION_TYPE_SYSTEM = medsupplyCodeSystem('location-type');
/** Code system of stock dispositions (InventoryReport.inventoryListing.itemStatus). */
export const DISPOSITION_SYSTEM = medsupplyCodeSystem('stock-disposition');
/** Code system of forecast measures (SupplyRequest.category). */
export const FORECAST_MEASURE_SYSTEM = medsupplyCodeSystem('forecast-measure');
/** Code system of forecast series parameters (SupplyRequest.parameter.code: lower, upper). */
export const FORECAST_PARAMETER_SYSTEM = medsupplyCodeSystem('forecast-parameter');
/** Code system of stock movement directions (InventoryReport.operationType when all movements agree). */
export const OPERATION_TYPE_SYSTEM = 'http://hl7.org/fhir/inventoryreport-operationtype';

/** UCUM, the unit system of every canonical Quantity. */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
/** HL7 v3 Confidentiality codes (U, L, M, N, R, V). */
export const V3_CONFIDENTIALITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
/** RFC 3986 identifiers (`urn:uuid:...`), the usual FHIR way to carry a UUID as an Identifier. */
export const URN_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';
/** ATC, which travels in Medication.code beside the product identifiers. */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
/** HL7 organization-type codes, read on import. */
export const ORGANIZATION_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';
/** IHE PHARM SUPPLY delivery stage extension (shipment or reception notice), read on import. */
export const IHE_DELIVERY_STAGE_URLS: readonly string[] = [
  'http://ihe.net/fhir/PHARM/supply/StructureDefinition/ihe-ext-delivery-stage',
  'https://profiles.ihe.net/PHARM/supply/StructureDefinition/ihe-ext-delivery-stage',
  'https://profiles.ihe.net/PHARM/Supply/StructureDefinition/ihe-ext-delivery-stage',
];

/** HL7 cross-version (R5 in R4) extension URL of an InventoryReport element. */
export function inventoryReportCrossVersionUrl(element: string): string {
  return `http://hl7.org/fhir/5.0/StructureDefinition/extension-InventoryReport.${element}`;
}
/** HL7 cross-version profile for an R5 InventoryReport carried by an R4 Basic. */
export const INVENTORY_REPORT_CROSS_VERSION_PROFILE =
  'http://hl7.org/fhir/5.0/StructureDefinition/profile-InventoryReport';

/** URL of the extension carrying one namespace of the envelope `extensions` object (as JSON text). */
export const ENVELOPE_EXTENSIONS_URL = medsupplyExtensionUrl('Envelope.extensions');
