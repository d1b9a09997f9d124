/** The limits the server enforces and advertises (health, the `Medsupply-Limits` header, 413s). */
export interface ServerLimits {
  /** One document (`POST /v1/documents`), and one record of a bulk submission. */
  maxDocumentBytes: number;
  /** One bulk submission. */
  maxBulkBytes: number;
  /** Records in one bulk submission. */
  maxBulkRecords: number;
  /** One `POST /v1/validate` body. */
  maxValidateBytes: number;
  /** Nesting of arrays and objects in one document. */
  maxDepth: number;
  /** Largest `limit` of a list. */
  maxPageSize: number;
}

/** Defaults: room for 1 000 000 typical documents or 1 GiB per bulk submission. */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  maxDocumentBytes: 16 * 1024 * 1024,
  maxBulkBytes: 1024 * 1024 * 1024,
  maxBulkRecords: 1_000_000,
  maxValidateBytes: 64 * 1024 * 1024,
  maxDepth: 128,
  maxPageSize: 1000,
};

/** The `Medsupply-Limits` header value. */
export function limitsHeader(limits: ServerLimits): string {
  return `document=${limits.maxDocumentBytes}, bulk=${limits.maxBulkBytes}, records=${limits.maxBulkRecords}, validate=${limits.maxValidateBytes}, depth=${limits.maxDepth}`;
}
