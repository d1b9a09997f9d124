/**
 * The reference exchange server: fastify routes over a {@link DocumentStore}, every request body
 * validated with the same engine as the CLI. Extra route modules (metrics, dashboards, queue modes)
 * are registered through `routes`.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentQueue } from '@medsupply/queue';
import { type Validator, createValidator } from '@medsupply/validators';
import Fastify, { type FastifyInstance } from 'fastify';
import { type TokenEntry, allows, findToken } from './auth.js';
import { runBulkJob } from './bulk-runner.js';
import type { RouteModule, ServerContext } from './context.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits, limitsHeader } from './limits.js';
import { HttpProblem, sendProblem } from './problem.js';
import { bulkRoutes } from './routes/bulk.js';
import { documentRoutes } from './routes/documents.js';
import { metricsRoutes } from './routes/metrics.js';
import { serviceRoutes } from './routes/service.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { validateRoutes } from './routes/validate.js';
import type { DocumentStore } from './store/types.js';
import { type DispatcherOptions, startDispatcher } from './webhooks.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  store: DocumentStore;
  /** Known tokens; when absent every request is allowed (serve loopback only, see `medsupply serve`). */
  tokens?: readonly TokenEntry[];
  limits?: Partial<ServerLimits>;
  /** Where bulk bodies are spooled (default: a folder under the system temp directory). */
  spoolDir?: string;
  validator?: Validator;
  webhooks?: DispatcherOptions;
  /**
   * Queue mode: submissions are shape-checked and published to this queue, acknowledged once it holds
   * them; `medsupply worker` processes store them (needs a PostgreSQL server store shared with them).
   */
  queue?: DocumentQueue;
  /** More route modules, registered after the built-in ones. */
  routes?: readonly RouteModule[];
  /** fastify logging (default off; the CLI logs requests to stderr). */
  logger?: boolean;
}

/** A server ready to listen. */
export interface MedsupplyServer {
  app: FastifyInstance;
  context: ServerContext;
  /** Waits for running bulk jobs to settle (tests), without stopping anything. */
  idle(): Promise<void>;
  /** Stops background work and the HTTP server; the store is the caller's to close. */
  close(): Promise<void>;
}

/** Publishing the largest bulk submission takes minutes; a job unacknowledged this long was abandoned. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Every built-in route module, in registration order. */
export const BUILT_IN_ROUTES: readonly RouteModule[] = [
  serviceRoutes,
  metricsRoutes,
  documentRoutes,
  bulkRoutes,
  validateRoutes,
  subscriptionRoutes,
];

/** Builds the server; resumes bulk jobs an earlier run left unfinished. */
export async function createServer(options: ServerOptions): Promise<MedsupplyServer> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const validator = options.validator ?? (await createValidator());
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: limits.maxDocumentBytes });
  const dispatcher = startDispatcher(options.store, options.webhooks);
  const jobs = new Map<string, Promise<void>>();

  const context: ServerContext = {
    store: options.store,
    validator,
    limits,
    ...(options.queue ? { queue: options.queue } : {}),
    spoolDir: options.spoolDir ?? join(tmpdir(), 'medsupply-spool'),
    startBulkJob(jobId) {
      if (jobs.has(jobId)) return;
      const run = (async () => {
        const job = await options.store.getBulkJob(jobId);
        if (job?.status === 'running') await runBulkJob(context, job);
      })()
        .catch(() => {})
        .finally(() => jobs.delete(jobId));
      jobs.set(jobId, run);
    },
    notifyStored: () => dispatcher.wake(),
  };

  // Bodies reach handlers as streams: each operation reads them within its own advertised limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const tokens = options.tokens;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('medsupply-limits', limitsHeader(limits));
    const scopes = request.routeOptions.config.scopes;
    if (!tokens || !scopes) return;
    const header = request.headers.authorization ?? '';
    const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const entry = presented ? findToken(tokens, presented) : undefined;
    if (!entry) {
      reply.header('www-authenticate', 'Bearer');
      throw new HttpProblem(401, 'UNAUTHORIZED', 'Unauthorized', 'a valid bearer token is required');
    }
    if (!allows(entry, scopes))
      throw new HttpProblem(
        403,
        'FORBIDDEN',
        'Forbidden',
        `this operation needs the scope ${scopes.join(' or ')}`,
      );
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpProblem) return sendProblem(reply, { ...error.problem, instance: request.url });
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413)
      return sendProblem(reply, new HttpProblem(413, 'BODY_TOO_LARGE', 'Body too large').problem);
    if (status && status >= 400 && status < 500)
      return sendProblem(
        reply,
        new HttpProblem(400, 'BODY_MALFORMED', 'Bad request', (error as Error).message).problem,
      );
    request.log.error(error);
    process.stderr.write(`medsupply serve: ${request.method} ${request.url}: ${(error as Error).stack}\n`);
    return sendProblem(reply, new HttpProblem(500, 'INTERNAL', 'Internal error').problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new HttpProblem(
        404,
        'NOT_FOUND',
        'Not found',
        `no route ${request.method} ${request.url.split('?')[0]}`,
      ).problem,
    ),
  );

  for (const module of [...BUILT_IN_ROUTES, ...(options.routes ?? [])]) await module(app, context);

  // A queued job still without `expected` an hour on was abandoned by its server before the 202.
  if (options.queue) await options.store.failAbandonedQueueJobs(ABANDONED_AFTER_MS);
  // Spooled jobs resume here; queued jobs (no spool) are the workers' to finish.
  for (const job of await options.store.listBulkJobs(1000))
    if (job.status === 'running' && job.spoolPath !== '') context.startBulkJob(job.id);

  return {
    app,
    context,
    async idle() {
      while (jobs.size > 0) await Promise.all([...jobs.values()]);
    },
    async close() {
      await app.close();
      await Promise.all([...jobs.values()]);
      await dispatcher.stop();
    },
  };
}
