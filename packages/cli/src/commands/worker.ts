import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import { openQueue } from './serve.js';

/** Options of `medsupply worker`. */
export interface WorkerOptions {
  queue: string;
  deployment: string;
  group: string;
  batch: number;
  maxMessageBytes: number;
  ackWait: number;
}

/** Registers `medsupply worker`. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Store queued submissions: a consumer-group member that validates with the full engine and stores into PostgreSQL (DATABASE_URL); run any number',
    )
    .requiredOption(
      '--queue <url>',
      'NATS JetStream at nats://HOST:PORT (the one `medsupply serve --queue` publishes to)',
    )
    .option('--deployment <name>', 'names the stream and its subjects (as given to serve)', 'hub')
    .option('--group <name>', 'consumer group: workers of one deployment share it', 'medsupply-workers')
    .option('--batch <n>', 'messages per transaction', positive('--batch', 5000), 500)
    .option(
      '--ack-wait <seconds>',
      'a message not acknowledged this long after delivery goes to another worker (the group keeps the last value set)',
      positive('--ack-wait', 3600),
      60,
    )
    .option(
      '--max-message-bytes <n>',
      'larger messages are rejected (default 16 MiB, or what the NATS server allows)',
      positive('--max-message-bytes', 64 * 1024 * 1024),
      16 * 1024 * 1024,
    )
    .action(async (options: WorkerOptions) => {
      await runWorker(options);
    });
}

function positive(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d{1,9}$/.test(value) || n < 1 || n > max)
      throw new UsageError(`${name}: expected 1-${max}, got ${value}`);
    return n;
  };
}

/** Runs a worker until SIGTERM/SIGINT: the batch in hand is stored and acked, then it exits 0. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!databaseUrl)
    throw new UsageError(
      'medsupply worker needs DATABASE_URL: the PostgreSQL server every worker and server share',
    );
  const { openStore, runIngestWorker } = await import('@medsupply/server');
  const { createValidator } = await import('@medsupply/validators');
  const stop = new AbortController();
  const onSignal = (signal: string) => {
    if (stop.signal.aborted) return;
    process.stderr.write(`medsupply worker: ${signal}: finishing the batch in hand, then stopping\n`);
    stop.abort();
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));

  const log = (line: string) => process.stderr.write(`medsupply worker: ${line}\n`);
  const queue = await openQueue(options.queue, options.deployment, 'medsupply worker', {
    ackWaitMs: options.ackWait * 1000,
  });
  const store = await openWithRetry(databaseUrl, openStore, log, stop.signal);
  if (!store) {
    await queue.close();
    return;
  }
  const validator = await createValidator();
  log(
    `consuming ${options.queue} (deployment ${options.deployment}, group ${options.group}); storing into PostgreSQL (DATABASE_URL)`,
  );
  // Ready: scripts and tests wait for this line.
  process.stdout.write('ready\n');
  const counters = await runIngestWorker({
    store,
    queue,
    validator,
    group: options.group,
    batchSize: options.batch,
    maxMessageBytes: options.maxMessageBytes,
    signal: stop.signal,
    log,
  });
  log(
    `stopped after ${counters.messages} messages in ${counters.batches} batches: ${counters.stored} stored or already stored, ${counters.rejected} rejected, ${counters.retries} retries`,
  );
  await queue.close();
  await store.close();
}

/** A worker started before PostgreSQL (or during a restart) waits for it instead of exiting. */
async function openWithRetry<T>(
  databaseUrl: string,
  open: (options: { databaseUrl: string }) => Promise<T>,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<T | undefined> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    try {
      return await open({ databaseUrl });
    } catch (error) {
      log(`PostgreSQL is not answering (${(error as Error).message}); retry ${attempt}`);
      await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
    }
  }
  return undefined;
}
