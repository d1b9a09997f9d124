/** What every route module gets: the store, the validator, the limits and the background workers. */
import type { DocumentQueue } from '@medsupply/queue';
import type { Validator } from '@medsupply/validators';
import type { FastifyInstance } from 'fastify';
import type { Scope } from './auth.js';
import type { ServerLimits } from './limits.js';
import type { DocumentStore } from './store/types.js';

/** Shared state of one server. */
export interface ServerContext {
  store: DocumentStore;
  validator: Validator;
  limits: ServerLimits;
  /**
   * Queue mode: submissions are published here for workers to validate and store, instead of being
   * stored by this server (decision 0020).
   */
  queue?: DocumentQueue;
  /** Where bulk bodies wait to be processed. */
  spoolDir: string;
  /** Starts processing a spooled bulk job in the background. */
  startBulkJob(jobId: string): void;
  /** Wakes the webhook dispatcher (new documents may have deliveries). */
  notifyStored(): void;
}

/** Route options every operation declares: the scopes that may call it (none: public). */
declare module 'fastify' {
  interface FastifyContextConfig {
    scopes?: readonly Scope[];
  }
}

/** A module of routes; extra ones (metrics, dashboards, queue modes) are registered the same way. */
export type RouteModule = (app: FastifyInstance, context: ServerContext) => void | Promise<void>;
