/**
 * Every issue code the barcode module can emit, and the mapping from a broken component rule to
 * its code. Issues carry the position in the input (`params.position`, 0-based).
 */
import { type Issue, type IssueCodeTable, issue } from '@medsupply/validators';
import type { LinterName } from './ai-row.js';

const CODES = {
  GS1_INPUT_TOO_LONG: {
    severity: 'error',
    description: 'The input is longer than the parser accepts (see `maxLength`).',
  },
  GS1_SYNTAX: {
    severity: 'error',
    description:
      'The element string cannot be read: a bracket, the FNC1 in first position or a value is missing, or a value contains `^`.',
  },
  GS1_AI_UNKNOWN: {
    severity: 'error',
    description:
      'An Application Identifier that the GS1 General Specifications do not define, or data that starts with none.',
  },
  GS1_TOO_MANY_AIS: { severity: 'error', description: 'More than 64 AIs in one input.' },
  GS1_AI_VALUE_LENGTH: {
    severity: 'error',
    description: 'An AI value is empty, too short, too long, or does not fill its fixed-length components.',
  },
  GS1_AI_CHARSET: {
    severity: 'error',
    description:
      'An AI value has a character outside its character set (digits, CSET 82, CSET 39 or base64url).',
  },
  GS1_AI_CHECK_DIGIT: {
    severity: 'error',
    description: 'A GTIN, SSCC, GLN or other numeric key has a wrong mod-10 check digit.',
  },
  GS1_AI_CHECK_PAIR: {
    severity: 'error',
    description: 'An alphanumeric key (GMN 8013, MUDI 8014) has a wrong check character pair.',
  },
  GS1_AI_DATE: {
    severity: 'error',
    description: 'A date in an AI value is not a real calendar date (YYMMDD or YYYYMMDD).',
  },
  GS1_AI_TIME: {
    severity: 'error',
    description: 'A time in an AI value has an illegal hour, minute or second.',
  },
  GS1_AI_COUNTRY: {
    severity: 'error',
    description: 'Not an ISO 3166-1 country code where the AI requires one.',
  },
  GS1_AI_CURRENCY: {
    severity: 'error',
    description: 'Not an ISO 4217 numeric currency code where the AI requires one.',
  },
  GS1_AI_COMPANY_PREFIX: {
    severity: 'error',
    description: 'A key does not start with digits where its GS1 Company Prefix must be.',
  },
  GS1_AI_COUPON: {
    severity: 'error',
    description: 'A North American coupon code (AI 8110, 8112) is malformed.',
  },
  GS1_AI_IBAN: {
    severity: 'error',
    description: 'An IBAN (AI 8007) is malformed or has wrong check characters.',
  },
  GS1_AI_VALUE: {
    severity: 'error',
    description:
      'An AI value breaks another content rule (zero or non-zero value, flag, piece of total, percent-encoding, code list…).',
  },
  GS1_AI_EXCLUSIVE: {
    severity: 'error',
    description: 'Two AIs that must not appear together do (GenSpecs §4.14.1).',
  },
  GS1_AI_REQUISITE: {
    severity: 'error',
    description: 'An AI appears without an AI it requires (GenSpecs §4.14.2).',
  },
  GS1_AI_REPEAT_CONFLICT: {
    severity: 'error',
    description: 'An AI appears more than once with different values.',
  },
  GS1_DIGSIG_SERIAL_MISSING: {
    severity: 'error',
    description: 'A digital signature (8030) accompanies a GDTI, GCN or GRAI without its serial component.',
  },
  GS1_SYMBOLOGY_ID_MISSING: {
    severity: 'error',
    description: 'Scan data does not start with a symbology identifier such as `]d2`.',
  },
  GS1_SYMBOLOGY_ID_UNSUPPORTED: {
    severity: 'error',
    description: 'Scan data has a symbology identifier of no GS1 barcode.',
  },
  GS1_PRIMARY_MESSAGE_INVALID: {
    severity: 'error',
    description:
      'The EAN/UPC primary message of scan data has the wrong length, a non-digit or a wrong check digit.',
  },
  GS1_DL_URI_INVALID: {
    severity: 'error',
    description:
      'Not a URI that can be a GS1 Digital Link: illegal characters, scheme, domain or missing path.',
  },
  GS1_DL_NO_PRIMARY_KEY: {
    severity: 'error',
    description: 'The Digital Link URI path has no primary key such as `/01/…`.',
  },
  GS1_DL_KEY_QUALIFIERS: {
    severity: 'error',
    description:
      'The AIs in the Digital Link path are not the primary key followed by its qualifiers in their order.',
  },
  GS1_DL_QUALIFIER_IN_QUERY: {
    severity: 'error',
    description: 'A key qualifier (such as lot or serial) is a query parameter but belongs in the path.',
  },
  GS1_DL_NOT_DATA_ATTRIBUTE: {
    severity: 'error',
    description: 'An AI that is not a Digital Link data attribute is a query parameter.',
  },
  GS1_DL_DUPLICATE_AI: { severity: 'error', description: 'An AI appears twice in a Digital Link URI.' },
  GS1_DL_EMPTY_VALUE: { severity: 'error', description: 'An AI in a Digital Link URI has an empty value.' },
  GS1_DL_NUL_CHARACTER: {
    severity: 'error',
    description: 'A percent-decoded Digital Link value contains a NUL character.',
  },
  GS1_GS_WRITTEN_OUT: {
    severity: 'warning',
    description:
      'The input writes the group separator as the four characters `<GS>`, as GS1 guides print it; it was read as ASCII 29 (FNC1). Send the real character to silence this.',
  },
  GS1_PLAIN_DATA: {
    severity: 'info',
    description:
      'The input holds no GS1 AI data; it is accepted as plain data, like the GS1 Syntax Engine does.',
  },
  GS1_DL_NOT_BUILT: {
    severity: 'info',
    description:
      'The AIs have a primary key but cannot form a Digital Link URI (an AI is no Digital Link data attribute).',
  },
} as const satisfies IssueCodeTable;

/** The issue codes of GS1 barcode and Digital Link parsing, for the reference documentation. */
export const gs1BarcodeIssueCodes: IssueCodeTable = CODES;

/** One issue code of this module. */
export type Gs1BarcodeIssueCode = keyof typeof CODES;

/** Builds an issue with the severity of its code; the path is `''` (the input as a whole). */
export function gs1Issue(
  code: Gs1BarcodeIssueCode,
  message: string,
  params?: Record<string, unknown>,
): Issue {
  return issue(CODES[code].severity, code, '', message, params);
}

/** The issue code for a broken rule of the given component linter (`undefined`: the character set). */
export function codeForLinter(linter: LinterName | undefined): Gs1BarcodeIssueCode {
  switch (linter) {
    case undefined:
      return 'GS1_AI_CHARSET';
    case 'csum':
      return 'GS1_AI_CHECK_DIGIT';
    case 'csumalpha':
      return 'GS1_AI_CHECK_PAIR';
    case 'yymmd0':
    case 'yymmdd':
    case 'yyyymmdd':
      return 'GS1_AI_DATE';
    case 'hhmi':
    case 'hh':
    case 'mi':
    case 'ss':
      return 'GS1_AI_TIME';
    case 'iso3166':
    case 'iso3166999':
    case 'iso3166alpha2':
      return 'GS1_AI_COUNTRY';
    case 'iso4217':
      return 'GS1_AI_CURRENCY';
    case 'gcppos1':
    case 'gcppos2':
      return 'GS1_AI_COMPANY_PREFIX';
    case 'couponcode':
    case 'couponposoffer':
      return 'GS1_AI_COUPON';
    case 'iban':
      return 'GS1_AI_IBAN';
    default:
      return 'GS1_AI_VALUE';
  }
}
