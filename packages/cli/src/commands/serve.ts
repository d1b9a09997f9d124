import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { JetStreamOptions } from '@medsupply/queue';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';

/** Options of `medsupply serve`. */
export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  tokens?: string;
  /** Queue mode: `nats://HOST:PORT`; submissions are published there for `medsupply worker`. */
  queue?: string;
  deployment: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Registers `medsupply serve`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the reference exchange server (OpenAPI at /v1/openapi.json); embedded PostgreSQL in --data-dir, or DATABASE_URL',
    )
    .option('--host <host>', 'address to listen on (without --tokens only loopback is allowed)', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', port, 8080)
    .option(
      '--data-dir <dir>',
      'where the embedded store keeps its files (ignored when DATABASE_URL is set)',
      '.medsupply-data',
    )
    .option('--tokens <file>', 'bearer tokens with scopes, JSON {"tokens":[{"name","token","scopes"}]}')
    .option(
      '--queue <url>',
      'queue mode: publish submissions to NATS JetStream at nats://HOST:PORT for `medsupply worker` to store (needs DATABASE_URL)',
    )
    .option('--deployment <name>', 'queue mode: names the stream and its subjects', 'hub')
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n > 65535) throw new UsageError(`--port: expected 0-65535, got ${value}`);
  return n;
}

/** Starts the server and runs until SIGINT/SIGTERM. */
export async function runServe(options: ServeOptions): Promise<void> {
  const { createServer, openStore, readTokenFile } = await import('@medsupply/server');
  const loopback =
    LOOPBACK.has(options.host) || (isIP(options.host) === 4 && options.host.startsWith('127.'));
  let tokens: Awaited<ReturnType<typeof readTokenFile>> | undefined;
  if (options.tokens) {
    try {
      tokens = readTokenFile(options.tokens);
    } catch (error) {
      throw new UsageError(`--tokens: ${(error as Error).message}`);
    }
  } else if (!loopback) {
    throw new UsageError(
      `refusing to serve ${options.host} without --tokens: without tokens the server accepts anyone, so it serves loopback only`,
    );
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (options.queue && !databaseUrl)
    throw new UsageError(
      '--queue needs DATABASE_URL: the workers store into a PostgreSQL server that every server instance reads',
    );
  const dataDir = resolve(options.dataDir);
  const started = performance.now();
  const queue = options.queue
    ? await openQueue(options.queue, options.deployment, 'medsupply serve')
    : undefined;
  const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir: join(dataDir, 'pg') });
  const server = await createServer({
    store,
    ...(tokens ? { tokens } : {}),
    ...(queue ? { queue } : {}),
    spoolDir: join(dataDir, 'spool'),
  });
  const address = await server.app.listen({ host: options.host, port: options.port });
  const where = `${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${join(dataDir, 'pg')}`}${
    queue ? `, queue: ${options.queue} (deployment ${options.deployment})` : ''
  }`;
  process.stderr.write(
    `medsupply serve: listening on ${address} (store: ${where}, ready in ${Math.round(performance.now() - started)} ms)\n`,
  );
  if (!tokens)
    process.stderr.write(
      'medsupply serve: no --tokens: serving loopback only, every request allowed without authentication\n',
    );
  // The conformance kit and scripts read the address from here.
  process.stdout.write(`${address}\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('medsupply serve: stopping\n');
  await server.close();
  await queue?.close();
  await store.close();
}

/** Connects to the queue, with connection changes reported on stderr. */
export async function openQueue(
  url: string,
  deployment: string,
  who: string,
  more: Partial<JetStreamOptions> = {},
) {
  const { openJetStreamQueue } = await import('@medsupply/queue');
  try {
    return await openJetStreamQueue({
      url,
      deployment,
      name: who,
      ...more,
      onStatus: (status) => process.stderr.write(`${who}: queue connection ${status}\n`),
    });
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith('--queue') || message.startsWith('deployment')) throw new UsageError(message);
    throw new Error(`--queue ${url}: ${message}`);
  }
}
