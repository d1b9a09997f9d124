/**
 * `medsupply fhir push|pull` end to end: the built CLI in a child process (run `pnpm build` first)
 * against the FHIR test server, with faults; the report, the exit codes, and the token that never
 * appears in any output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FhirTestServer, startFhirServer } from '../../scripts/fhir-server/server.js';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';

const SHIPMENTS = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0', 'shipment', 'valid');
const SEA = join(SHIPMENTS, 'sea-freight-in-transit.json');
const AIR = join(SHIPMENTS, 'api-air-freight-mass-received.json');
const seaDocument = JSON.parse(readFileSync(SEA, 'utf8')) as { documentId: string };
const TOKEN = 'tk_live_5c1d9e0b7a2f4e31';

/** Runs with MEDSUPPLY_FHIR_TOKEN set, as the child process inherits this process's environment. */
async function withTokenInEnvironment<T>(run: () => Promise<T>): Promise<T> {
  process.env.MEDSUPPLY_FHIR_TOKEN = TOKEN;
  try {
    return await run();
  } finally {
    delete process.env.MEDSUPPLY_FHIR_TOKEN;
  }
}

// Each case starts a few node processes; give them room on a busy machine.
describe('medsupply fhir push|pull (CLI)', { timeout: 90_000 }, () => {
  let server: FhirTestServer;
  let work: string;

  beforeAll(async () => {
    server = await startFhirServer({ token: TOKEN });
    work = mkdtempSync(join(tmpdir(), 'medsupply-fhir-'));
  });
  beforeEach(() => {
    server.reset();
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  const push = (...args: string[]) =>
    runCli(['fhir', 'push', '--server', server.baseUrl, '--token', TOKEN, '--retries', '2', ...args]);

  it('pushes .json and .ndjson files and stdin; exit 0; one report line per entry', async () => {
    const ndjson = join(work, 'two.ndjson');
    writeFileSync(
      ndjson,
      `${readFileSync(SEA, 'utf8').replace(/\n\s*/g, '')}\n${readFileSync(AIR, 'utf8').replace(/\n\s*/g, '')}\n`,
    );
    // Empty stdin is no longer a silent no-op (it is an EMPTY_INPUT), so stdin carries a document here.
    const run = await runCli(
      ['fhir', 'push', '--server', server.baseUrl, '--token', TOKEN, '--retries', '2', SEA, ndjson, '-'],
      { stdin: readFileSync(AIR) },
    );
    expect(run.stderr).toMatch(/pushed 4 of 4 documents/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(
        `sea-freight-in-transit\\.json:1 Shipment ${seaDocument.documentId} \\(transaction, 1 attempt\\)`,
      ),
    );
    expect(run.stderr).toMatch(/two\.ndjson:2 Shipment/);
    expect(run.stderr).toMatch(/ {2}entry 0 \w+ \S+ POST \w+: 201 created \w+\//);
    // The second copy of the sea shipment found its resources there already.
    expect(run.stderr).toMatch(/two\.ndjson:1 Shipment [\s\S]*?: 200 exists/);
    expect(run.stdout).toBe('');
  });

  it('reads a document from stdin', async () => {
    const run = await runCli(['fhir', 'push', '--server', server.baseUrl, '-'], { stdin: readFileSync(AIR) });
    // No token given: the server refuses with 401, which is reported, not retried.
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/-:1 Shipment .*\(transaction, 1 attempt\)/);
    expect(run.stderr).toMatch(/: 401 failed/);
    expect(server.requests).toHaveLength(1);
  });

  it('a 400 with an OperationOutcome: exit 1, and the entry, type, identifier, status and diagnostics are reported', async () => {
    server.inject({
      status: 400,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'invalid',
            diagnostics: 'Unknown destination',
            expression: ['Bundle.entry[1].resource.destination'],
          },
        ],
      },
    });
    const run = await push(SEA);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      / {2}entry 1 Location https:\/\/www\.gs1\.org\/gln\|\d{13} POST Location: 400 failed\n {4}Bundle\.entry\[1\]\.resource\.destination: Unknown destination/,
    );
    expect(run.stderr).toMatch(/entry 0 .*: 400 rolled-back/);
    expect(run.stderr).toMatch(/error FHIR_TRANSACTION_REJECTED/);
    expect(run.stderr).toMatch(/pushed 0 of 1 documents/);
    expect(run.stderr).toMatch(/hint: 1 transaction\(s\) were refused as a whole; --batch-fallback/);
  });

  it('--format json: the report on stdout as one JSON object', async () => {
    server.inject({ status: 429, retryAfter: '1' });
    const run = await push('--format', 'json', SEA);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ documents: 1, documentsStored: 1, attempts: 2 });
    const [document] = report.documents;
    expect(document).toMatchObject({
      source: SEA,
      documentType: 'Shipment',
      documentId: seaDocument.documentId,
      bundleType: 'transaction',
      stored: true,
    });
    for (const entry of document.entries) {
      expect(entry).toEqual(
        expect.objectContaining({
          entry: expect.any(Number),
          resourceType: expect.any(String),
          request: expect.any(String),
          status: 201,
          outcome: 'created',
        }),
      );
    }
    expect(
      document.entries.find((e: { resourceType: string }) => e.resourceType === 'SupplyDelivery').identifier,
    ).toContain(seaDocument.documentId);
  });

  it('never prints the token, not even when the server echoes it back', async () => {
    const echo = {
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'security', diagnostics: `token Bearer ${TOKEN} is not allowed here` },
      ],
    };
    for (const format of ['text', 'json']) {
      server.inject({ status: 503, body: echo }, { status: 403, body: echo });
      const run = await push('--format', format, SEA);
      expect(run.code).toBe(1);
      expect(`${run.stdout}${run.stderr}`).toMatch(/is not allowed here/);
      expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    }
    server.inject({ method: 'GET', status: 400, body: echo });
    const pulled = await withTokenInEnvironment(() =>
      runCli(['fhir', 'pull', '--server', server.baseUrl, '--type', 'Shipment']),
    );
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toMatch(/token Bearer \*\*\* is not allowed here/);
    expect(`${pulled.stdout}${pulled.stderr}`).not.toContain(TOKEN);
  });

  it('keeps the token out of stderr with every debug log switched on', async () => {
    process.env.DEBUG = '*';
    try {
      server.inject({ status: 503 });
      const run = await push(SEA);
      expect(run.code).toBe(0);
      expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    } finally {
      delete process.env.DEBUG;
    }
  });

  it('announces each retry on stderr, with the Retry-After wait', async () => {
    server.inject({ status: 429, retryAfter: '1' }, { drop: 'after' });
    const run = await push(SEA);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /retry: POST \/ failed with HTTP 429 on attempt 1 of 3; trying again in 1\.0 s \(Retry-After\)/,
    );
    expect(run.stderr).toMatch(/retry: POST \/ failed with \S+ on attempt 2 of 3/);
    expect(run.stderr).toMatch(/: 200 exists/);
  });

  it('refuses an invalid canonical document without sending it', async () => {
    const invalid = join(work, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...seaDocument, shipper: undefined, status: 'lost' }));
    const run = await push(invalid);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid\.json:1 Shipment .*\(not sent\)/);
    expect(server.requests).toHaveLength(0);
  });

  it('pulls canonical NDJSON to stdout or a file', async () => {
    expect((await push(SEA, AIR)).code).toBe(0);
    const run = await runCli([
      'fhir',
      'pull',
      '--server',
      server.baseUrl,
      '--token',
      TOKEN,
      '--type',
      'Shipment',
      '--page-size',
      '1',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((d) => d.documentType)).toEqual(['Shipment', 'Shipment']);
    expect(lines.map((d) => d.documentId)).toContain(seaDocument.documentId);
    expect(run.stderr).toMatch(/pulled 2 Shipment documents from \d+ SupplyDelivery resources \(\d+ pages/);

    const file = join(work, 'pulled.ndjson');
    writeFileSync(file, 'an earlier pull\n');
    const toFile = await runCli([
      'fhir',
      'pull',
      '--server',
      server.baseUrl,
      '--type',
      'shipment',
      '-o',
      file,
    ]);
    expect(toFile.code).toBe(1); // no token in this run: 401
    expect(readFileSync(file, 'utf8')).toBe('an earlier pull\n'); // a failed pull replaces nothing
    expect(toFile.stderr).toMatch(/was not written \(the pull did not complete\)/);
    const withEnv = await withTokenInEnvironment(() =>
      runCli([
        'fhir',
        'pull',
        '--server',
        server.baseUrl,
        '--type',
        'shipment',
        '-o',
        file,
        '--since',
        '2000-01-01',
      ]),
    );
    expect(withEnv.code).toBe(0);
    expect(withEnv.stdout).toBe('');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('usage errors exit 2 before anything is sent', async () => {
    const cases = [
      ['fhir', 'pull', '--server', server.baseUrl, '--type', 'Patient'],
      ['fhir', 'pull', '--server', server.baseUrl, '--type', 'Shipment', '--since', 'last week'],
      ['fhir', 'pull', '--server', 'ftp://example.org/fhir', '--type', 'Shipment'],
      ['fhir', 'push', '--server', 'https://user:secret@example.org/fhir', SEA],
      ['fhir', 'push', '--server', server.baseUrl, '--fhir-version', '3', SEA],
      ['fhir', 'push', '--server', server.baseUrl, SEA, join(work, 'missing.json')],
      ['fhir', 'pull', '--server', server.baseUrl, '--type', 'Shipment', '-o', join(SEA, 'x.ndjson')],
      ['fhir', 'pull', '--server', server.baseUrl, '--type', 'Shipment', '-o', work],
    ];
    for (const args of cases) {
      const run = await runCli(args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).not.toContain('secret');
    }
    expect(server.requests).toHaveLength(0);
  });
});
