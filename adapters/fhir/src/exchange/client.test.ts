import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FhirExchangeClient, FhirRequestError, checkBaseUrl } from './client.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A scripted HTTP server: the n-th request gets the n-th handler (the last one repeats). */
async function stub(...handlers: Handler[]): Promise<{
  url: string;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  server: Server;
}> {
  const requests: { url: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers });
      const handler = handlers[Math.min(requests.length - 1, handlers.length - 1)]!;
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, requests, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
    res.end(JSON.stringify(body));
  };
const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [] };
const noWait = { sleep: async () => {} };

describe('checkBaseUrl', () => {
  it('accepts http(s) base URLs', () => {
    expect(checkBaseUrl('https://fhir.example.org/R4/').pathname).toBe('/R4/');
  });

  it('refuses other schemes, credentials in the URL, queries and non-URLs', () => {
    expect(() => checkBaseUrl('ftp://example.org/fhir')).toThrow(/http/);
    expect(() => checkBaseUrl('https://user:pw@example.org/fhir')).toThrow(/credentials/);
    expect(() => checkBaseUrl('https://example.org/fhir?x=1')).toThrow(/query/);
    expect(() => checkBaseUrl('fhir.example.org')).toThrow(/not a URL/);
  });
});

describe('FhirExchangeClient', () => {
  it('POSTs Bundles to the base with the token, FHIR JSON headers and the reply status', async () => {
    const server = await stub(json(200, { resourceType: 'Bundle', type: 'transaction-response', entry: [] }));
    const client = new FhirExchangeClient({ baseUrl: `${server.url}/`, token: 'abc123' });
    const reply = await client.postBundle(bundle, true);
    expect(reply).toMatchObject({ status: 200, attempts: 1, body: { type: 'transaction-response' } });
    expect(server.requests[0]?.url).toBe('/fhir/');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer abc123');
    expect(server.requests[0]?.headers['content-type']).toBe('application/fhir+json');
    expect(server.requests[0]?.headers.accept).toBe('application/fhir+json');
  });

  it('sends no Authorization header without a token', async () => {
    const server = await stub(json(200, { resourceType: 'Bundle' }));
    await new FhirExchangeClient({ baseUrl: server.url }).search('Basic', { code: 'x' });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.url).toBe('/fhir/Basic?code=x');
  });

  it('retries a 502 page from a proxy and gives the next reply', async () => {
    const proxyError: Handler = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    const server = await stub(
      proxyError,
      json(200, { resourceType: 'Bundle', type: 'batch-response', entry: [] }),
    );
    const reply = await new FhirExchangeClient({ baseUrl: server.url, ...noWait }).postBundle(bundle, true);
    expect(reply.attempts).toBe(2);
  });

  it('waits what Retry-After says before the next attempt', async () => {
    const waits: number[] = [];
    const server = await stub(json(429, {}, { 'retry-after': '7' }), json(200, { resourceType: 'Bundle' }));
    const client = new FhirExchangeClient({ baseUrl: server.url, sleep: async (ms) => void waits.push(ms) });
    await client.search('SupplyDelivery', {});
    expect(waits).toEqual([7000]);
  });

  it('gives up after the allowed retries with the last status and body', async () => {
    const server = await stub(
      json(503, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }),
    );
    const client = new FhirExchangeClient({ baseUrl: server.url, retry: { retries: 2 }, ...noWait });
    const error = await client.postBundle(bundle, true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirRequestError);
    expect(error).toMatchObject({
      reason: 'http',
      attempts: 3,
      details: { status: 503, body: { resourceType: 'OperationOutcome' } },
    });
    expect(server.requests).toHaveLength(3);
  });

  it('times out a slow reply, and does not repeat it when the request is not idempotent', async () => {
    const slow: Handler = (_req, res) => {
      setTimeout(() => json(200, { resourceType: 'Bundle' })(_req, res, ''), 1000);
    };
    const server = await stub(slow);
    const client = new FhirExchangeClient({ baseUrl: server.url, timeoutMs: 100, ...noWait });
    const error = await client.postBundle(bundle, false).catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: 'timeout',
      attempts: 1,
      details: { errorCode: 'TimeoutError', maybeProcessed: true },
    });
    expect((error as Error).message).toMatch(/not idempotent/);
  });

  it('treats a 2xx that is not FHIR JSON as an invalid response, without retrying', async () => {
    const html: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    };
    const server = await stub(html);
    const error = await new FhirExchangeClient({ baseUrl: server.url, ...noWait })
      .postBundle(bundle, true)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'invalid-response', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('follows relative and same-origin next links, and refuses links to other origins', async () => {
    const server = await stub(json(200, { resourceType: 'Bundle', type: 'searchset' }));
    const client = new FhirExchangeClient({ baseUrl: server.url, token: 't' });
    const page = (url: string) => ({ resourceType: 'Bundle', link: [{ relation: 'next', url }] });
    await client.nextPage(page('SupplyDelivery?_offset=20'));
    expect(server.requests[0]?.url).toBe('/fhir/SupplyDelivery?_offset=20');
    await client.nextPage(page(`${server.url}/SupplyDelivery?_offset=40`));
    expect(server.requests[1]?.url).toBe('/fhir/SupplyDelivery?_offset=40');
    await expect(client.nextPage(page('https://elsewhere.example/fhir?page=3'))).rejects.toMatchObject({
      reason: 'foreign-link',
    });
    expect(
      client.nextPage({ resourceType: 'Bundle', link: [{ relation: 'self', url: 'x' }] }),
    ).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it('refuses ids and types that are not FHIR ones before sending anything', async () => {
    const server = await stub(json(200, { resourceType: 'Organization', id: 'x' }));
    const client = new FhirExchangeClient({ baseUrl: server.url });
    await expect(client.read('Organization', '../../admin')).rejects.toBeInstanceOf(FhirRequestError);
    await expect(client.search('organization?x=1', {})).rejects.toBeInstanceOf(FhirRequestError);
    expect(server.requests).toHaveLength(0);
  });
});
