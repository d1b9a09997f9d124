import type { IssueCodeTable } from '@medsupply/validators';

/**
 * Codes the canonical ↔ FHIR mappings raise. Paths point into the input being converted: into the
 * array of canonical documents (`/0/listings/1`) one way, into the FHIR input (`/entry/3/resource/supplier`)
 * the other way; `params.canonicalPath` names the canonical member concerned when there is one.
 */
export const fhirMappingIssueCodes: IssueCodeTable = {
  FHIR_INPUT_INVALID: {
    severity: 'error',
    description: 'The input is not a FHIR Bundle, a resource, or an array of resources.',
  },
  FHIR_INPUT_TOO_DEEP: {
    severity: 'error',
    description: 'The FHIR input nests deeper than the mapper allows.',
  },
  FHIR_RESOURCE_INVALID: {
    severity: 'error',
    description: 'A Bundle entry or array item is not a resource (no object, or no `resourceType`).',
  },
  FHIR_RESOURCE_SKIPPED: {
    severity: 'info',
    description:
      'A resource of a type that maps to no canonical document and is not referenced by one was ignored.',
  },
  FHIR_NO_DOCUMENT: {
    severity: 'info',
    description:
      'The input holds no InventoryReport, SupplyDelivery, SupplyRequest or medsupply Basic, so it gives no document.',
  },
  FHIR_REQUIRED_DATA_MISSING: {
    severity: 'error',
    description:
      'The FHIR content lacks data the canonical document requires (`params.canonicalPath`); no value is invented, so the document is not produced.',
  },
  FHIR_VALUE_UNMAPPED: {
    severity: 'warning',
    description:
      'A FHIR value has no canonical equivalent (unknown code, partial date, unusable quantity) and was left out.',
  },
  FHIR_DATETIME_WITHOUT_TIME: {
    severity: 'warning',
    description:
      'A FHIR date without a time stands where the canonical member needs a date-time with offset; it was not padded.',
  },
  FHIR_DATE_TRUNCATED: {
    severity: 'info',
    description:
      'A FHIR dateTime stands where the canonical member is a calendar date; its local day was kept.',
  },
  FHIR_REFERENCE_UNRESOLVED: {
    severity: 'warning',
    description:
      'A literal reference points to no resource in the input and carries no identifier to refer by.',
  },
  FHIR_IDENTIFIER_WITHOUT_SYSTEM: {
    severity: 'warning',
    description:
      'A FHIR identifier or code without a system was left out (canonical identifiers need a namespace).',
  },
  FHIR_REFERENCED_BY_IDENTIFIER: {
    severity: 'info',
    description:
      'A referenced Organization, Location or Medication lacks members an inline canonical object needs, so it is referred to by its identifier.',
  },
  FHIR_PRODUCT_LEVEL_DERIVED: {
    severity: 'info',
    description:
      'A Medication or InventoryItem carries no medsupply product level; `package` was read from a GTIN or package NDC, `medicinalProduct` otherwise.',
  },
  FHIR_DOCUMENT_ID_DERIVED: {
    severity: 'info',
    description:
      'The resource carries no medsupply document id or UUID; a name-based UUID was derived from its identity (stable across imports).',
  },
  FHIR_CONFIDENTIALITY_ASSUMED: {
    severity: 'warning',
    description:
      'The resource has no confidentiality label; `restricted` (FHIR normal confidentiality) was used.',
  },
  FHIR_CREATED_FROM_LAST_UPDATED: {
    severity: 'info',
    description:
      'The resource has no creation time of its own; `meta.lastUpdated` was used as the document createdAt.',
  },
  FHIR_UNIT_NOT_UCUM: {
    severity: 'info',
    description:
      'A quantity unit is not UCUM; a unit text became a UCUM annotation (`{box}`), a missing unit became `1` (a count).',
  },
  FHIR_VERSION_MISMATCH: {
    severity: 'warning',
    description:
      'A resource has the shape of the other FHIR version than the one asked for; it was read anyway.',
  },
  FHIR_ELEMENTS_IGNORED: {
    severity: 'info',
    description: 'FHIR elements with no canonical equivalent were ignored (`params.elements` lists them).',
  },
  FHIR_ENTERED_IN_ERROR_SKIPPED: {
    severity: 'info',
    description:
      'A resource marked entered-in-error (and not a medsupply cancel document) gives no document.',
  },
  FHIR_DISPOSITION_UNMAPPED: {
    severity: 'error',
    description:
      'An inventory item status is not a medsupply disposition; the stock would otherwise read as available, so the report is not produced.',
  },
  FHIR_MODIFIER_EXTENSION: {
    severity: 'error',
    description:
      'The resource has a modifier extension, which may change its meaning in ways the mapper cannot know.',
  },
  FHIR_STALE_PART_IGNORED: {
    severity: 'warning',
    description:
      'A part of a multi-resource document (an R4 delivery line, a forecast period) belongs to an older version of it and was ignored.',
  },
  FHIR_EXTENSION_INVALID: {
    severity: 'warning',
    description: 'A medsupply or cross-version extension has a value of the wrong type and was ignored.',
  },
  FHIR_DOCUMENT_INVALID: {
    severity: 'error',
    description: 'A canonical document given for conversion is not an object with a known `documentType`.',
  },
  FHIR_DUPLICATE_DOCUMENT_ID: {
    severity: 'error',
    description:
      'Two documents given for one conversion share a documentId but differ; the later one is not converted.',
  },
  FHIR_ENVELOPE_VOUCHED: {
    severity: 'info',
    description:
      'The source names no sender or creation time, so the one given to the converter (`--sender`, `--created-at`) is used (`params.member`).',
  },
  FHIR_IDENTIFIER_FROM_ADDRESS: {
    severity: 'info',
    description:
      'A delivery has no business identifier; its absolute address (fullUrl) names it, as an identifier of system urn:ietf:rfc:3986.',
  },
  FHIR_DUPLICATE_ENTRY: {
    severity: 'info',
    description:
      'A Bundle repeats a resource (same fullUrl, or same type and id) with identical content; the repetition is read once (`params.first` is the first copy).',
  },
  FHIR_CONFLICTING_ENTRY: {
    severity: 'error',
    description:
      'A Bundle gives one resource (same fullUrl, or same type and id) twice with different content; neither copy is mapped, as there is no telling which is right (`params.first`).',
  },
  FHIR_CONFLICTING_DOCUMENT: {
    severity: 'error',
    description:
      'Different resources of the input map to documents with one documentId but different content; none of them is emitted (`params.documentId`, `params.paths`). Identical ones are emitted once.',
  },
  FHIR_SHARED_RESOURCE_CONFLICT: {
    severity: 'info',
    description:
      'The same identifier names an organisation, location, product or lot with different content in one conversion; the later copy is contained in the resource that uses it.',
  },
};
