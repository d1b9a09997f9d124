/**
 * The services the queue tests run against, on loopback: NATS JetStream (NATS_URL, or a nats-server
 * of the test's own when it must be restarted) and PostgreSQL (DATABASE_URL; each test file gets a
 * database of its own, so the server tests' table resets never touch it). `.ci/run` starts both. Run
 * locally without them, a suite is skipped with its reason on stderr; in CI (CI=true) a missing
 * service fails the suite instead.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const NATS_URL = process.env.NATS_URL || undefined;
export const DATABASE_URL = process.env.DATABASE_URL || undefined;
const IN_CI = process.env.CI === 'true';

/** Why the suite cannot run here (undefined: it can). Throws in CI, where nothing may be missing. */
export function missingServices(
  suite: string,
  needs: { nats?: boolean; natsServer?: boolean } = {},
): string | undefined {
  const missing: string[] = [];
  if (!DATABASE_URL) missing.push('DATABASE_URL is not set (source scripts/ci/postgres.sh)');
  if (needs.nats !== false && !NATS_URL) missing.push('NATS_URL is not set (source scripts/ci/nats.sh)');
  if (needs.natsServer && !natsServerBinary()) missing.push('nats-server is not installed');
  if (missing.length === 0) return undefined;
  const reason = `${suite} SKIPPED: ${missing.join('; ')}`;
  if (IN_CI) throw new Error(`${suite}: in CI the queue tests must run, but ${missing.join('; ')}`);
  process.stderr.write(`${reason}\n`);
  return reason;
}

/** A unique, valid deployment name, so each suite has a stream of its own. */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A fresh database on the DATABASE_URL server; `drop` removes it. */
export async function freshDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Runs one query against `url`. */
export async function query<Row = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function natsServerBinary(): string | undefined {
  for (const path of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'])
    if (existsSync(path)) return path;
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A nats-server of the test's own (JetStream, file store), which the test may stop and start again. */
export interface OwnNats {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a JetStream nats-server on a free loopback port with a temporary store. */
export async function startOwnNats(): Promise<OwnNats> {
  const binary = natsServerBinary()!;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'medsupply-nats-test-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'store')], {
      stdio: 'ignore',
    });
    await waitForPort(port);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((done) => {
      running.once('exit', () => done());
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after 10 s`);
}

/**
 * A TCP proxy in front of PostgreSQL that the test can cut (every connection dropped, new ones
 * refused) and restore: PostgreSQL briefly unavailable, as a network partition or a restart looks.
 */
export interface CuttableProxy {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Starts a proxy to the host and port of `databaseUrl`; `url` is the same URL through the proxy. */
export async function startPgProxy(databaseUrl: string): Promise<CuttableProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
