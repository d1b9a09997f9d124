import type { IssueCodeTable } from './issue.js';

/**
 * Codes raised when a document does not match its JSON Schema. Stable: a code is never renamed
 * or reused; new codes may be added in minor releases.
 */
export const schemaIssueCodes: IssueCodeTable = {
  REQUIRED_PROPERTY: {
    severity: 'error',
    description: 'A required member is missing; the path names the missing member.',
  },
  UNKNOWN_PROPERTY: {
    severity: 'error',
    description: 'A member that the schema does not define (objects are closed; use `extensions`).',
  },
  TYPE_MISMATCH: {
    severity: 'error',
    description: 'A value has the wrong JSON type (for example a string where a number is expected).',
  },
  ENUM_MISMATCH: { severity: 'error', description: 'A value is not one of the allowed codes.' },
  CONST_MISMATCH: {
    severity: 'error',
    description: 'A value differs from the only allowed value (for example `documentType`).',
  },
  PATTERN_MISMATCH: {
    severity: 'error',
    description: 'A string does not have the required shape (identifier, code or lot number pattern).',
  },
  STRING_TOO_SHORT: {
    severity: 'error',
    description: 'A string is shorter than allowed (empty strings are not values).',
  },
  STRING_TOO_LONG: { severity: 'error', description: 'A string is longer than allowed.' },
  NUMBER_TOO_SMALL: {
    severity: 'error',
    description: 'A number is below its minimum (quantities are never negative).',
  },
  NUMBER_TOO_LARGE: { severity: 'error', description: 'A number is above its maximum.' },
  NOT_AN_INTEGER: {
    severity: 'error',
    description: 'A count (unit `1` or an annotation such as `{pack}`) or a day count is not a whole number.',
  },
  TOO_FEW_ITEMS: { severity: 'error', description: 'An array has fewer items than required.' },
  TOO_MANY_ITEMS: { severity: 'error', description: 'An array has more items than allowed.' },
  DUPLICATE_ITEMS: { severity: 'error', description: 'An array that must hold distinct values repeats one.' },
  TOO_FEW_PROPERTIES: { severity: 'error', description: 'An object has fewer members than required.' },
  TOO_MANY_PROPERTIES: { severity: 'error', description: 'An object has more members than allowed.' },
  INVALID_PROPERTY_NAME: {
    severity: 'error',
    description: 'A member name does not have the required shape (extension keys are reverse-domain names).',
  },
  SCHEMA_MISMATCH: { severity: 'error', description: 'A value matches none of the allowed alternatives.' },
  GS1_CHECK_DIGIT: {
    severity: 'error',
    description: 'A GTIN, GLN or SSCC has a wrong GS1 mod-10 check digit.',
  },
  NDC_INVALID: {
    severity: 'error',
    description:
      'Not a National Drug Code in a 10-digit (4-4-2, 5-3-2, 5-4-1), 11-digit (5-4-2) or 12-digit (6-4-2) form.',
  },
  COUNTRY_CODE_UNKNOWN: {
    severity: 'error',
    description: 'Not an assigned ISO 3166-1 alpha-2 country code.',
  },
  SUBDIVISION_CODE_INVALID: {
    severity: 'error',
    description: 'Not an ISO 3166-2 subdivision code of an assigned country.',
  },
  JURISDICTION_UNKNOWN: {
    severity: 'error',
    description:
      'Not an ISO 3166-1 alpha-2 country code, `EU`, or (where allowed) an ISO 3166-2 subdivision of an assigned country.',
  },
  UCUM_UNIT_INVALID: { severity: 'error', description: 'Not a valid UCUM unit expression (case-sensitive).' },
  DATE_INVALID: { severity: 'error', description: 'Not a real calendar date in the form YYYY-MM-DD.' },
  DATETIME_INVALID: {
    severity: 'error',
    description: 'Not a real date-time with a time-zone offset (RFC 3339).',
  },
  DATE_OR_DATETIME_INVALID: {
    severity: 'error',
    description: 'Neither a calendar date nor a date-time with offset.',
  },
  URI_INVALID: { severity: 'error', description: 'Not an absolute URI.' },
  UUID_INVALID: { severity: 'error', description: 'Not a UUID.' },
  FORMAT_INVALID: { severity: 'error', description: 'A value does not have the required format.' },
};

/** Codes raised by the business rules: what a schema cannot say. */
export const ruleIssueCodes: IssueCodeTable = {
  SUPERSEDES_REQUIRED: {
    severity: 'error',
    description: 'A `replace` or `cancel` document does not say which document it supersedes.',
  },
  SUPERSEDES_SELF: { severity: 'error', description: 'A document supersedes itself.' },
  PERIOD_END_BEFORE_START: {
    severity: 'error',
    description: 'A period ends before it starts (the path names `end`).',
  },
  LOT_EXPIRY_NOT_AFTER_MANUFACTURE: {
    severity: 'error',
    description: 'A lot expires on or before its manufacture date.',
  },
  SNAPSHOT_AS_OF_REQUIRED: {
    severity: 'error',
    description: 'A snapshot stock report has no `asOf` counting time.',
  },
  DIFFERENCE_PERIOD_REQUIRED: {
    severity: 'error',
    description: 'A difference stock report has no reporting `period`.',
  },
  STOCK_BALANCE_MISMATCH: {
    severity: 'error',
    description:
      'Closing balance differs from opening + credits - debits (or opening + received - consumed +/- adjustments). From 1.1.0 a total that is absent is derived from the movements or the equation is skipped, never taken as 0.',
  },
  MOVEMENT_DIRECTION_MISMATCH: {
    severity: 'error',
    description:
      'A movement type contradicts its direction (receipts and transfers in are credits; issues, consumption and transfers out are debits).',
  },
  MOVEMENT_OUTSIDE_PERIOD: {
    severity: 'error',
    description: 'A movement happened outside the report period.',
  },
  CLOSING_BALANCE_QUANTITY_MISMATCH: {
    severity: 'warning',
    description:
      'A difference-report line states a quantity (stock on hand at the end of the period) that differs from its closing balance.',
  },
  UNIT_MISMATCH: {
    severity: 'error',
    description: 'Quantities that must be compared or added have different units.',
  },
  SHIPMENT_DATE_REQUIRED: {
    severity: 'error',
    description:
      '1.0.0 only: a date that the shipment status requires is missing (actualShipDate from shipped on, actualArrival when arrived, receivedDate when received). From 1.1.0 see SHIPMENT_DATE_MISSING.',
  },
  SHIPMENT_DATE_MISSING: {
    severity: 'warning',
    since: '1.1.0',
    description:
      'From 1.1.0: the milestone date of the shipment status is not given (actualShipDate when shipped or inTransit, actualArrival when arrived, receivedDate when received); advised, as many sources do not record it.',
  },
  SHIPMENT_QUANTITY_REQUIRED: {
    severity: 'error',
    description:
      'A line lacks a quantity that the status requires (1.0.0: quantityShipped from shipped on, quantityReceived when received; from 1.1.0: either of them from shipped on).',
  },
  SHIPMENT_DATE_ORDER: {
    severity: 'error',
    description: 'Shipment milestones are out of order (shipped before arrival before receipt).',
  },
  RECEIVED_EXCEEDS_SHIPPED: { severity: 'error', description: 'More was received than shipped on a line.' },
  ACCEPTANCE_MISMATCH: {
    severity: 'error',
    description:
      'Accepted + rejected differs from received on a line (path `quantityAccepted`), or the one given exceeds what was received.',
  },
  CAPACITY_QUANTITY_REQUIRED: {
    severity: 'error',
    description: 'A capacity report has neither `producedQuantity` nor `nominalCapacity`.',
  },
  STATUS_REASON_REQUIRED: {
    severity: 'error',
    description: 'A suspended or discontinued site gives no `statusReason`.',
  },
  MANUFACTURER_ROLE_REQUIRED: {
    severity: 'error',
    description:
      'The inline manufacturer of a capacity report has neither the manufacturer nor the apiManufacturer role (nor repackager/labeler for repack/relabel operations).',
  },
  SITE_TYPE_MISMATCH: {
    severity: 'error',
    description: 'The inline site of a capacity report is not a manufacturingSite or apiSite.',
  },
  SUBDIVISION_COUNTRY_MISMATCH: {
    severity: 'error',
    description: 'An ISO 3166-2 subdivision does not belong to the location country.',
  },
  SHORTAGE_RESOLVED_DATE_REQUIRED: {
    severity: 'error',
    description: 'A resolved shortage has no `resolvedDate`.',
  },
  SHORTAGE_DATE_ORDER: {
    severity: 'error',
    description:
      'A shortage is resolved, or expected to resolve, before it started (from 1.1.0 only for actual shortages: an anticipated shortage may be avoided before its anticipated start).',
  },
  FORECAST_SERIES_OUTSIDE_HORIZON: {
    severity: 'error',
    description: 'A forecast series period lies outside the forecast horizon.',
  },
  FORECAST_SERIES_OVERLAP: { severity: 'error', description: 'Two forecast series periods overlap.' },
  FORECAST_BOUNDS_INVALID: {
    severity: 'error',
    description: 'A forecast lower bound is above the quantity, or the upper bound below it.',
  },
  PACK_COUNT_WITHOUT_PACKAGE: {
    severity: 'warning',
    description:
      'A quantity counts packs (`{pack}`) of a product that is not itself a package, without saying which package (`packageRef`); one warning per line.',
  },
  LOT_EXPIRED_AS_AVAILABLE: {
    severity: 'warning',
    description: 'A lot reported as available stock expired before the count.',
  },
  IDENTIFIER_SYSTEM_ALIAS: {
    severity: 'warning',
    since: '1.1.0',
    description:
      'From 1.1.0: an identifier or code system is another spelling of a system in the registry of recommended identifier systems; the message names the URI to write.',
  },
  IDENTIFIER_LOCAL_SYSTEM_INVALID: {
    severity: 'warning',
    since: '1.1.0',
    description:
      'From 1.1.0: a `urn:medsupply:local:` system does not follow `urn:medsupply:local:{scheme}:{owner}:{codeSet}` with a scheme of the registry (dns, gln, duns, ...).',
  },
  PRODUCED_EXCEEDS_NOMINAL: {
    severity: 'warning',
    description: 'Produced quantity is above the nominal capacity for the period.',
  },
};

/** Codes raised by readers (JSON, NDJSON, CSV) before a record reaches the validator. */
export const readerIssueCodes: IssueCodeTable = {
  JSON_SYNTAX: {
    severity: 'error',
    description: 'The record is not well-formed JSON; the message gives the position.',
  },
  JSON_TOO_DEEP: { severity: 'error', description: 'The record nests deeper than the reader allows.' },
  RECORD_TOO_LARGE: {
    severity: 'error',
    description: 'The record (line or array element) is larger than the reader allows.',
  },
  INVALID_UTF8: { severity: 'error', description: 'The record is not valid UTF-8.' },
  TRUNCATED_RECORD: { severity: 'error', description: 'The input ended in the middle of a record.' },
  NOT_AN_OBJECT: { severity: 'error', description: 'The record is not a JSON object.' },
  DOCUMENT_TYPE_UNKNOWN: {
    severity: 'error',
    description: 'The record has no known `documentType`, and none was given with `--schema`.',
  },
  SCHEMA_VERSION_UNSUPPORTED: {
    severity: 'error',
    description: 'The record names a `schemaVersion` this validator does not have.',
  },
  FORBIDDEN_KEY: {
    severity: 'error',
    description: 'The record uses `__proto__` as a member name, which is never a medsupply member.',
  },
};
