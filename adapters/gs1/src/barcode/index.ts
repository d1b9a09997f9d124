// GS1 barcodes: Application Identifiers, element strings, scan data and GS1 Digital Link URIs.
export {
  aiTable,
  lookupAi,
  type AiEntry,
  type AiCharset,
  type AiComponent,
  type LinterName,
} from './ai-table.js';
export {
  buildDigitalLinkUri,
  buildElementString,
  toDigitalLink,
  toElementString,
  type BuildDigitalLinkOptions,
  type BuildElementStringOptions,
  type ElementStringStyle,
  type Gs1BuildResult,
} from './build.js';
export { dlPathsOfKey, isDigitalLinkPath } from './dl-keys.js';
export { gs1BarcodeIssueCodes, type Gs1BarcodeIssueCode } from './issues.js';
export { lintValue, LINT_MESSAGES, type LintFailure, type LintRule } from './lint/index.js';
export { parseDigitalLink, parseElementString, parseGs1, type Gs1ResultOptions } from './parse.js';
export { uriEscape, uriUnescape } from './percent.js';
export type { Gs1Ai, Gs1InputSyntax, Gs1ParseOptions, Gs1ParseResult, Gs1Syntax } from './types.js';
