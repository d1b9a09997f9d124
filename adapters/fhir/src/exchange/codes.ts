import type { IssueCodeTable } from '@medsupply/validators';

/**
 * Codes raised while exchanging documents with a FHIR server (`medsupply fhir push|pull`). Paths
 * point into the canonical document; the FHIR side is named in params: `entry` (index in the Bundle
 * sent), `resourceType`, `identifier`, `status`, `diagnostics`, or `resource` (`Type/id`) on pull.
 */
export const fhirExchangeIssueCodes: IssueCodeTable = {
  FHIR_DOCUMENT_NOT_CONVERTED: {
    severity: 'error',
    description:
      'A canonical document could not be mapped to FHIR, so it was not sent (the mapping issues follow).',
  },
  FHIR_ENTRY_REJECTED: {
    severity: 'error',
    description:
      'The server refused one entry of a batch or transaction (`params.status`, OperationOutcome text in the message).',
  },
  FHIR_TRANSACTION_REJECTED: {
    severity: 'error',
    description: 'The server refused a transaction as a whole, so none of its entries was stored.',
  },
  FHIR_REQUEST_FAILED: {
    severity: 'error',
    description:
      'A request failed for good: an HTTP error that is not retried, or retries used up on 429, 5xx, timeouts or dropped connections.',
  },
  FHIR_RETRY_AFTER_TOO_LONG: {
    severity: 'error',
    description:
      'The server asked to wait (`Retry-After`) longer than the client is allowed to; the request was not repeated.',
  },
  FHIR_RESPONSE_INVALID: {
    severity: 'error',
    description:
      'A response is not what FHIR prescribes (not a Bundle, or a batch/transaction response whose entries do not match the request).',
  },
  FHIR_RESPONSE_DUPLICATE_MEMBER: {
    severity: 'error',
    description:
      'A server response names one member twice in the same object (the message says where); parsers disagree on which value counts, so the response is not used.',
  },
  FHIR_BATCH_FALLBACK: {
    severity: 'info',
    description:
      'A transaction was refused as a whole and was sent again as a batch, as asked with `--batch-fallback`.',
  },
  FHIR_SEARCH_OUTCOME: {
    severity: 'warning',
    description:
      'A search result carries an OperationOutcome (for example an unknown search parameter that the server ignored).',
  },
  FHIR_PAGING_STOPPED: {
    severity: 'error',
    description:
      'Paging stopped early: a `next` link leaves the server (never followed, so the token cannot leak), repeats a page, or the page limit was reached.',
  },
  FHIR_REDIRECT_REFUSED: {
    severity: 'error',
    description:
      'The server answered with a redirect that was not followed: to another origin than `--server` (nothing is sent there), one that would turn a POST into a GET, or more than 5 in a row. Redirects within the origin are followed without the token.',
  },
  FHIR_RESPONSE_TOO_LARGE: {
    severity: 'error',
    description:
      'A response body is larger than the cap (`--max-response-mb`, 64 MiB by default); reading stopped there and the request is not retried.',
  },
  FHIR_SEARCH_PAGE_INVALID: {
    severity: 'error',
    description:
      'A search page is not a well-formed searchset: `entry` or `link` is not an array, an entry is not an object, or a `next` link has no string `url`. The pull stops and writes nothing.',
  },
  FHIR_REFERENCE_NOT_READ: {
    severity: 'warning',
    description: 'A resource refers to another that could not be read from the server.',
  },
  FHIR_PULL_INCOMPLETE: {
    severity: 'error',
    description:
      'A pull stopped early (see the issue before it), so it wrote no document rather than partial ones.',
  },
  FHIR_PULL_LIMIT: {
    severity: 'error',
    description: 'The search matched more resources than one pull may hold; narrow it with `--since`.',
  },
};
