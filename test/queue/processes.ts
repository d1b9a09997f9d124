/** `medsupply serve --queue` and `medsupply worker` as child processes, as operators run them. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type ServeProcess, startServe } from '../support/serve.js';
import { repositoryRoot } from '../support/shared.js';

const BIN = join(repositoryRoot, 'packages', 'cli', 'bin', 'medsupply.js');

/** Starts a queue-mode server publishing to `natsUrl`, storing job state in `databaseUrl`. */
export function startQueueServe(
  natsUrl: string,
  databaseUrl: string,
  deployment: string,
): Promise<ServeProcess> {
  return startServe(['--queue', natsUrl, '--deployment', deployment], { DATABASE_URL: databaseUrl });
}

/** A running worker. */
export interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM, and the exit code once it exited. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code (or null after a signal). */
  exited: Promise<number | null>;
}

/** Runs `medsupply worker` and resolves once it is consuming. */
export function startWorker(
  natsUrl: string,
  databaseUrl: string,
  deployment: string,
  args: string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'worker', '--queue', natsUrl, '--deployment', deployment, ...args],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready\n'))
        resolve({
          child,
          stderr: () => stderr,
          exited,
          stop: () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
    });
    void exited.then((code) =>
      reject(new Error(`medsupply worker exited with ${code} before it was ready: ${stderr}`)),
    );
  });
}

// biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON each test asserts on
export type Json = any;

/** GETs JSON, failing on any status but 200. */
export async function getJson(url: string): Promise<Json> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Polls a bulk job until it is no longer running (or `timeoutMs` passed); returns its last view. */
export async function waitForJob(
  base: string,
  location: string,
  timeoutMs: number,
  onPoll?: (job: Json) => void | Promise<void>,
): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  let job = await getJson(`${base}${location}`);
  while (job.status === 'running' && Date.now() < deadline) {
    await onPoll?.(job);
    await new Promise((r) => setTimeout(r, 200));
    job = await getJson(`${base}${location}`);
  }
  return job;
}

/** Every result of a job (records not stored as new documents), following `resultsNext`. */
export async function allResults(base: string, location: string): Promise<Json[]> {
  const results: Json[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: Json = await getJson(
      `${base}${location}?resultsLimit=10000${cursor ? `&resultsCursor=${cursor}` : ''}`,
    );
    results.push(...page.results);
    cursor = page.resultsNext;
  }
  return results;
}
