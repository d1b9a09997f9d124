/** Starts `medsupply serve` in a child process, as vendors do, and hands back its address. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './shared.js';

const BIN = join(repositoryRoot, 'packages', 'cli', 'bin', 'medsupply.js');

/** A running server. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** Stops it (SIGTERM) and waits for the exit. */
  stop(): Promise<void>;
}

/** Runs `medsupply serve --port 0 …args` and resolves once it prints its address. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line)
        resolve({
          url: line.trim(),
          child,
          stderr: () => stderr,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`medsupply serve exited with ${code}: ${stderr}`)));
  });
}

/** Valid fixtures of 1.0.0 as originals with fresh documentIds and `sender` set to `tag`: `count` NDJSON lines. */
export function ndjsonFeed(count: number, tag: string): string[] {
  const root = join(repositoryRoot, 'schemas', 'fixtures', '1.0.0');
  const templates = readdirSync(root)
    .sort()
    .flatMap((type) =>
      readdirSync(join(root, type, 'valid'))
        .sort()
        .map((file) => JSON.parse(readFileSync(join(root, type, 'valid', file), 'utf8'))),
    );
  return Array.from({ length: count }, (_, i) => {
    // Originals only: replacements in the fixtures all supersede the same documents.
    const doc = { ...templates[i % templates.length], documentId: randomUUID(), documentStatus: 'original' };
    delete doc.supersedes;
    doc.sender = { identifier: { system: 'https://example.org/test-senders', value: tag } };
    return JSON.stringify(doc);
  });
}
