import type { IssueCodeTable } from '@medsupply/validators';

/**
 * Codes the exchange server answers with (in problem documents and bulk results), beside the
 * validation codes of the documents themselves. Stable: never renamed or reused.
 */
export const serverIssueCodes: IssueCodeTable = {
  DOCUMENT_INVALID: {
    severity: 'error',
    description: 'The submitted document is invalid; the problem lists every issue with its JSON Pointer.',
  },
  BODY_MALFORMED: {
    severity: 'error',
    description: 'The request body is not well-formed (not UTF-8, not JSON, or not of the declared shape).',
  },
  DOCUMENT_ID_CONFLICT: {
    severity: 'error',
    description:
      'The documentId is already stored with different content; send a replacement with a new documentId.',
  },
  ALREADY_SUPERSEDED: {
    severity: 'error',
    description: 'The document named in supersedes is already replaced or cancelled.',
  },
  BODY_TOO_LARGE: { severity: 'error', description: 'The request body is larger than the advertised limit.' },
  TOO_MANY_RECORDS: {
    severity: 'error',
    description: 'A bulk submission has more records than the advertised limit; the rest were not read.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    severity: 'error',
    description: 'The body is not of a media type the operation takes.',
  },
  BAD_PARAMETER: {
    severity: 'error',
    description: 'A query or path parameter is not valid (the detail names it).',
  },
  BAD_CURSOR: { severity: 'error', description: 'A paging cursor is not one this server issued.' },
  UNAUTHORIZED: { severity: 'error', description: 'No bearer token, or one the server does not know.' },
  FORBIDDEN: { severity: 'error', description: 'The bearer token lacks the scope the operation needs.' },
  NOT_FOUND: { severity: 'error', description: 'No such resource.' },
  STORE_UNAVAILABLE: { severity: 'error', description: 'The database does not answer.' },
  QUEUE_UNAVAILABLE: {
    severity: 'error',
    description:
      'Queue mode: the queue did not acknowledge every record of the submission, so none is acknowledged; submit again.',
  },
  QUEUE_GAVE_UP: {
    severity: 'error',
    description:
      'Queue mode: a message was delivered the maximum number of times without being stored; it is recorded as rejected instead of being dropped.',
  },
  MESSAGE_UNREADABLE: { severity: 'error', description: 'Queue mode: a queued message could not be read.' },
  INTERNAL: { severity: 'error', description: 'An unexpected server error (logged on the server).' },
};
