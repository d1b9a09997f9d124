/**
 * The typed client of the medsupply exchange API: openapi-fetch over types generated from the
 * OpenAPI document, so every path, parameter and body is checked by the compiler.
 *
 * @example
 * const client = createMedsupplyClient({ baseUrl: 'http://127.0.0.1:8080', token });
 * const { data, error, response } = await client.POST('/v1/documents', { body: document });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/api.js';

export type { components, paths, webhooks } from './generated/api.js';

/** Schemas of the API by name (`Receipt`, `Problem`, `BulkJob`…). */
export type Schemas = components['schemas'];

/** Options of {@link createMedsupplyClient}. */
export interface MedsupplyClientOptions {
  /** The server, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A bearer token (see the server's token file). */
  token?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** A client for every operation of the API. */
export type MedsupplyClient = Client<paths>;

/** Creates a client. */
export function createMedsupplyClient(options: MedsupplyClientOptions): MedsupplyClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
  });
}

/**
 * Submits NDJSON lines to `POST /v1/bulk` (openapi-fetch serialises bodies as JSON, so this one
 * request is sent as text) and returns the job's location.
 */
export async function submitBulk(
  client: MedsupplyClient,
  lines: readonly string[],
  mode: Schemas['BulkMode'] = 'best-effort',
): Promise<{ status: number; location: string | null; job: Schemas['BulkJob'] | undefined }> {
  const { response, data } = await client.POST('/v1/bulk', {
    params: { query: { mode } },
    body: `${lines.join('\n')}\n`,
    bodySerializer: (body: string) => body,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  return { status: response.status, location: response.headers.get('location'), job: data };
}
