/**
 * `medsupply fhir push|pull` against a hostile server on loopback: what reaches the terminal, what
 * reaches a second server, and the exit codes.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';

const SEA = join(
  repositoryRoot,
  'schemas',
  'fixtures',
  '1.0.0',
  'shipment',
  'valid',
  'sea-freight-in-transit.json',
);
const TOKEN = 'Tok3n.For-The_Test';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ base: string; received: string[] }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'} ${body.length}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, received };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
};

describe('medsupply fhir against a hostile server', () => {
  it('prints server diagnostics and Location values with control characters escaped and the token redacted in every encoding', async () => {
    const echoed = [
      TOKEN.toUpperCase(),
      encodeURIComponent(TOKEN).replace(/[.\-_]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
      Buffer.from(`Bearer ${TOKEN}`).toString('base64'),
    ].join(' ');
    const server = await serve((_req, res, body) => {
      const entries = (JSON.parse(body) as { entry: unknown[] }).entry;
      json(res, 200, {
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: entries.map(() => ({
          response: {
            status: '201 Created',
            location: 'Organization/1\u001b[2J\u001b[Hpushed 9 of 9 documents',
            outcome: {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'warning',
                  code: 'informational',
                  diagnostics: `seen ${echoed}\u001b]0;owned\u0007`,
                },
              ],
            },
          },
        })),
      });
    });
    const run = await runCli(['fhir', 'push', '--server', server.base, '--token', TOKEN, SEA]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(run.stderr).toContain('Organization/1\\x1b[2J\\x1b[Hpushed 9 of 9 documents');
    expect(run.stderr).toContain('\\x1b]0;owned\\x07');
    expect(run.stderr).toMatch(/seen \*\*\* \*\*\* /);
    expect(run.stderr.toLowerCase()).not.toContain(TOKEN.toLowerCase());
    expect(run.stderr).not.toContain(Buffer.from(TOKEN).toString('base64').slice(4, 16));
  });

  it('exits 1 and names the other origin when a push is redirected there; the other server receives nothing', async () => {
    const other = await serve((_req, res) =>
      json(res, 200, { resourceType: 'Bundle', type: 'transaction-response' }),
    );
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: `${other.base}/` });
      res.end();
    });
    const run = await runCli(['fhir', 'push', '--server', server.base, '--token', TOKEN, SEA]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FHIR_REDIRECT_REFUSED|redirects \(HTTP 307\) to another origin/);
    expect(other.received).toEqual([]);
  });

  it('exits 1 on a malformed search page instead of reporting a complete pull', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: 'x',
        link: [{ relation: 'next', url: 1 }],
      }),
    );
    const out = await runCli(['fhir', 'pull', '--server', server.base, '--type', 'Shipment']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/FHIR_SEARCH_PAGE_INVALID/);
    expect(out.stderr).toMatch(/incomplete, nothing written/);
  });

  it('exits 1 with FHIR_RESPONSE_TOO_LARGE when a page passes --max-response-mb', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, { resourceType: 'Bundle', type: 'searchset', padding: 'x'.repeat(2 * 1024 * 1024) }),
    );
    const out = await runCli([
      'fhir',
      'pull',
      '--server',
      server.base,
      '--type',
      'Shipment',
      '--max-response-mb',
      '1',
    ]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/FHIR_RESPONSE_TOO_LARGE/);
    expect(server.received).toHaveLength(1);
  });

  it('pulls deliveries that name no sender as 1.1.0 Shipments when given --sender, and not without it', async () => {
    const delivery = {
      resourceType: 'SupplyDelivery',
      id: 'd1',
      meta: { lastUpdated: '2024-12-01T09:00:00+01:00' },
      status: 'completed',
      supplier: { reference: 'Practitioner/tech', display: 'Pharmacy Technician' },
      destination: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000020' } },
      suppliedItem: {
        quantity: { value: 2, unit: 'Pack' },
        itemCodeableConcept: { coding: [{ system: 'https://www.gs1.org/gtin', code: '05412345000044' }] },
      },
      occurrenceDateTime: '2024-12-01T08:30:00+01:00',
    };
    const server = await serve((req, res) => {
      if (req.url?.startsWith('/fhir/Practitioner/')) {
        json(res, 404, { resourceType: 'OperationOutcome', issue: [] });
        return;
      }
      json(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: delivery, search: { mode: 'match' } }],
      });
    });
    const pull = (...extra: string[]) =>
      runCli(['fhir', 'pull', '--server', server.base, '--type', 'Shipment', ...extra]);
    const without = await pull();
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/no value for \/sender/);
    const given = await pull('--sender', 'https://www.gs1.org/gln|5412345000082');
    expect(given.stderr).not.toMatch(/ error /);
    expect(given.code).toBe(0);
    const [shipment] = given.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(shipment).toMatchObject({
      schemaVersion: '1.1.0',
      sender: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000082' } },
      createdAt: '2024-12-01T09:00:00+01:00',
      shipTo: { identifier: { system: 'https://www.gs1.org/gln', value: '5412345000020' } },
    });
    expect(shipment.shipper).toBeUndefined();
  });
});
