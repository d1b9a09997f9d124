export {
  FhirExchangeClient,
  FhirRequestError,
  checkBaseUrl,
  checkToken,
  type FhirExchangeClientOptions,
  type FhirFailureReason,
  type FhirReply,
  type RetryEvent,
} from './client.js';
export { fhirExchangeIssueCodes } from './codes.js';
export {
  DOCUMENT_SEARCHES,
  documentSearch,
  pullTypeNames,
  type DocumentSearch,
  type PullableDocumentType,
} from './document-search.js';
export { blamedEntry, entryStatusCode, outcomeDiagnostics } from './outcome.js';
export {
  checkSince,
  pullDocuments,
  referencesOf,
  type FromFhir,
  type PullOptions,
  type PullResult,
} from './pull.js';
export {
  isIdempotentEntry,
  isStoredOutcome,
  pushBundle,
  pushDocuments,
  type PushBundleOptions,
  type PushBundleResult,
  type PushBundleType,
  type PushDocumentReport,
  type PushDocumentsOptions,
  type PushEntryOutcome,
  type PushEntryReport,
  type PushRecord,
  type ToFhirBundle,
} from './push.js';
export {
  addToPushSummary,
  createPushSummary,
  formatIssue,
  formatPullSummary,
  formatPushReport,
  formatPushSummary,
  redactSecrets,
  type PushSummary,
} from './report.js';
export {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyNetworkError,
  classifyStatus,
  decideRetry,
  parseRetryAfter,
  type FailureKind,
  type RetryDecision,
  type RetryPolicy,
} from './retry.js';
