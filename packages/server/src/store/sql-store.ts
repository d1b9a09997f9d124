/**
 * The store on PostgreSQL, whatever the driver (PGlite embedded, or `pg` against a server): one set
 * of SQL, so both stores behave the same and run the same test suite.
 */
import { SCHEMA_SQL } from './schema.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import type {
  BulkJobState,
  BulkProgress,
  BulkResult,
  DocumentFilter,
  DocumentStore,
  PendingDelivery,
  PutOutcome,
  QueueRejection,
  QueuedResult,
  StoreTransaction,
  StoredMeta,
  SubscriptionState,
} from './types.js';

/** Any 64-bit key: taken by every writing transaction on a server so sequence numbers commit in order. */
const SEQUENCE_LOCK = 7_270_001;

const META_COLUMNS = `seq::text AS sequence, document_id, document_type, schema_version, document_status, supersedes,
  status, replaced_by, created_at_text, received_at, sender, content_hash`;

interface MetaRow {
  sequence: string;
  document_id: string;
  document_type: string;
  schema_version: string;
  document_status: StoredMeta['documentStatus'];
  supersedes: string | null;
  status: StoredMeta['status'];
  replaced_by: string | null;
  created_at_text: string;
  received_at: Date | string;
  sender: string;
  content_hash: string;
}

function toMeta(row: MetaRow): StoredMeta {
  const meta: StoredMeta = {
    documentId: row.document_id,
    documentType: row.document_type,
    schemaVersion: row.schema_version,
    documentStatus: row.document_status,
    status: row.status,
    createdAt: row.created_at_text,
    receivedAt: new Date(row.received_at).toISOString(),
    sequence: row.sequence,
    sender: row.sender,
    contentHash: row.content_hash,
  };
  if (row.supersedes) meta.supersedes = row.supersedes;
  if (row.replaced_by) meta.replacedBy = row.replaced_by;
  return meta;
}

/** `($1, $2, …), ($n, …)` for `rows` rows of `width` parameters. */
function placeholders(rows: number, width: number, casts: readonly string[] = []): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(`$${r * width + c + 1}${casts[c] ?? ''}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

const DOCUMENT_CASTS = [
  '',
  '',
  '',
  '',
  '',
  '',
  '::timestamptz',
  '',
  '',
  '::text[]',
  '::text[]',
  '::text[]',
  '',
  '',
];

/** Issues as jsonb text: jsonb cannot hold U+0000, which an issue may quote from hostile input. */
function issuesJson(issues: unknown): string {
  return JSON.stringify(issues, (_key, value) =>
    typeof value === 'string' ? value.replaceAll('\u0000', '\ufffd') : value,
  );
}

/** Statements that may run inside a transaction. */
function transactionalWrites(sql: SqlQueryable, concurrent: boolean): StoreTransaction {
  return {
    async putDocuments(documents) {
      if (documents.length === 0) return [];
      if (concurrent) await sql.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCE_LOCK]);
      const outcomes: (PutOutcome | undefined)[] = new Array(documents.length);

      // A replacement or cancellation of a document already replaced or cancelled is refused.
      const targets = [...new Set(documents.flatMap((d) => (d.supersedes ? [d.supersedes] : [])))];
      const closed = new Set<string>();
      if (targets.length > 0) {
        const { rows } = await sql.query<{ document_id: string }>(
          `SELECT document_id FROM medsupply_documents WHERE document_id = ANY($1::text[]) AND status <> 'active'`,
          [targets],
        );
        for (const row of rows) closed.add(row.document_id);
      }
      const candidates: number[] = [];
      const claimed = new Set<string>();
      documents.forEach((doc, i) => {
        if (doc.supersedes && (closed.has(doc.supersedes) || claimed.has(doc.supersedes))) {
          outcomes[i] = {
            outcome: 'conflict',
            code: 'ALREADY_SUPERSEDED',
            message: `document ${doc.supersedes} is already replaced or cancelled`,
          };
        } else {
          if (doc.supersedes) claimed.add(doc.supersedes);
          candidates.push(i);
        }
      });

      const params: unknown[] = [];
      for (const i of candidates) {
        const d = documents[i]!;
        params.push(
          d.documentId,
          d.documentType,
          d.schemaVersion,
          d.documentStatus,
          d.supersedes ?? null,
          d.createdAt,
          d.createdAt,
          d.sender,
          d.contentHash,
          d.senderKeys,
          d.products,
          d.locations,
          d.body,
          'active',
        );
      }
      const created = new Map<string, StoredMeta>();
      if (candidates.length > 0) {
        const { rows } = await sql.query<MetaRow>(
          `INSERT INTO medsupply_documents (document_id, document_type, schema_version, document_status, supersedes,
             created_at_text, created_at, sender, content_hash, sender_keys, products, locations, body, status)
           VALUES ${placeholders(candidates.length, 14, DOCUMENT_CASTS)}
           ON CONFLICT (document_id) DO NOTHING
           RETURNING ${META_COLUMNS}`,
          params,
        );
        for (const row of rows) created.set(row.document_id, toMeta(row));
      }

      if (created.size > 0) {
        const ids = [...created.keys()];
        // A document that arrives after its replacement or cancellation is stored already closed.
        const late = await sql.query<{
          document_id: string;
          status: StoredMeta['status'];
          replaced_by: string;
        }>(
          `UPDATE medsupply_documents d
             SET status = CASE s.document_status WHEN 'cancel' THEN 'cancelled' ELSE 'replaced' END,
                 replaced_by = s.document_id
           FROM medsupply_documents s
           WHERE s.supersedes = d.document_id AND d.document_id = ANY($1::text[]) AND d.status = 'active'
           RETURNING d.document_id, d.status, d.replaced_by`,
          [ids],
        );
        for (const row of late.rows) {
          const meta = created.get(row.document_id)!;
          meta.status = row.status;
          meta.replacedBy = row.replaced_by;
        }
        const replacing = [...created.values()].filter((m) => m.supersedes);
        if (replacing.length > 0) {
          await sql.query(
            `UPDATE medsupply_documents d
               SET status = CASE s.document_status WHEN 'cancel' THEN 'cancelled' ELSE 'replaced' END,
                   replaced_by = s.document_id
             FROM medsupply_documents s
             WHERE s.document_id = ANY($1::text[]) AND d.document_id = s.supersedes AND d.status = 'active'`,
            [replacing.map((m) => m.documentId)],
          );
        }
        await sql.query(
          `INSERT INTO medsupply_deliveries (subscription_id, document_seq)
           SELECT s.id, d.seq FROM medsupply_documents d
           JOIN medsupply_subscriptions s ON d.document_type = ANY(s.document_types)
           WHERE d.document_id = ANY($1::text[]) ORDER BY d.seq`,
          [ids],
        );
      }

      // Not inserted: the documentId was stored before (or earlier in this batch).
      const seen = new Set<string>();
      const missing = candidates.filter((i) => {
        const id = documents[i]!.documentId;
        if (created.has(id) && !seen.has(id)) {
          seen.add(id);
          outcomes[i] = { outcome: 'created', meta: created.get(id)! };
          return false;
        }
        return true;
      });
      if (missing.length > 0) {
        const { rows } = await sql.query<MetaRow>(
          `SELECT ${META_COLUMNS} FROM medsupply_documents WHERE document_id = ANY($1::text[])`,
          [missing.map((i) => documents[i]!.documentId)],
        );
        const existing = new Map(rows.map((row) => [row.document_id, toMeta(row)]));
        for (const i of missing) {
          const doc = documents[i]!;
          const meta = existing.get(doc.documentId);
          outcomes[i] =
            meta && meta.contentHash === doc.contentHash
              ? { outcome: 'identical', meta }
              : {
                  outcome: 'conflict',
                  code: 'DOCUMENT_ID_CONFLICT',
                  message: `documentId ${doc.documentId} is already stored with different content`,
                };
        }
      }
      return outcomes as PutOutcome[];
    },

    async recordBulkProgress(progress: BulkProgress) {
      await sql.query(
        `UPDATE medsupply_bulk_jobs SET received = received + $2, accepted = accepted + $3,
           identical = identical + $4, rejected = rejected + $5 WHERE id = $1`,
        [progress.jobId, progress.received, progress.accepted, progress.identical, progress.rejected],
      );
      if (progress.results.length === 0) return;
      const params: unknown[] = [];
      for (const r of progress.results)
        params.push(progress.jobId, r.index, r.line, r.documentId ?? null, r.outcome, issuesJson(r.issues));
      await sql.query(
        `INSERT INTO medsupply_bulk_results (job_id, idx, line, document_id, outcome, issues)
         VALUES ${placeholders(progress.results.length, 6, ['', '', '', '', '', '::jsonb'])}
         ON CONFLICT (job_id, idx) DO NOTHING`,
        params,
      );
    },

    async recordQueuedResults(results: readonly QueuedResult[]) {
      if (results.length === 0) return;
      // Chunks keep each statement under PostgreSQL's 65 535 parameters.
      const fresh: { job_id: string; outcome: QueuedResult['outcome'] }[] = [];
      for (let start = 0; start < results.length; start += 5000) {
        const chunk = results.slice(start, start + 5000);
        const params: unknown[] = [];
        for (const r of chunk)
          params.push(r.jobId, r.index, r.line, r.documentId ?? null, r.outcome, issuesJson(r.issues));
        const { rows } = await sql.query<{ job_id: string; outcome: QueuedResult['outcome'] }>(
          `INSERT INTO medsupply_bulk_results (job_id, idx, line, document_id, outcome, issues)
           VALUES ${placeholders(chunk.length, 6, ['', '', '', '', '', '::jsonb'])}
           ON CONFLICT (job_id, idx) DO NOTHING RETURNING job_id, outcome`,
          params,
        );
        fresh.push(...rows);
      }
      const counts = new Map<
        string,
        { accepted: number; identical: number; rejected: number; received: number }
      >();
      for (const row of fresh) {
        const count = counts.get(row.job_id) ?? { accepted: 0, identical: 0, rejected: 0, received: 0 };
        count.received++;
        if (row.outcome === 'accepted') count.accepted++;
        else if (row.outcome === 'identical') count.identical++;
        else count.rejected++;
        counts.set(row.job_id, count);
      }
      // Jobs in a fixed order, so two workers' transactions never wait on each other in a cycle.
      for (const [jobId, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1)))
        await sql.query(
          `UPDATE medsupply_bulk_jobs SET received = received + $2, accepted = accepted + $3,
             identical = identical + $4, rejected = rejected + $5,
             status = CASE WHEN expected IS NOT NULL AND received + $2 >= expected AND status = 'running' THEN 'done' ELSE status END,
             finished_at = CASE WHEN expected IS NOT NULL AND received + $2 >= expected AND status = 'running' THEN now() ELSE finished_at END
           WHERE id = $1`,
          [jobId, c.received, c.accepted, c.identical, c.rejected],
        );
    },

    async recordQueueRejections(rejections: readonly QueueRejection[]) {
      if (rejections.length === 0) return;
      const params: unknown[] = [];
      for (const r of rejections)
        params.push(r.messageKey, r.documentId ?? null, r.subject, issuesJson(r.issues));
      await sql.query(
        `INSERT INTO medsupply_queue_rejections (message_key, document_id, subject, issues)
         VALUES ${placeholders(rejections.length, 4, ['', '', '', '::jsonb'])}
         ON CONFLICT (message_key) DO NOTHING`,
        params,
      );
    },
  };
}

interface JobRow {
  id: string;
  mode: BulkJobState['mode'];
  status: BulkJobState['status'];
  received: number;
  accepted: number;
  identical: number;
  rejected: number;
  bytes: string | number;
  created_at: Date | string;
  finished_at: Date | string | null;
  error: string | null;
  spool_path: string;
  expected?: number | null;
}

function toJob(row: JobRow): BulkJobState {
  const job: BulkJobState = {
    id: row.id,
    mode: row.mode,
    status: row.status,
    received: row.received,
    accepted: row.accepted,
    identical: row.identical,
    rejected: row.rejected,
    bytes: Number(row.bytes),
    createdAt: new Date(row.created_at).toISOString(),
    spoolPath: row.spool_path,
  };
  if (row.finished_at) job.finishedAt = new Date(row.finished_at).toISOString();
  if (row.error) job.error = row.error;
  if (row.expected !== null && row.expected !== undefined) job.expected = row.expected;
  return job;
}

const SUBSCRIPTION_COLUMNS = `s.id, s.url, s.document_types, s.secret, s.created_at, s.delivered::int AS delivered, s.last_error,
  (SELECT count(*)::int FROM medsupply_deliveries d WHERE d.subscription_id = s.id) AS pending`;

function toSubscription(row: Record<string, unknown>): SubscriptionState {
  return {
    id: row.id as string,
    url: row.url as string,
    documentTypes: row.document_types as string[],
    secret: row.secret as string,
    createdAt: new Date(row.created_at as string).toISOString(),
    pending: row.pending as number,
    delivered: row.delivered as number,
    lastError: (row.last_error as string | null) ?? null,
  };
}

/** Creates the tables (when missing) and returns the store over a driver. */
export async function createSqlStore(client: SqlClient): Promise<DocumentStore> {
  await client.transaction(async (tx) => {
    if (client.concurrent) await tx.query('SELECT pg_advisory_xact_lock($1)', [SEQUENCE_LOCK]);
    for (const statement of SCHEMA_SQL.split(';').filter((s) => s.trim())) await tx.query(statement);
  });
  const writes = transactionalWrites(client, client.concurrent);
  return {
    kind: client.kind,
    // Outside an explicit transaction each write still commits atomically.
    putDocuments: (documents) =>
      client.transaction((tx) => transactionalWrites(tx, client.concurrent).putDocuments(documents)),
    recordBulkProgress: (progress) => writes.recordBulkProgress(progress),
    recordQueuedResults: (results) =>
      client.transaction((tx) => transactionalWrites(tx, client.concurrent).recordQueuedResults(results)),
    recordQueueRejections: (rejections) => writes.recordQueueRejections(rejections),
    transaction: (work) => client.transaction((tx) => work(transactionalWrites(tx, client.concurrent))),

    async getDocument(documentId) {
      const { rows } = await client.query<MetaRow & { body: Uint8Array }>(
        `SELECT ${META_COLUMNS}, body FROM medsupply_documents WHERE document_id = $1`,
        [documentId],
      );
      const row = rows[0];
      return row ? { meta: toMeta(row), body: row.body } : undefined;
    },

    async listDocuments(filter: DocumentFilter, afterSequence, limit) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: (p: string) => string, value: unknown) => {
        params.push(value);
        where.push(clause(`$${params.length}`));
      };
      if (afterSequence !== undefined) add((p) => `seq > ${p}::bigint`, afterSequence);
      if (filter.documentType) add((p) => `document_type = ${p}`, filter.documentType);
      if (filter.sender) add((p) => `sender_keys @> ARRAY[${p}::text]`, filter.sender);
      if (filter.product) add((p) => `products @> ARRAY[${p}::text]`, filter.product);
      if (filter.location) add((p) => `locations @> ARRAY[${p}::text]`, filter.location);
      if (filter.from) add((p) => `created_at >= ${p}::timestamptz`, filter.from);
      if (filter.to) add((p) => `created_at < ${p}::timestamptz`, filter.to);
      if (filter.status) add((p) => `status = ${p}`, filter.status);
      params.push(limit);
      const { rows } = await client.query<MetaRow>(
        `SELECT ${META_COLUMNS} FROM medsupply_documents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY seq LIMIT $${params.length}`,
        params,
      );
      return rows.map(toMeta);
    },

    async createBulkJob(job) {
      await client.query(
        'INSERT INTO medsupply_bulk_jobs (id, mode, status, bytes, created_at, spool_path) VALUES ($1, $2, $3, $4, $5, $6)',
        [job.id, job.mode, job.status, job.bytes, job.createdAt, job.spoolPath],
      );
    },
    async getBulkJob(id) {
      const { rows } = await client.query<JobRow>('SELECT * FROM medsupply_bulk_jobs WHERE id = $1', [id]);
      return rows[0] ? toJob(rows[0]) : undefined;
    },
    async listBulkJobs(limit) {
      const { rows } = await client.query<JobRow>(
        'SELECT * FROM medsupply_bulk_jobs ORDER BY created_at DESC, id LIMIT $1',
        [limit],
      );
      return rows.map(toJob);
    },
    async bulkResults(id, afterIndex, limit) {
      const { rows } = await client.query<{
        idx: number;
        line: number;
        document_id: string | null;
        outcome: BulkResult['outcome'];
        issues: BulkResult['issues'] | string;
      }>(
        `SELECT idx, line, document_id, outcome, issues FROM medsupply_bulk_results
         WHERE job_id = $1 AND idx > $2 AND outcome <> 'accepted' ORDER BY idx LIMIT $3`,
        [id, afterIndex, limit],
      );
      return rows.map((row) => {
        const result: BulkResult = {
          index: row.idx,
          line: row.line,
          outcome: row.outcome,
          issues: typeof row.issues === 'string' ? JSON.parse(row.issues) : row.issues,
        };
        if (row.document_id) result.documentId = row.document_id;
        return result;
      });
    },
    async finishBulkJob(id, status, error) {
      await client.query(
        'UPDATE medsupply_bulk_jobs SET status = $2, error = $3, finished_at = now() WHERE id = $1',
        [id, status, error ?? null],
      );
    },
    async setBulkExpected(id, expected, bytes) {
      await client.query(
        `UPDATE medsupply_bulk_jobs SET expected = $2, bytes = $3,
           status = CASE WHEN received >= $2 AND status = 'running' THEN 'done' ELSE status END,
           finished_at = CASE WHEN received >= $2 AND status = 'running' THEN now() ELSE finished_at END
         WHERE id = $1`,
        [id, expected, bytes],
      );
    },
    async failAbandonedQueueJobs(olderThanMs) {
      const { rows } = await client.query(
        `UPDATE medsupply_bulk_jobs SET status = 'failed', finished_at = now(),
           error = 'the server stopped before it acknowledged this submission; the client was told nothing and submits again'
         WHERE status = 'running' AND spool_path = '' AND expected IS NULL
           AND created_at < now() - make_interval(secs => $1::double precision / 1000)
         RETURNING id`,
        [olderThanMs],
      );
      return rows.length;
    },
    async listQueueRejections(limit) {
      const { rows } = await client.query<{
        message_key: string;
        document_id: string | null;
        subject: string;
        issues: QueueRejection['issues'] | string;
      }>(
        'SELECT message_key, document_id, subject, issues FROM medsupply_queue_rejections ORDER BY rejected_at DESC LIMIT $1',
        [limit],
      );
      return rows.map((row) => {
        const rejection: QueueRejection = {
          messageKey: row.message_key,
          subject: row.subject,
          issues: typeof row.issues === 'string' ? JSON.parse(row.issues) : row.issues,
        };
        if (row.document_id) rejection.documentId = row.document_id;
        return rejection;
      });
    },
    async resetBulkJob(id) {
      await client.transaction(async (tx) => {
        await tx.query(
          'UPDATE medsupply_bulk_jobs SET received = 0, accepted = 0, identical = 0, rejected = 0 WHERE id = $1',
          [id],
        );
        await tx.query('DELETE FROM medsupply_bulk_results WHERE job_id = $1', [id]);
      });
    },

    async createSubscription(subscription) {
      await client.query(
        `INSERT INTO medsupply_subscriptions (id, url, document_types, secret, created_at)
         VALUES ($1, $2, $3::text[], $4, $5)`,
        [
          subscription.id,
          subscription.url,
          subscription.documentTypes,
          subscription.secret,
          subscription.createdAt,
        ],
      );
    },
    async listSubscriptions() {
      const { rows } = await client.query(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM medsupply_subscriptions s ORDER BY s.created_at, s.id`,
      );
      return rows.map(toSubscription);
    },
    async getSubscription(id) {
      const { rows } = await client.query(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM medsupply_subscriptions s WHERE s.id = $1`,
        [id],
      );
      return rows[0] ? toSubscription(rows[0]) : undefined;
    },
    async deleteSubscription(id) {
      const { rows } = await client.query('DELETE FROM medsupply_subscriptions WHERE id = $1 RETURNING id', [
        id,
      ]);
      return rows.length > 0;
    },
    async dueDeliveries(now, limit) {
      const { rows } = await client.query<
        MetaRow & {
          delivery_id: string;
          subscription_id: string;
          attempts: number;
          next_attempt_at: Date | string;
          url: string;
          secret: string;
          body: Uint8Array;
        }
      >(
        `SELECT * FROM (
           SELECT DISTINCT ON (d.subscription_id) d.id::text AS delivery_id, d.subscription_id, d.attempts,
             d.next_attempt_at, s.url, s.secret, doc.body,
             doc.seq::text AS sequence, doc.document_id, doc.document_type, doc.schema_version, doc.document_status,
             doc.supersedes, doc.status, doc.replaced_by, doc.created_at_text, doc.received_at, doc.sender, doc.content_hash
           FROM medsupply_deliveries d
           JOIN medsupply_subscriptions s ON s.id = d.subscription_id
           JOIN medsupply_documents doc ON doc.seq = d.document_seq
           ORDER BY d.subscription_id, d.id
         ) heads WHERE next_attempt_at <= $1 LIMIT $2`,
        [now.toISOString(), limit],
      );
      return rows.map(
        (row): PendingDelivery => ({
          id: row.delivery_id,
          subscriptionId: row.subscription_id,
          url: row.url,
          secret: row.secret,
          attempts: row.attempts,
          meta: toMeta(row),
          body: row.body,
        }),
      );
    },
    async deliverySucceeded(id) {
      await client.transaction(async (tx) => {
        const { rows } = await tx.query<{ subscription_id: string }>(
          'DELETE FROM medsupply_deliveries WHERE id = $1::bigint RETURNING subscription_id',
          [id],
        );
        if (rows[0])
          await tx.query(
            'UPDATE medsupply_subscriptions SET delivered = delivered + 1, last_error = NULL WHERE id = $1',
            [rows[0].subscription_id],
          );
      });
    },
    async deliveryFailed(id, error, retryAt) {
      await client.transaction(async (tx) => {
        const { rows } = await tx.query<{ subscription_id: string }>(
          `UPDATE medsupply_deliveries SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3
           WHERE id = $1::bigint RETURNING subscription_id`,
          [id, retryAt.toISOString(), error],
        );
        if (rows[0])
          await tx.query('UPDATE medsupply_subscriptions SET last_error = $2 WHERE id = $1', [
            rows[0].subscription_id,
            error,
          ]);
      });
    },
    async ping() {
      await client.query('SELECT 1');
    },
    close: () => client.close(),
  };
}
