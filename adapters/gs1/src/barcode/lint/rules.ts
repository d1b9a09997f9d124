/**
 * The content rules a component can break, named as in the GS1 Barcode Syntax Tests
 * (https://ref.gs1.org/tools/gs1-barcode-syntax-resource/syntax-tests/), with a short message each.
 */

/** Messages by rule; the rule names are the `rule` parameter of GS1 issues. */
export const LINT_MESSAGES = {
  NON_DIGIT_CHARACTER: 'a non-digit character was found where a digit is expected',
  INVALID_CSET82_CHARACTER: 'a character outside GS1 character set 82 was found',
  INVALID_CSET39_CHARACTER: 'a character outside GS1 character set 39 was found',
  INVALID_CSET64_CHARACTER: 'a character outside the base64url character set was found',
  INVALID_CSET64_PADDING: 'the base64url padding (=) has the wrong length',
  INCORRECT_CHECK_DIGIT: 'the mod-10 check digit is incorrect',
  TOO_SHORT_FOR_CHECK_DIGIT: 'the component is too short to carry a check digit',
  INCORRECT_CHECK_PAIR: 'the alphanumeric check character pair is incorrect',
  TOO_SHORT_FOR_CHECK_PAIR: 'the component is too short to carry a check character pair',
  TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION:
    'the component is too long for the check character pair calculation',
  TOO_SHORT_FOR_GCP: 'the component is shorter than the shortest GS1 Company Prefix',
  INVALID_GCP_PREFIX: 'the GS1 Company Prefix is invalid',
  IMPORTER_IDX_MUST_BE_ONE_CHARACTER: 'the importer index must be one character',
  INVALID_IMPORT_IDX_CHARACTER: 'the importer index is not an allowed character',
  ILLEGAL_ZERO_VALUE: 'a non-zero value is required',
  NOT_ZERO: 'a zero is required',
  ILLEGAL_ZERO_PREFIX: 'a leading zero is not permitted',
  NOT_ZERO_OR_ONE: '"0" or "1" is required',
  INVALID_WINDING_DIRECTION: 'the winding direction must be "0", "1" or "9"',
  NOT_ISO3166: 'an ISO 3166 numeric country code is required',
  NOT_ISO3166_OR_999: 'an ISO 3166 numeric country code or "999" is required',
  NOT_ISO3166_ALPHA2: 'an ISO 3166 alpha-2 country code is required',
  NOT_ISO4217: 'an ISO 4217 numeric currency code is required',
  IBAN_TOO_SHORT: 'the IBAN is too short',
  INVALID_IBAN_CHARACTER: 'the IBAN contains a character other than 0-9 and A-Z',
  ILLEGAL_IBAN_COUNTRY_CODE: 'the IBAN must start with an ISO 3166 alpha-2 country code',
  INCORRECT_IBAN_CHECKSUM: 'the IBAN check characters are incorrect',
  DATE_TOO_SHORT: 'the date is too short',
  DATE_TOO_LONG: 'the date is too long',
  HOUR_WITH_MINUTE_TOO_SHORT: 'the time is too short for HHMM',
  HOUR_WITH_MINUTE_TOO_LONG: 'the time is too long for HHMM',
  HOUR_TOO_SHORT: 'the hour is too short for HH',
  HOUR_TOO_LONG: 'the hour is too long for HH',
  MINUTE_TOO_SHORT: 'the minute is too short for MM',
  MINUTE_TOO_LONG: 'the minute is too long for MM',
  SECOND_TOO_SHORT: 'the second is too short for SS',
  SECOND_TOO_LONG: 'the second is too long for SS',
  ILLEGAL_MONTH: 'the date has an illegal month',
  ILLEGAL_DAY: 'the date has an illegal day of the month',
  ILLEGAL_HOUR: 'the time has an illegal hour',
  ILLEGAL_MINUTE: 'the time has an illegal minute',
  ILLEGAL_SECOND: 'the time has an illegal second',
  INVALID_LENGTH_FOR_PIECE_OF_TOTAL: 'piece and total must have the same number of digits',
  ZERO_PIECE_NUMBER: 'the piece number must not be zero',
  ZERO_TOTAL_PIECES: 'the piece total must not be zero',
  PIECE_NUMBER_EXCEEDS_TOTAL: 'the piece number exceeds the piece total',
  INVALID_PERCENT_SEQUENCE: 'an invalid percent-encoding (%hh) sequence was found',
  COUPON_MISSING_FORMAT_CODE: "the coupon's format code is missing",
  COUPON_INVALID_FORMAT_CODE: 'the coupon\'s format code must be "0" or "1"',
  COUPON_MISSING_FUNDER_VLI: "the coupon's funder length indicator is missing",
  COUPON_INVALID_FUNDER_LENGTH: 'the coupon\'s funder length indicator must be "0" to "6"',
  COUPON_TRUNCATED_FUNDER: "the coupon's funder is shorter than its length indicator says",
  COUPON_TRUNCATED_OFFER_CODE: "the coupon's offer code is shorter than six digits",
  COUPON_MISSING_SERIAL_NUMBER_VLI: "the coupon's serial number length indicator is missing",
  COUPON_TRUNCATED_SERIAL_NUMBER: "the coupon's serial number is shorter than its length indicator says",
  COUPON_MISSING_GCP_VLI: "the coupon's GS1 Company Prefix length indicator is missing",
  COUPON_INVALID_GCP_LENGTH: 'the coupon\'s GS1 Company Prefix length indicator must be "0" to "6"',
  COUPON_TRUNCATED_GCP: "the coupon's GS1 Company Prefix is shorter than its length indicator says",
  COUPON_MISSING_SAVE_VALUE_VLI: "the coupon's save value length indicator is missing",
  COUPON_INVALID_SAVE_VALUE_LENGTH: 'the coupon\'s save value length indicator must be "1" to "5"',
  COUPON_TRUNCATED_SAVE_VALUE: "the coupon's save value is shorter than its length indicator says",
  COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_VLI:
    "the coupon's first purchase requirement length indicator is missing",
  COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_LENGTH:
    'the coupon\'s first purchase requirement length indicator must be "1" to "5"',
  COUPON_TRUNCATED_1ST_PURCHASE_REQUIREMENT:
    "the coupon's first purchase requirement is shorter than its length indicator says",
  COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_CODE: "the coupon's first purchase requirement code is missing",
  COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_CODE:
    'the coupon\'s first purchase requirement code must be "0" to "4" or "9"',
  COUPON_TRUNCATED_1ST_PURCHASE_FAMILY_CODE:
    "the coupon's first purchase family code is shorter than three digits",
  COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE: "the coupon's additional purchase rules code is missing",
  COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE:
    'the coupon\'s additional purchase rules code must be "0" to "3"',
  COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_VLI:
    "the coupon's second purchase requirement length indicator is missing",
  COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_LENGTH:
    'the coupon\'s second purchase requirement length indicator must be "1" to "5"',
  COUPON_TRUNCATED_2ND_PURCHASE_REQUIREMENT:
    "the coupon's second purchase requirement is shorter than its length indicator says",
  COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_CODE: "the coupon's second purchase requirement code is missing",
  COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_CODE:
    'the coupon\'s second purchase requirement code must be "0" to "4" or "9"',
  COUPON_TRUNCATED_2ND_PURCHASE_FAMILY_CODE:
    "the coupon's second purchase family code is shorter than three digits",
  COUPON_MISSING_2ND_PURCHASE_GCP_VLI:
    "the coupon's second purchase company prefix length indicator is missing",
  COUPON_INVALID_2ND_PURCHASE_GCP_LENGTH:
    'the coupon\'s second purchase company prefix length indicator must be "0" to "6" or "9"',
  COUPON_TRUNCATED_2ND_PURCHASE_GCP:
    "the coupon's second purchase company prefix is shorter than its length indicator says",
  COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_VLI:
    "the coupon's third purchase requirement length indicator is missing",
  COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_LENGTH:
    'the coupon\'s third purchase requirement length indicator must be "1" to "5"',
  COUPON_TRUNCATED_3RD_PURCHASE_REQUIREMENT:
    "the coupon's third purchase requirement is shorter than its length indicator says",
  COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_CODE: "the coupon's third purchase requirement code is missing",
  COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_CODE:
    'the coupon\'s third purchase requirement code must be "0" to "4" or "9"',
  COUPON_TRUNCATED_3RD_PURCHASE_FAMILY_CODE:
    "the coupon's third purchase family code is shorter than three digits",
  COUPON_MISSING_3RD_PURCHASE_GCP_VLI:
    "the coupon's third purchase company prefix length indicator is missing",
  COUPON_INVALID_3RD_PURCHASE_GCP_LENGTH:
    'the coupon\'s third purchase company prefix length indicator must be "0" to "6" or "9"',
  COUPON_TRUNCATED_3RD_PURCHASE_GCP:
    "the coupon's third purchase company prefix is shorter than its length indicator says",
  COUPON_TOO_SHORT_FOR_EXPIRATION_DATE: "the coupon's expiration date is shorter than YYMMDD",
  COUPON_INVALID_EXIPIRATION_DATE: "the coupon's expiration date is not a valid date",
  COUPON_TOO_SHORT_FOR_START_DATE: "the coupon's start date is shorter than YYMMDD",
  COUPON_INVALID_START_DATE: "the coupon's start date is not a valid date",
  COUPON_EXPIRATION_BEFORE_START: "the coupon's expiration date precedes its start date",
  COUPON_MISSING_RETAILER_GCP_OR_GLN_VLI: "the coupon's retailer GCP/GLN length indicator is missing",
  COUPON_INVALID_RETAILER_GCP_OR_GLN_LENGTH:
    'the coupon\'s retailer GCP/GLN length indicator must be "1" to "7"',
  COUPON_TRUNCATED_RETAILER_GCP_OR_GLN:
    "the coupon's retailer GCP/GLN is shorter than its length indicator says",
  COUPON_MISSING_SAVE_VALUE_CODE: "the coupon's save value code is missing",
  COUPON_INVALID_SAVE_VALUE_CODE: 'the coupon\'s save value code must be "0", "1", "2", "5" or "6"',
  COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM: "the coupon's save-value-applies-to-item code is missing",
  COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM:
    'the coupon\'s save-value-applies-to-item code must be "0" to "2"',
  COUPON_MISSING_STORE_COUPON_FLAG: "the coupon's store coupon flag is missing",
  COUPON_MISSING_DONT_MULTIPLY_FLAG: "the coupon's don't-multiply flag is missing",
  COUPON_INVALID_DONT_MULTIPLY_FLAG: 'the coupon\'s don\'t-multiply flag must be "0" or "1"',
  COUPON_EXCESS_DATA: 'the coupon has data after its recognised optional fields',
  INVALID_LATITUDE: 'the latitude is outside 0000000000 to 1800000000',
  INVALID_LONGITUDE: 'the longitude is outside 0000000000 to 3600000000',
  NOT_HYPHEN: 'only hyphens are permitted',
  INVALID_BIOLOGICAL_SEX_CODE: 'the biological sex code must be "0", "1", "2" or "9" (ISO/IEC 5218)',
  POSITION_IN_SEQUENCE_MALFORMED: 'the value must have the form <position>/<end>',
  POSITION_EXCEEDS_END: 'the position exceeds the end of the sequence',
  INVALID_PACKAGE_TYPE: 'not a PackageTypeCode of the GS1 code list',
  INVALID_MEDIA_TYPE: 'not an AIDC media type code',
  REQUIRES_NON_DIGIT_CHARACTER: 'at least one non-digit character is required',
} as const;

/** A content rule, e.g. `INCORRECT_CHECK_DIGIT` or `ILLEGAL_DAY`. */
export type LintRule = keyof typeof LINT_MESSAGES;

/** Where a component breaks a rule: `offset` and `length` are relative to the component start. */
export interface LintFailure {
  readonly rule: LintRule;
  readonly offset: number;
  readonly length: number;
}

/** A content rule applied to `s[start, end)`. */
export type Linter = (s: string, start: number, end: number) => LintFailure | undefined;

/** Builds a failure at `offset` (relative to the component start) spanning `length` characters. */
export function fail(rule: LintRule, offset: number, length: number): LintFailure {
  return { rule, offset, length };
}
