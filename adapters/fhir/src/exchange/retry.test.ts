import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  backoffDelay,
  classifyNetworkError,
  classifyStatus,
  decideRetry,
  networkErrorCode,
  parseRetryAfter,
} from './retry.js';

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 };

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it does not understand', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('9'.repeat(200), now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles per retry, half fixed and half jitter', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 0.999999)).toBe(100);
    expect(backoffDelay(2, policy, () => 0)).toBe(200);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(300);
  });

  it('is capped at maxDelayMs, even for absurd retry counts', () => {
    expect(backoffDelay(10, policy, () => 0.999999)).toBe(1000);
    expect(backoffDelay(5000, policy, () => 0)).toBe(500);
  });

  it('has conservative defaults', () => {
    expect(DEFAULT_RETRY_POLICY.retries).toBeGreaterThan(0);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBeGreaterThan(DEFAULT_RETRY_POLICY.baseDelayMs);
  });
});

describe('classifyStatus', () => {
  it('tells what is safe to repeat', () => {
    expect([429, 503, 408].map(classifyStatus)).toEqual(['not-processed', 'not-processed', 'not-processed']);
    expect([500, 502, 504].map(classifyStatus)).toEqual([
      'maybe-processed',
      'maybe-processed',
      'maybe-processed',
    ]);
    expect([400, 401, 403, 404, 409, 412, 422, 501].map(classifyStatus).every((k) => k === 'final')).toBe(
      true,
    );
  });
});

describe('classifyNetworkError', () => {
  const fetchError = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it('finds the code in the cause chain', () => {
    expect(networkErrorCode(fetchError('ECONNRESET'))).toBe('ECONNRESET');
    expect(networkErrorCode(new DOMException('timed out', 'TimeoutError'))).toBe('TimeoutError');
    expect(networkErrorCode('text')).toBeUndefined();
  });

  it('refused connections were never processed; resets and timeouts may have been', () => {
    expect(classifyNetworkError(fetchError('ECONNREFUSED'))).toBe('not-processed');
    expect(classifyNetworkError(fetchError('ECONNRESET'))).toBe('maybe-processed');
    expect(classifyNetworkError(fetchError('UND_ERR_SOCKET'))).toBe('maybe-processed');
    expect(classifyNetworkError(new DOMException('timed out', 'TimeoutError'))).toBe('maybe-processed');
    expect(classifyNetworkError(fetchError('ENOTFOUND'))).toBe('final');
  });
});

describe('decideRetry', () => {
  it('retries transient failures with backoff until the budget is spent', () => {
    expect(decideRetry({ kind: 'not-processed' }, 1, false, policy, () => 0)).toEqual({
      retry: true,
      delayMs: 50,
    });
    expect(decideRetry({ kind: 'not-processed' }, 3, false, policy, () => 0)).toEqual({
      retry: true,
      delayMs: 200,
    });
    expect(decideRetry({ kind: 'not-processed' }, 4, false, policy)).toEqual({
      retry: false,
      reason: 'exhausted',
    });
  });

  it('waits exactly what Retry-After asks, unless it is too long', () => {
    expect(decideRetry({ kind: 'not-processed', retryAfterMs: 1234 }, 1, true, policy)).toEqual({
      retry: true,
      delayMs: 1234,
    });
    expect(decideRetry({ kind: 'not-processed', retryAfterMs: 60_000 }, 1, true, policy)).toEqual({
      retry: false,
      reason: 'retry-after-too-long',
    });
  });

  it('repeats maybe-processed requests only when they are idempotent', () => {
    expect(decideRetry({ kind: 'maybe-processed' }, 1, true, policy, () => 0)).toEqual({
      retry: true,
      delayMs: 50,
    });
    expect(decideRetry({ kind: 'maybe-processed' }, 1, false, policy)).toEqual({
      retry: false,
      reason: 'not-idempotent',
    });
  });

  it('never repeats a final failure', () => {
    expect(decideRetry({ kind: 'final' }, 1, true, policy)).toEqual({ retry: false, reason: 'final' });
  });
});
