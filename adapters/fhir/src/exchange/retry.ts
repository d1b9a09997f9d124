/**
 * When to repeat a request and how long to wait first: bounded retries, exponential backoff with
 * jitter, and the server's `Retry-After` honoured (RFC 9110 §10.2.3).
 */

/** How a client retries. Every delay is in milliseconds. */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most `retries + 1` attempts). */
  retries: number;
  /** Backoff of the first retry; doubles with each further one. */
  baseDelayMs: number;
  /** Ceiling of the exponential backoff. */
  maxDelayMs: number;
  /** The longest `Retry-After` the client will wait; a longer one ends the retries. */
  maxRetryAfterMs: number;
}

/** Defaults: 5 attempts, 0.5 s → 1 s → 2 s → 4 s (jittered), `Retry-After` up to 2 minutes. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Why an attempt failed, as far as retrying is concerned.
 * - `not-processed`: the server certainly did not act (429, 503, 408, connection refused): always safe to repeat.
 * - `maybe-processed`: it may have acted (500, 502, 504, timeout, connection dropped mid-request): repeat only idempotent requests.
 * - `final`: repeating cannot help (other 4xx, 501, a response that is not FHIR).
 */
export type FailureKind = 'not-processed' | 'maybe-processed' | 'final';

/** Classifies an HTTP error status. */
export function classifyStatus(status: number): FailureKind {
  if (status === 429 || status === 503 || status === 408) return 'not-processed';
  if (status === 500 || status === 502 || status === 504) return 'maybe-processed';
  return 'final';
}

/** Network error codes raised before the request reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Classifies an error thrown by `fetch` (no HTTP response). */
export function classifyNetworkError(error: unknown): FailureKind {
  const code = networkErrorCode(error);
  if (code === 'TimeoutError' || code === 'AbortError') return 'maybe-processed';
  if (code !== undefined && NOT_SENT_CODES.has(code)) return 'not-processed';
  if (code === 'ENOTFOUND' || code === 'ERR_INVALID_URL' || code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return 'final';
  // Resets, closed sockets and unknown transport failures: the request may have been handled.
  return 'maybe-processed';
}

/** The most specific code of a fetch error: the `cause` chain's `code`, or the DOMException name. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (typeof current === 'object') {
      const { code, name } = current as { code?: unknown; name?: unknown };
      if (name === 'TimeoutError' || name === 'AbortError') return name;
      if (typeof code === 'string' && code.length > 0) return code;
      current = (current as { cause?: unknown }).cause;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Parses `Retry-After`: delay-seconds or an HTTP-date. Returns milliseconds to wait (never
 * negative), or undefined when the header is absent or not understood.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // HTTP-date forms (IMF-fixdate, RFC 850, asctime) all start with a day name; Date.parse alone is too lenient.
  if (text.length > 64 || !/^[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Backoff before retry number `retry` (0 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that clients spread out but never retry at once.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What to do after a failed attempt. */
export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'final' | 'exhausted' | 'retry-after-too-long' | 'not-idempotent' };

/**
 * Decides whether to retry after failed attempt number `attempt` (1-based) and how long to wait:
 * the server's `Retry-After` when it gives one, else the jittered backoff.
 */
export function decideRetry(
  failure: { kind: FailureKind; retryAfterMs?: number },
  attempt: number,
  idempotent: boolean,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (failure.kind === 'final') return { retry: false, reason: 'final' };
  if (failure.kind === 'maybe-processed' && !idempotent) return { retry: false, reason: 'not-idempotent' };
  if (attempt > policy.retries) return { retry: false, reason: 'exhausted' };
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > policy.maxRetryAfterMs)
      return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: failure.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelay(attempt - 1, policy, random) };
}

/** Waits `ms` milliseconds (the default sleeper; tests inject their own). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
