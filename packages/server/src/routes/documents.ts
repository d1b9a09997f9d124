/** POST /v1/documents, GET /v1/documents/{documentId}, GET /v1/documents. */
import type { FastifyRequest } from 'fastify';
import { readBody, requireMediaType } from '../body.js';
import type { RouteModule } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { prepareDocument } from '../documents.js';
import { jobView } from '../job-view.js';
import { HttpProblem } from '../problem.js';
import { publishSubmission } from '../queue/submit.js';

import type { DocumentFilter, DocumentState, StoredMeta } from '../store/types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATES: readonly DocumentState[] = ['active', 'replaced', 'cancelled'];
const PARSE_CODES = new Set([
  'JSON_SYNTAX',
  'INVALID_UTF8',
  'JSON_TOO_DEEP',
  'TRUNCATED_RECORD',
  'FORBIDDEN_KEY',
]);

/** The strong ETag of a stored document. */
export function etagOf(meta: StoredMeta): string {
  return `"${meta.contentHash.slice(0, 40)}"`;
}

/** Registers the document routes. */
export const documentRoutes: RouteModule = (app, context) => {
  app.post('/v1/documents', { config: { scopes: ['submit'] } }, async (request, reply) => {
    requireMediaType(request, ['application/json']);
    const bytes = await readBody(request, context.limits.maxDocumentBytes);
    if (context.queue) {
      // Queue mode: one document is a job of one record; its outcome is at the job's Location.
      const job = await publishSubmission(
        context,
        context.queue,
        // The body is one record, whatever its line breaks.
        (async function* () {
          yield [{ index: 0, line: 1, bytes }];
        })(),
        () => bytes.length,
      );
      const [result] = await context.store.bulkResults(job.id, -1, 1);
      if (result?.outcome === 'invalid') {
        const issues = result.issues;
        const unreadable = issues.some((i) => PARSE_CODES.has(i.code) || i.code === 'BODY_MALFORMED');
        throw unreadable
          ? new HttpProblem(400, 'BODY_MALFORMED', 'Malformed body', issues[0]?.message, { issues })
          : new HttpProblem(422, 'DOCUMENT_INVALID', 'Invalid document', `${issues.length} errors`, {
              issues,
            });
      }
      return reply.code(202).header('location', `/v1/bulk/${job.id}`).send(jobView(job));
    }
    const prepared = prepareDocument(bytes, context.validator, context.limits.maxDepth);
    if (!prepared.document) {
      const unreadable = prepared.issues.some((i) => PARSE_CODES.has(i.code));
      throw unreadable
        ? new HttpProblem(400, 'BODY_MALFORMED', 'Malformed body', prepared.issues[0]?.message, {
            issues: prepared.issues,
          })
        : new HttpProblem(
            422,
            'DOCUMENT_INVALID',
            'Invalid document',
            `${prepared.issues.filter((i) => i.severity === 'error').length} errors`,
            { issues: prepared.issues },
          );
    }
    const [result] = await context.store.putDocuments([prepared.document]);
    if (!result || result.outcome === 'conflict')
      throw new HttpProblem(409, result?.code ?? 'DOCUMENT_ID_CONFLICT', 'Conflict', result?.message);
    if (result.outcome === 'created') context.notifyStored();
    const meta = result.meta;
    const receipt: Record<string, unknown> = {
      documentId: meta.documentId,
      documentType: meta.documentType,
      schemaVersion: meta.schemaVersion,
      documentStatus: meta.documentStatus,
      status: meta.status,
      sequence: meta.sequence,
      receivedAt: meta.receivedAt,
      etag: etagOf(meta),
      outcome: result.outcome,
      issues: prepared.document.warnings,
    };
    if (meta.supersedes) receipt.supersedes = meta.supersedes;
    return reply
      .code(result.outcome === 'created' ? 201 : 200)
      .header('location', `/v1/documents/${meta.documentId}`)
      .header('etag', etagOf(meta))
      .send(receipt);
  });

  app.get('/v1/documents/:documentId', { config: { scopes: ['read'] } }, async (request, reply) => {
    const { documentId } = request.params as { documentId: string };
    if (!UUID.test(documentId)) throw notFound(request);
    const found = await context.store.getDocument(documentId.toLowerCase());
    if (!found) throw notFound(request);
    const etag = etagOf(found.meta);
    reply.header('etag', etag);
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag))
      return reply.code(304).send();
    reply
      .header('medsupply-status', found.meta.status)
      .header('medsupply-received-at', found.meta.receivedAt)
      .header('medsupply-sequence', found.meta.sequence);
    if (found.meta.replacedBy) reply.header('medsupply-replaced-by', found.meta.replacedBy);
    return reply.type('application/json').send(Buffer.from(found.body));
  });

  app.get('/v1/documents', { config: { scopes: ['read'] } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filter = parseFilter(query, context.validator.documentTypes());
    const limit = parseLimit(query.limit, 100, context.limits.maxPageSize);
    const after =
      typeof query.cursor === 'string' && query.cursor !== '' ? decodeCursor(query.cursor) : undefined;
    const rows = await context.store.listDocuments(filter, after, limit + 1);
    const items = rows.slice(0, limit);
    const next = rows.length > limit ? encodeCursor(items.at(-1)!.sequence) : null;
    if (next) reply.header('link', `<${nextLink(request, next)}>; rel="next"`);
    return reply.send({ items: items.map(summary), next });
  });
};

function notFound(request: FastifyRequest): HttpProblem {
  return new HttpProblem(404, 'NOT_FOUND', 'Not found', `no document at ${request.url.split('?')[0]}`);
}

function summary(meta: StoredMeta): Record<string, unknown> {
  const item: Record<string, unknown> = {
    documentId: meta.documentId,
    documentType: meta.documentType,
    schemaVersion: meta.schemaVersion,
    documentStatus: meta.documentStatus,
    status: meta.status,
    createdAt: meta.createdAt,
    receivedAt: meta.receivedAt,
    sequence: meta.sequence,
    sender: meta.sender,
    href: `/v1/documents/${meta.documentId}`,
  };
  if (meta.supersedes) item.supersedes = meta.supersedes;
  if (meta.replacedBy) item.replacedBy = meta.replacedBy;
  return item;
}

function badParameter(name: string, why: string): HttpProblem {
  return new HttpProblem(400, 'BAD_PARAMETER', 'Bad parameter', `${name}: ${why}`);
}

/** A positive integer parameter within bounds. */
export function parseLimit(value: unknown, fallback: number, max: number, name = 'limit'): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || n < 1 || n > max)
    throw badParameter(name, `expected an integer from 1 to ${max}`);
  return n;
}

function parseFilter(query: Record<string, unknown>, types: readonly string[]): DocumentFilter {
  const filter: DocumentFilter = {};
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 512)
      throw badParameter(name, 'expected one value of up to 512 characters');
    return value;
  };
  const documentType = text('documentType');
  if (documentType !== undefined) {
    if (!types.includes(documentType))
      throw badParameter('documentType', `expected one of ${types.join(', ')}`);
    filter.documentType = documentType;
  }
  for (const name of ['sender', 'location', 'product'] as const) {
    const value = text(name);
    if (value !== undefined) filter[name] = value;
  }
  for (const name of ['from', 'to'] as const) {
    const value = text(name);
    if (value === undefined) continue;
    if (
      !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ||
      Number.isNaN(Date.parse(value))
    )
      throw badParameter(name, 'expected an RFC 3339 date-time (or date)');
    filter[name] = value;
  }
  const status = text('status');
  if (status !== undefined) {
    if (!STATES.includes(status as DocumentState))
      throw badParameter('status', `expected one of ${STATES.join(', ')}`);
    filter.status = status as DocumentState;
  }
  return filter;
}

function nextLink(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
