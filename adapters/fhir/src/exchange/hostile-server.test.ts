import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FhirExchangeClient, FhirRequestError } from './client.js';
import { pullDocuments } from './pull.js';
import { pushDocuments } from './push.js';

/** What a loopback server received. */
interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  bodyBytes: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server on 127.0.0.1, port 0, recording every request it receives. */
async function serve(handler: Handler): Promise<{ base: string; origin: string; received: Received[] }> {
  const received: Received[] = [];
  let base = '';
  const server = createServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        bodyBytes,
      });
      handler(req, res, base);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}/fhir`;
  return { base, origin, received };
}

const SEA_FREIGHT = fileURLToPath(
  new URL('../../../../schemas/fixtures/1.0.0/shipment/valid/sea-freight-in-transit.json', import.meta.url),
);
const TOKEN = 'secret-token-123';
const noWait = { sleep: async () => {} };
const transactionResponse = {
  resourceType: 'Bundle',
  type: 'transaction-response',
  entry: [{ response: { status: '201 Created', location: 'Organization/1/_history/1' } }],
};
const redirectTo =
  (target: () => string, status = 307): Handler =>
  (_req, res) => {
    res.writeHead(status, { location: target() });
    res.end();
  };
const reply =
  (body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(body));
  };

describe('redirects', () => {
  it('refuses a push redirected to another origin: nothing, not even the token, reaches the other server', async () => {
    const other = await serve(reply(transactionResponse));
    const server = await serve(redirectTo(() => `${other.base}/`));
    const client = new FhirExchangeClient({ baseUrl: server.base, token: TOKEN, ...noWait });
    const failure = await client
      .postBundle({ resourceType: 'Bundle', type: 'transaction' }, true)
      .catch((e) => e);
    expect(failure).toBeInstanceOf(FhirRequestError);
    expect(failure.reason).toBe('redirect-refused');
    expect(failure.attempts).toBe(1);
    expect(failure.message).toContain(other.origin);
    expect(other.received).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  it('reports a push redirected off the server as FHIR_REDIRECT_REFUSED, nothing stored', async () => {
    const other = await serve(reply(transactionResponse));
    const server = await serve(redirectTo(() => `${other.base}/`, 308));
    const client = new FhirExchangeClient({ baseUrl: server.base, token: TOKEN, ...noWait });
    const document = JSON.parse(readFileSync(SEA_FREIGHT, 'utf8'));
    const reports = [];
    for await (const report of pushDocuments(
      (async function* () {
        yield { source: 'sea.json', index: 0, value: document, issues: [] };
      })(),
      { client, fhirVersion: '4', bundleType: 'transaction' },
    )) {
      reports.push(report);
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]!.stored).toBe(false);
    expect(reports[0]!.issues.map((i) => i.code)).toContain('FHIR_REDIRECT_REFUSED');
    expect(server.received).toHaveLength(1);
    expect(other.received).toEqual([]);
  });

  it('refuses a search redirected to another origin, so a pull is incomplete and takes nothing from there', async () => {
    const other = await serve(reply({ resourceType: 'Bundle', type: 'searchset', entry: [] }));
    const server = await serve(redirectTo(() => `${other.base}/SupplyDelivery`, 302));
    const client = new FhirExchangeClient({ baseUrl: server.base, token: TOKEN, ...noWait });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(result.complete).toBe(false);
    expect(result.issues.map((i) => i.code)).toContain('FHIR_REDIRECT_REFUSED');
    expect(other.received).toEqual([]);
  });

  it('follows a redirect within the origin, but without the token', async () => {
    let first = true;
    const server = await serve((req, res, base) => {
      if (first) {
        first = false;
        res.writeHead(301, { location: `${base}/moved/SupplyDelivery` });
        res.end();
        return;
      }
      reply({ resourceType: 'Bundle', type: 'searchset', entry: [] })(req, res, base);
    });
    const client = new FhirExchangeClient({ baseUrl: server.base, token: TOKEN, ...noWait });
    const answer = await client.search('SupplyDelivery', {});
    expect(answer.status).toBe(200);
    expect(server.received.map((r) => r.url)).toEqual(['/fhir/SupplyDelivery', '/fhir/moved/SupplyDelivery']);
    expect(server.received[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.received[1]!.authorization).toBeUndefined();
  });

  it('refuses a same-origin 302 on a POST, which would turn the transaction into a GET', async () => {
    const server = await serve(redirectTo(() => '/fhir/elsewhere', 302));
    const client = new FhirExchangeClient({ baseUrl: server.base, ...noWait });
    const failure = await client.postBundle({ resourceType: 'Bundle' }, true).catch((e) => e);
    expect(failure.reason).toBe('redirect-refused');
    expect(server.received).toHaveLength(1);
  });
});

describe('response size cap', () => {
  const MiB = 1024 * 1024;

  it('stops reading a chunked body past the cap, without retrying and without buffering it', async () => {
    let sent = 0;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json' }); // no content-length: chunked
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('{"resourceType":"Bundle","padding":"');
      const pump = () => {
        // Up to 1 GiB, written only as fast as the client reads (backpressure).
        while (sent < 1024 * MiB) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('"}');
      };
      res.on('close', closed);
      pump();
    });
    const client = new FhirExchangeClient({ baseUrl: server.base, maxResponseBytes: 2 * MiB, ...noWait });
    const before = process.memoryUsage().rss;
    const failure = await client.search('SupplyDelivery', {}).catch((e) => e);
    await done;
    expect(failure).toBeInstanceOf(FhirRequestError);
    expect(failure.reason).toBe('too-large');
    expect(failure.attempts).toBe(1);
    expect(server.received).toHaveLength(1);
    // What left the server is bounded by the cap plus socket buffers, far from the 1 GiB offered.
    expect(sent).toBeLessThan(64 * MiB);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
  });

  it('refuses a body whose declared length passes the cap before reading it', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-length': String(10 * MiB) });
      res.write('{"resourceType":"Bundle"');
      // Never finishes: the client must not wait for the rest.
    });
    const client = new FhirExchangeClient({
      baseUrl: server.base,
      maxResponseBytes: MiB,
      timeoutMs: 5000,
      ...noWait,
    });
    const failure = await client.search('SupplyDelivery', {}).catch((e) => e);
    expect(failure.reason).toBe('too-large');
    expect(failure.message).toMatch(/larger than 1048576 bytes/);
  });

  it('reports a too-large page as FHIR_RESPONSE_TOO_LARGE in a pull', async () => {
    const server = await serve(reply({ resourceType: 'Bundle', type: 'searchset', pad: 'x'.repeat(4096) }));
    const client = new FhirExchangeClient({ baseUrl: server.base, maxResponseBytes: 1024, ...noWait });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(result.complete).toBe(false);
    expect(result.issues.map((i) => i.code)).toEqual(['FHIR_RESPONSE_TOO_LARGE', 'FHIR_PULL_INCOMPLETE']);
  });
});

describe('malformed search pages', () => {
  const pages: Array<[string, unknown]> = [
    ['"entry" is not an array', { resourceType: 'Bundle', type: 'searchset', entry: 'x' }],
    ['an entry that is not an object', { resourceType: 'Bundle', type: 'searchset', entry: [7] }],
    ['"link" is not an array', { resourceType: 'Bundle', type: 'searchset', link: { relation: 'next' } }],
    [
      'a non-string next url',
      { resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: 42 }] },
    ],
  ];
  for (const [what, page] of pages) {
    it(`ends a pull as incomplete on a page with ${what}`, async () => {
      const server = await serve(reply(page));
      const client = new FhirExchangeClient({ baseUrl: server.base, ...noWait });
      const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
      expect(result.complete).toBe(false);
      expect(result.documents).toEqual([]);
      expect(result.issues[0]).toMatchObject({ code: 'FHIR_SEARCH_PAGE_INVALID', severity: 'error' });
    });
  }
});

describe('duplicate member names in a response', () => {
  const raw =
    (text: string): Handler =>
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/fhir+json' });
      res.end(text);
    };

  it('refuses a reply that names resourceType twice, once, without retrying', async () => {
    const server = await serve(
      raw('{"resourceType":"Bundle","type":"searchset","resourceType":"OperationOutcome"}'),
    );
    const client = new FhirExchangeClient({ baseUrl: server.base, ...noWait });
    const error = await client.search('SupplyDelivery', {}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FhirRequestError);
    expect((error as FhirRequestError).reason).toBe('duplicate-member');
    expect((error as FhirRequestError).details.path).toBe('/resourceType');
    expect((error as FhirRequestError).message).toContain('"resourceType" twice');
    expect(server.received).toHaveLength(1);
  });

  it('ends a pull as incomplete on a page with a duplicate nested in an entry, naming where', async () => {
    const page =
      '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"SupplyDelivery","id":"a","status":"completed","status":"abandoned"}}]}';
    const server = await serve(raw(page));
    const client = new FhirExchangeClient({ baseUrl: server.base, ...noWait });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(result.complete).toBe(false);
    expect(result.documents).toEqual([]);
    expect(result.issues[0]).toMatchObject({ code: 'FHIR_RESPONSE_DUPLICATE_MEMBER', severity: 'error' });
    expect(result.issues[0]?.message).toContain('/entry/0/resource/status');
  });

  it('reads a reply whose names only look alike (a name inside a string value)', async () => {
    const server = await serve(
      raw('{"resourceType":"Bundle","type":"searchset","total":0,"id":"\\"total\\":"}'),
    );
    const client = new FhirExchangeClient({ baseUrl: server.base, ...noWait });
    const result = await pullDocuments({ client, fhirVersion: '4', type: 'Shipment' });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
