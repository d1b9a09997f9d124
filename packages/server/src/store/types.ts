/**
 * The store behind the exchange server: a small interface so the HTTP layer (and later a queue
 * worker) never depends on which database holds the documents. Both implementations speak
 * PostgreSQL: embedded (PGlite) or a server reached through DATABASE_URL.
 */
import type { Issue } from '@medsupply/validators';

/** What a stored document's lifecycle state is. */
export type DocumentState = 'active' | 'replaced' | 'cancelled';

/** A valid document ready to store: its bytes as submitted and what the server indexes. */
export interface PreparedDocument {
  documentId: string;
  documentType: string;
  schemaVersion: string;
  documentStatus: 'original' | 'replace' | 'cancel';
  supersedes?: string;
  /** Envelope `createdAt`, as sent. */
  createdAt: string;
  /** Sender identifier as `system|value`. */
  sender: string;
  /** Keys a `sender=` filter matches (`value` and `system|value`). */
  senderKeys: string[];
  /** Keys a `product=` filter matches. */
  products: string[];
  /** Keys a `location=` filter matches. */
  locations: string[];
  /** SHA-256 (hex) of the canonical JSON form: equal for the same content however it is spaced. */
  contentHash: string;
  /** The bytes as submitted. */
  body: Uint8Array;
  /** Warnings found by validation (stored documents never have errors). */
  warnings: Issue[];
}

/** What the server knows about a stored document. */
export interface StoredMeta {
  documentId: string;
  documentType: string;
  schemaVersion: string;
  documentStatus: 'original' | 'replace' | 'cancel';
  status: DocumentState;
  supersedes?: string;
  replacedBy?: string;
  createdAt: string;
  receivedAt: string;
  /** Position in storage order, as a decimal string (it is a 64-bit integer). */
  sequence: string;
  sender: string;
  contentHash: string;
}

/** The outcome of storing one document. */
export type PutOutcome =
  | { outcome: 'created'; meta: StoredMeta }
  | { outcome: 'identical'; meta: StoredMeta }
  | { outcome: 'conflict'; code: 'DOCUMENT_ID_CONFLICT' | 'ALREADY_SUPERSEDED'; message: string };

/** Filters of `GET /v1/documents`; every one is optional and they combine with AND. */
export interface DocumentFilter {
  documentType?: string;
  sender?: string;
  location?: string;
  product?: string;
  /** Inclusive lower bound on envelope `createdAt` (ISO 8601). */
  from?: string;
  /** Exclusive upper bound on envelope `createdAt`. */
  to?: string;
  status?: DocumentState;
}

/** How a bulk job treats records that cannot be stored. */
export type BulkMode = 'best-effort' | 'all-or-nothing';

/** A bulk job's stored state. */
export interface BulkJobState {
  id: string;
  mode: BulkMode;
  status: 'running' | 'done' | 'failed';
  received: number;
  accepted: number;
  identical: number;
  rejected: number;
  bytes: number;
  createdAt: string;
  finishedAt?: string;
  error?: string;
  /**
   * Queue mode: how many records the job holds, set once the whole submission was acknowledged
   * (published); the job is done when `received` reaches it.
   */
  expected?: number;
  /** Where the submitted body is spooled until the job is done (empty in queue mode). */
  spoolPath: string;
}

/** One record of a bulk job that was not stored as a new document. */
export interface BulkResult {
  index: number;
  line: number;
  documentId?: string;
  outcome: 'invalid' | 'conflict' | 'identical';
  issues: Issue[];
}

/** Counters a bulk batch adds to its job, committed with the batch's documents. */
export interface BulkProgress {
  jobId: string;
  received: number;
  accepted: number;
  identical: number;
  rejected: number;
  results: BulkResult[];
}

/**
 * The outcome of one record of a queued job, recorded once per (job, index) however often its message
 * is delivered: the job's counters grow only by outcomes recorded for the first time.
 */
export interface QueuedResult {
  jobId: string;
  index: number;
  line: number;
  documentId?: string;
  /** `accepted`: stored as a new document (not listed among the job's results). */
  outcome: 'accepted' | 'invalid' | 'conflict' | 'identical';
  issues: Issue[];
}

/** A queue message that names no job and could not be stored, with why. */
export interface QueueRejection {
  /** Message id, or `seq:<stream sequence>` when it has none. */
  messageKey: string;
  documentId?: string;
  subject: string;
  issues: Issue[];
}

/** A registered webhook. */
export interface SubscriptionState {
  id: string;
  url: string;
  documentTypes: string[];
  secret: string;
  createdAt: string;
  pending: number;
  delivered: number;
  lastError: string | null;
}

/** A delivery waiting to be sent: the head of one subscription's queue. */
export interface PendingDelivery {
  id: string;
  subscriptionId: string;
  url: string;
  secret: string;
  attempts: number;
  meta: StoredMeta;
  body: Uint8Array;
}

/** Writes that must commit together (documents with the bulk counters and webhook deliveries). */
export interface StoreTransaction {
  /** Stores documents; identical ones are no-ops, conflicting ones are refused. */
  putDocuments(documents: readonly PreparedDocument[]): Promise<PutOutcome[]>;
  /** Adds a batch's counters and results to its bulk job. */
  recordBulkProgress(progress: BulkProgress): Promise<void>;
  /** Queue mode: records outcomes not recorded before and counts them; ends jobs that are complete. */
  recordQueuedResults(results: readonly QueuedResult[]): Promise<void>;
  /** Queue mode: records poison messages that name no job (once per message key). */
  recordQueueRejections(rejections: readonly QueueRejection[]): Promise<void>;
}

/** The store. Every method is safe to call concurrently. */
export interface DocumentStore extends StoreTransaction {
  /** `pglite` (embedded) or `postgresql`. */
  readonly kind: 'pglite' | 'postgresql';
  /** Runs `work` in one transaction: all of its writes commit, or (when it throws) none. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  getDocument(documentId: string): Promise<{ meta: StoredMeta; body: Uint8Array } | undefined>;
  /** Documents after `afterSequence` in storage order, filtered, at most `limit`. */
  listDocuments(
    filter: DocumentFilter,
    afterSequence: string | undefined,
    limit: number,
  ): Promise<StoredMeta[]>;
  createBulkJob(job: BulkJobState): Promise<void>;
  getBulkJob(id: string): Promise<BulkJobState | undefined>;
  listBulkJobs(limit: number): Promise<BulkJobState[]>;
  /** Results of a job with index above `afterIndex`, in index order. */
  bulkResults(id: string, afterIndex: number, limit: number): Promise<BulkResult[]>;
  /** Marks a job done or failed. */
  finishBulkJob(id: string, status: 'done' | 'failed', error?: string): Promise<void>;
  /** Queue mode: the submission is acknowledged with `expected` records; done when all are decided. */
  setBulkExpected(id: string, expected: number, bytes: number): Promise<void>;
  /**
   * Queue mode: fails jobs whose server died before acknowledging them (no `expected` after
   * `olderThanMs`); their client got no `202`. Returns how many.
   */
  failAbandonedQueueJobs(olderThanMs: number): Promise<number>;
  /** Queue mode: poison messages that named no job, newest first. */
  listQueueRejections(limit: number): Promise<QueueRejection[]>;
  /** Resets a job's counters and results (an all-or-nothing job restarting from the top). */
  resetBulkJob(id: string): Promise<void>;
  createSubscription(
    subscription: Omit<SubscriptionState, 'pending' | 'delivered' | 'lastError'>,
  ): Promise<void>;
  listSubscriptions(): Promise<SubscriptionState[]>;
  getSubscription(id: string): Promise<SubscriptionState | undefined>;
  deleteSubscription(id: string): Promise<boolean>;
  /** The first due delivery of every subscription whose head is due (order per subscription). */
  dueDeliveries(now: Date, limit: number): Promise<PendingDelivery[]>;
  deliverySucceeded(id: string): Promise<void>;
  deliveryFailed(id: string, error: string, retryAt: Date): Promise<void>;
  /** Answers when the database does. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
