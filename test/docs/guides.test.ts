/**
 * Every `medsupply …` command of every guide (docs/guides/*.md) and of README.md runs as written from
 * the repository root with the built CLI and ends with the exit code the guide documents. The
 * convention is at the top of docs/guides/README.md. Needs `pnpm build`.
 *
 * Each Markdown file runs in its own temporary folder that links every entry of the repository root,
 * so `docs/samples/…` resolves as written while the files a guide writes (`-o out.ndjson`,
 * `> bundle.json`) stay out of the repository; commands of one file run in order and share the folder,
 * so a later command can read what an earlier one wrote. Commands that name the local FHIR server
 * (`http://127.0.0.1:8080/fhir/R4`, what `pnpm fhir:server` serves) go to one started for this test,
 * on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';
import { documentedExitCode, extractCommands, runsMedsupply } from './guide-commands.js';

/** The base URL the guides use for the server of `pnpm fhir:server`. */
const LOCAL_FHIR_SERVER = 'http://127.0.0.1:8080/fhir/R4';
const COMMAND_TIMEOUT_MS = 120_000;

const guideFiles = readdirSync(join(repositoryRoot, 'docs', 'guides'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => `docs/guides/${name}`);
const documents = ['README.md', ...guideFiles].map((file) => ({
  file,
  commands: extractCommands(readFileSync(join(repositoryRoot, file), 'utf8')),
}));
const needsServer = documents.some((d) => d.commands.some((c) => c.command.includes(LOCAL_FHIR_SERVER)));

describe('the convention for guide commands', () => {
  it('finds medsupply as the first word, after variable assignments, or after a pipe', () => {
    expect(runsMedsupply('medsupply validate x.json')).toBe(true);
    expect(runsMedsupply('NO_COLOR=1 medsupply --help')).toBe(true);
    expect(runsMedsupply('cat events.xml | medsupply convert --from epcis-xml --to epcis-json -')).toBe(true);
    expect(runsMedsupply('npx -y pnpm@10 exec medsupply --help')).toBe(false);
    expect(runsMedsupply('export MEDSUPPLY_FHIR_TOKEN=…')).toBe(false);
    expect(runsMedsupply('medsupplying')).toBe(false);
  });

  it('reads the documented exit code from a trailing "# exit N" comment, 0 without one', () => {
    expect(documentedExitCode('medsupply validate bad.json   # exit 1: two records are broken')).toBe(1);
    expect(documentedExitCode('medsupply validate good.json  # the column names the template')).toBe(0);
    expect(documentedExitCode("medsupply gs1 parse '#exit 3'")).toBe(0);
  });

  it('runs only sh blocks, joins continued lines, and ignores other fences', () => {
    const markdown = [
      '```sh',
      'medsupply validate a.json \\',
      '  --format json   # exit 1',
      '```',
      '```',
      'medsupply validate [--schema TYPE] PATH…',
      '```',
      '````sh',
      '```',
      'medsupply --version',
      '````',
    ].join('\n');
    expect(extractCommands(markdown)).toEqual([
      { line: 2, command: 'medsupply validate a.json --format json   # exit 1', exitCode: 1 },
      { line: 10, command: 'medsupply --version', exitCode: 0 },
    ]);
  });

  it('finds commands in the guides', () => {
    expect(documents.reduce((n, d) => n + d.commands.length, 0)).toBeGreaterThan(10);
  });
});

let bin = '';
let server: { child: ChildProcess; baseUrl: string } | undefined;

beforeAll(async () => {
  // A `medsupply` on PATH that is the built CLI, as `npm i -g` of the packed CLI would give.
  bin = mkdtempSync(join(tmpdir(), 'medsupply-guides-bin-'));
  const cli = join(repositoryRoot, 'packages', 'cli', 'bin', 'medsupply.js');
  writeFileSync(join(bin, 'medsupply'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  chmodSync(join(bin, 'medsupply'), 0o755);
  if (needsServer) server = await startLocalFhirServer();
}, 180_000);

afterAll(() => {
  server?.child.kill('SIGTERM');
  if (bin) rmSync(bin, { recursive: true, force: true });
});

for (const { file, commands } of documents) {
  if (commands.length === 0) continue;
  describe(`${file} runs as written`, () => {
    let work = '';
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'medsupply-guide-'));
      for (const entry of readdirSync(repositoryRoot)) {
        if (entry !== '.git') symlinkSync(join(repositoryRoot, entry), join(work, entry));
      }
    });
    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    for (const { line, command, exitCode } of commands) {
      it(`line ${line} exits ${exitCode}: ${command}`, { timeout: COMMAND_TIMEOUT_MS }, async () => {
        const actual = server ? command.replaceAll(LOCAL_FHIR_SERVER, server.baseUrl) : command;
        const run = await runShell(actual, work);
        expect(
          run.code,
          `${file}:${line} ${command}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
        ).toBe(exitCode);
      });
    }
  });
}

/** Runs one command line with bash in `cwd`, with the built CLI first on PATH and no stdin. */
function runShell(
  command: string,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], {
      cwd,
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8').slice(-4000),
        stderr: Buffer.concat(err).toString('utf8').slice(-4000),
      }),
    );
  });
}

/** Starts `pnpm fhir:server --port 0` (its script, without pnpm) and reads its base URL. */
async function startLocalFhirServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const tsx = join(repositoryRoot, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [join(repositoryRoot, 'scripts', 'fhir-server', 'main.ts'), '--port', '0'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`pnpm fhir:server exited ${code} before printing its URL`)),
    );
    child.once('error', reject);
  });
  expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
  return { child, baseUrl: firstLine };
}
