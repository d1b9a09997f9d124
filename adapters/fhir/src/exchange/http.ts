/**
 * One HTTP exchange with a FHIR server, on Node's fetch, with the two guarantees a client library does
 * not give: redirects never leave the server's origin (and never carry the token), and a response body
 * is counted while it streams and dropped as soon as it passes the size cap.
 */

/** Default cap on one response body: 64 MiB, far above a FHIR page or transaction response. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Redirects followed within the server's origin before giving up. */
const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One request: everything but the origin policy, which {@link exchange} applies. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** JSON text of the body (POST). */
  body?: string;
  /** Bearer token, sent to the first URL only. */
  token?: string;
  /** Only URLs of this origin are ever requested. */
  origin: string;
  maxBytes: number;
  signal: AbortSignal;
}

/** A response whose body was read whole (within the cap). */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as text ('' when empty). */
  text: string;
}

/** A redirect that was not followed: to another origin, or one that would turn a POST into a GET. */
export class RedirectRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The origin the redirect pointed to (never the full URL: it may carry secrets). */
    readonly targetOrigin: string | undefined,
  ) {
    super(message);
  }
}

/** A response body larger than the cap; the rest of it was never read. */
export class ResponseTooLarge extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly limit: number,
  ) {
    super(message);
  }
}

/**
 * Sends a request and reads the response body. Redirects (3xx with a Location) are followed only
 * within `origin`, up to 5, without the Authorization header, and a POST only on 307/308 (which keep
 * the method and body); a redirect elsewhere throws {@link RedirectRefused} before anything is sent
 * there. A body past `maxBytes` (declared or counted) throws {@link ResponseTooLarge}.
 */
export async function exchange(request: HttpRequest): Promise<HttpResponse> {
  let url = request.url;
  let token = request.token;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = {
      accept: 'application/fhir+json',
      'user-agent': 'medsupply-fhir',
    };
    if (request.body !== undefined) headers['content-type'] = 'application/fhir+json';
    if (token !== undefined && token !== '') headers.authorization = `Bearer ${token}`;
    const response = await fetch(url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal: request.signal,
      keepalive: false,
    });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) {
      return {
        status: response.status,
        headers: response.headers,
        text: await readCapped(response, request.maxBytes),
      };
    }
    await response.body?.cancel().catch(() => undefined);
    const target = redirectTarget(location, url);
    if (
      target === undefined ||
      target.origin !== request.origin ||
      target.username !== '' ||
      target.password !== ''
    ) {
      const targetOrigin = target?.origin;
      throw new RedirectRefused(
        `the server redirects (HTTP ${response.status}) to ${targetOrigin === undefined ? 'an unreadable location' : `another origin (${targetOrigin})`}; not followed`,
        response.status,
        targetOrigin,
      );
    }
    if (request.method === 'POST' && response.status !== 307 && response.status !== 308) {
      throw new RedirectRefused(
        `the server redirects the POST with HTTP ${response.status}, which would turn it into a GET; not followed`,
        response.status,
        target.origin,
      );
    }
    if (hop >= MAX_REDIRECTS) {
      throw new RedirectRefused(
        `more than ${MAX_REDIRECTS} redirects; not followed`,
        response.status,
        target.origin,
      );
    }
    url = target.href;
    // A redirect, even within the origin, may lead to a part of the server the token was not meant for.
    token = undefined;
  }
}

function redirectTarget(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/**
 * Reads a body as UTF-8 text, counting bytes as they arrive (decompressed, so a compressed bomb is
 * caught too); past `maxBytes` the stream is cancelled, so at most one chunk more than the cap is held.
 */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new ResponseTooLarge(
      `the response is larger than ${maxBytes} bytes (the response size cap); not read further`,
      response.status,
      maxBytes,
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes && response.headers.get('content-encoding') === null) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
