import { findDuplicateMember } from '@medsupply/validators';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  type HttpResponse,
  RedirectRefused,
  ResponseTooLarge,
  exchange,
} from './http.js';
import { type JsonObject, isObject } from './json.js';
import {
  DEFAULT_RETRY_POLICY,
  type FailureKind,
  type RetryPolicy,
  classifyNetworkError,
  classifyStatus,
  decideRetry,
  networkErrorCode,
  parseRetryAfter,
  sleep,
} from './retry.js';

/** Options of {@link FhirExchangeClient}. */
export interface FhirExchangeClientOptions {
  /** FHIR base URL (`https://host/fhir/R4`); http(s), no credentials, no query. */
  baseUrl: string;
  /** Bearer token; sent as `Authorization: Bearer …`, never written anywhere else. */
  token?: string;
  /** Time limit of one attempt (request and response body), in milliseconds. Default 30 s. */
  timeoutMs?: number;
  /** Retry policy; unset members take {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /**
   * Cap on one response body, in bytes (default {@link DEFAULT_MAX_RESPONSE_BYTES}); a larger response
   * fails with reason `too-large` and is not retried.
   */
  maxResponseBytes?: number;
  /** Called before each retry (for progress output). */
  onRetry?: (event: RetryEvent) => void;
  /** Waits between attempts; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); tests replace it. */
  random?: () => number;
}

/** A retry about to happen. */
export interface RetryEvent {
  /** What is being retried, such as `POST /` or `GET SupplyDelivery`. */
  request: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** HTTP status of the failed attempt, when there was a response. */
  status?: number;
  /** Network error code or `TimeoutError`, when there was no response. */
  errorCode?: string;
  /** True when the delay is the server's `Retry-After`. */
  retryAfter: boolean;
}

/** A successful reply: the HTTP status and the parsed FHIR body. */
export interface FhirReply {
  status: number;
  body: JsonObject;
  /** Attempts it took (1 when the first one succeeded). */
  attempts: number;
}

/** Why a request failed for good. */
export type FhirFailureReason =
  | 'http'
  | 'timeout'
  | 'network'
  | 'invalid-response'
  | 'duplicate-member'
  | 'retry-after-too-long'
  | 'foreign-link'
  | 'redirect-refused'
  | 'too-large';

/** The stable issue code of each failure reason (codes.ts describes them). */
export function failureCode(reason: FhirFailureReason): string {
  switch (reason) {
    case 'foreign-link':
      return 'FHIR_PAGING_STOPPED';
    case 'retry-after-too-long':
      return 'FHIR_RETRY_AFTER_TOO_LONG';
    case 'invalid-response':
      return 'FHIR_RESPONSE_INVALID';
    case 'duplicate-member':
      return 'FHIR_RESPONSE_DUPLICATE_MEMBER';
    case 'redirect-refused':
      return 'FHIR_REDIRECT_REFUSED';
    case 'too-large':
      return 'FHIR_RESPONSE_TOO_LARGE';
    default:
      return 'FHIR_REQUEST_FAILED';
  }
}

/** A request that failed after the retries the policy allows; plain data besides the message. */
export class FhirRequestError extends Error {
  override name = 'FhirRequestError';

  constructor(
    message: string,
    readonly reason: FhirFailureReason,
    readonly attempts: number,
    readonly details: {
      /** HTTP status of the last attempt. */
      status?: number;
      /** The parsed response body of the last attempt (usually an OperationOutcome). */
      body?: unknown;
      /** Network error code (`ECONNRESET`, `TimeoutError`, …). */
      errorCode?: string;
      /** The server's last `Retry-After`, in milliseconds. */
      retryAfterMs?: number;
      /** True when the server may have acted on the request although it failed. */
      maybeProcessed?: boolean;
      /** JSON Pointer into the response body of what was wrong with it (a repeated member name). */
      path?: string;
    } = {},
  ) {
    super(message);
  }
}

/** One attempt's failure, before the retry decision. */
interface AttemptFailure {
  kind: FailureKind;
  reason: FhirFailureReason;
  message: string;
  status?: number;
  body?: unknown;
  errorCode?: string;
  retryAfterMs?: number;
  path?: string;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;

/**
 * A FHIR REST client for pushing Bundles and paging through searches, with per-attempt timeouts,
 * bounded retries (jittered exponential backoff, `Retry-After` honoured), paging and redirects that
 * never leave the server it was given, and a cap on the size of every response (see http.ts).
 */
export class FhirExchangeClient {
  /** The base URL, normalised without a trailing slash. */
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly origin: string;
  private readonly maxResponseBytes: number;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onRetry: ((event: RetryEvent) => void) | undefined;

  constructor(options: FhirExchangeClientOptions) {
    const url = checkBaseUrl(options.baseUrl);
    if (options.token !== undefined) checkToken(options.token);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.origin = url.origin;
    this.token = options.token === '' ? undefined : options.token;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.wait = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.onRetry = options.onRetry;
  }

  /**
   * POSTs a transaction or batch Bundle to the base URL. `idempotent` says whether sending it twice
   * stores nothing twice (every write is conditional or keyed); only then are attempts that the
   * server may have processed (timeouts, dropped connections, 500/502/504) repeated.
   */
  postBundle(bundle: JsonObject, idempotent: boolean): Promise<FhirReply> {
    const body = JSON.stringify(bundle);
    return this.send('POST /', idempotent, (signal) =>
      this.request('POST', `${this.baseUrl}/`, signal, body),
    );
  }

  /** Searches one resource type (`GET [base]/Type?params`). */
  async search(resourceType: string, params: Record<string, string>): Promise<FhirReply> {
    checkResourceType(resourceType);
    const query = new URLSearchParams(params).toString();
    const url = `${this.baseUrl}/${resourceType}${query === '' ? '' : `?${query}`}`;
    return this.send(`GET ${resourceType}`, true, (signal) => this.request('GET', url, signal));
  }

  /** Reads one resource by `Type/id`. */
  async read(resourceType: string, id: string): Promise<FhirReply> {
    checkResourceType(resourceType);
    if (!FHIR_ID.test(id))
      throw new FhirRequestError(`not a FHIR id: ${JSON.stringify(id.slice(0, 70))}`, 'invalid-response', 0);
    const url = `${this.baseUrl}/${resourceType}/${id}`;
    return this.send(`GET ${resourceType}/${id}`, true, (signal) => this.request('GET', url, signal));
  }

  /**
   * Fetches the page a searchset's `next` link points to; undefined on the last page. A link to
   * another origin is refused: the bearer token would go with it.
   */
  nextPage(bundle: JsonObject): Promise<FhirReply> | undefined {
    const next = nextLink(bundle);
    if (next === undefined) return undefined;
    let target: URL;
    try {
      target = new URL(next, `${this.baseUrl}/`);
    } catch {
      return Promise.reject(new FhirRequestError('the next link is not a URL', 'invalid-response', 0));
    }
    if (target.origin !== this.origin || target.username !== '' || target.password !== '') {
      return Promise.reject(
        new FhirRequestError(
          `the next link leads to another server (${target.origin}); not followed`,
          'foreign-link',
          0,
        ),
      );
    }
    const href = target.href;
    return this.send('GET next page', true, (signal) => this.request('GET', href, signal));
  }

  /** One attempt: the exchange, then the status and body checked (errors are classified by `send`). */
  private async request(
    method: 'GET' | 'POST',
    url: string,
    signal: AbortSignal,
    body?: string,
  ): Promise<Omit<FhirReply, 'attempts'>> {
    const response = await exchange({
      method,
      url,
      ...(body === undefined ? {} : { body }),
      ...(this.token === undefined ? {} : { token: this.token }),
      origin: this.origin,
      maxBytes: this.maxResponseBytes,
      signal,
    });
    const parsed = parseBody(response);
    if (response.status < 200 || response.status > 299) throw new HttpStatusError(response, parsed);
    if (parsed === NOT_JSON) throw invalidResponse('the response body is not JSON', response.status);
    if (!isObject(parsed) || typeof parsed.resourceType !== 'string') {
      throw invalidResponse('the response is not a FHIR resource', response.status);
    }
    // `{"resourceType":"Bundle","resourceType":"OperationOutcome"}` reads as one thing here and as
    // another in a parser that keeps the first value: refused, as the canonical readers refuse it.
    const duplicate = duplicateMemberOf(response.text, parsed);
    if (duplicate !== undefined) throw new DuplicateMember(duplicate, response.status);
    return { status: response.status, body: parsed };
  }

  private async send(
    request: string,
    idempotent: boolean,
    call: (signal: AbortSignal) => Promise<Omit<FhirReply, 'attempts'>>,
  ): Promise<FhirReply> {
    for (let attempt = 1; ; attempt++) {
      const failure = await this.attempt(call).then(
        (reply) => reply,
        (error: unknown) => describeFailure(error),
      );
      if (!('kind' in failure)) return { ...failure, attempts: attempt };
      const decision = decideRetry(failure, attempt, idempotent, this.policy, this.random);
      if (!decision.retry) {
        const reason = decision.reason === 'retry-after-too-long' ? 'retry-after-too-long' : failure.reason;
        throw new FhirRequestError(
          failureMessage(request, failure, decision.reason, attempt),
          reason,
          attempt,
          {
            ...(failure.status === undefined ? {} : { status: failure.status }),
            ...(failure.body === undefined ? {} : { body: failure.body }),
            ...(failure.errorCode === undefined ? {} : { errorCode: failure.errorCode }),
            ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
            ...(failure.path === undefined ? {} : { path: failure.path }),
            maybeProcessed: failure.kind === 'maybe-processed',
          },
        );
      }
      this.onRetry?.({
        request,
        attempt,
        delayMs: decision.delayMs,
        retryAfter: failure.retryAfterMs !== undefined,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.errorCode === undefined ? {} : { errorCode: failure.errorCode }),
      });
      await this.wait(decision.delayMs);
    }
  }

  private attempt(
    call: (signal: AbortSignal) => Promise<Omit<FhirReply, 'attempts'>>,
  ): Promise<Omit<FhirReply, 'attempts'>> {
    return call(AbortSignal.timeout(this.timeoutMs));
  }
}

const NOT_JSON = Symbol('not JSON');

function parseBody(response: HttpResponse): unknown {
  if (response.text === '') return {};
  try {
    return JSON.parse(response.text);
  } catch {
    return NOT_JSON;
  }
}

/** A response with a status other than 2xx (redirects not followed included). */
class HttpStatusError extends Error {
  constructor(
    readonly response: HttpResponse,
    readonly body: unknown,
  ) {
    super(`HTTP ${response.status}`);
  }
}

/** Thrown inside an attempt when a 2xx response is not FHIR JSON. */
class InvalidResponse extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

function invalidResponse(message: string, status: number | undefined): InvalidResponse {
  return new InvalidResponse(message, status);
}

/** Thrown inside an attempt when a 2xx response names one member twice in an object. */
class DuplicateMember extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    const name = path
      .slice(path.lastIndexOf('/') + 1)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    super(
      `the response names member ${JSON.stringify(name.slice(0, 60))} twice in one object (at ${path.slice(0, 200)}); parsers disagree on which one counts`,
    );
  }
}

/**
 * The JSON Pointer of the first member name that repeats in one object of a response, or undefined.
 * The validators' check compares the names in the text with the keys of the parsed value, so the
 * keys are counted here (iteratively: a hostile body may nest deep).
 */
function duplicateMemberOf(text: string, parsed: unknown): string | undefined {
  let keys = 0;
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (isObject(node)) {
      for (const key of Object.keys(node)) {
        keys++;
        const child = node[key];
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
  return findDuplicateMember(text, keys);
}

/** Turns whatever an attempt threw into a classified failure. */
function describeFailure(error: unknown): AttemptFailure {
  if (error instanceof DuplicateMember) {
    // Final: the same server would send the same body again.
    return {
      kind: 'final',
      reason: 'duplicate-member',
      message: error.message,
      status: error.status,
      path: error.path,
    };
  }
  if (error instanceof InvalidResponse) {
    return {
      kind: 'final',
      reason: 'invalid-response',
      message: error.message,
      ...optionalStatus(error.status),
    };
  }
  if (error instanceof RedirectRefused) {
    return { kind: 'final', reason: 'redirect-refused', message: error.message, status: error.status };
  }
  // Not retried: the same server would send the same oversized answer again.
  if (error instanceof ResponseTooLarge) {
    return { kind: 'final', reason: 'too-large', message: error.message, status: error.status };
  }
  if (error instanceof HttpStatusError) {
    const status = error.response.status;
    const retryAfterMs = parseRetryAfter(error.response.headers.get('retry-after'));
    const body = error.body;
    return {
      kind: classifyStatus(status),
      reason: 'http',
      message: `HTTP ${status}`,
      status,
      ...(isObject(body) ? { body } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  const errorCode = networkErrorCode(error);
  const timeout = errorCode === 'TimeoutError' || errorCode === 'AbortError';
  return {
    kind: classifyNetworkError(error),
    reason: timeout ? 'timeout' : 'network',
    message: timeout ? 'no response in time' : `connection failed (${errorCode ?? 'unknown error'})`,
    ...(errorCode === undefined ? {} : { errorCode }),
  };
}

function optionalStatus(status: number | undefined): { status?: number } {
  return status === undefined ? {} : { status };
}

function failureMessage(request: string, failure: AttemptFailure, why: string, attempts: number): string {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  if (why === 'retry-after-too-long') {
    return `${request}: ${failure.message}; the server asks to retry after ${Math.ceil((failure.retryAfterMs ?? 0) / 1000)} s, longer than allowed`;
  }
  if (why === 'not-idempotent')
    return `${request}: ${failure.message}; not repeated, as the request is not idempotent`;
  if (why === 'exhausted') return `${request}: ${failure.message} (gave up after ${tries})`;
  return `${request}: ${failure.message}`;
}

function nextLink(bundle: JsonObject): string | undefined {
  const links = bundle.link;
  if (!Array.isArray(links)) return undefined;
  for (const link of links) {
    if (isObject(link) && link.relation === 'next' && typeof link.url === 'string' && link.url.length > 0)
      return link.url;
  }
  return undefined;
}

function checkResourceType(resourceType: string): void {
  if (!RESOURCE_TYPE.test(resourceType)) {
    throw new FhirRequestError(
      `not a FHIR resource type: ${JSON.stringify(resourceType.slice(0, 70))}`,
      'invalid-response',
      0,
    );
  }
}

/**
 * Checks that a bearer token can travel in an HTTP header (visible ASCII, no spaces). The message
 * never repeats the token, as fetch's own error would.
 */
export function checkToken(token: string): void {
  if (!/^[\x21-\x7E]*$/.test(token)) {
    throw new TypeError(
      'the token holds characters that cannot be sent in an HTTP header (spaces, line breaks, non-ASCII)',
    );
  }
}

/** Checks a FHIR base URL: absolute http(s), without credentials, query or fragment. */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(baseUrl.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`the server URL must be http(s), not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('the server URL must not hold credentials; give a bearer token instead');
  }
  if (url.search !== '' || url.hash !== '')
    throw new TypeError('the server URL must not have a query or fragment');
  return url;
}
