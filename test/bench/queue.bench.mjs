/**
 * Ingest through NATS JetStream, end to end: `medsupply serve --queue` publishing a bulk submission,
 * 1, 2 and 4 `medsupply worker`s validating and storing into PostgreSQL. Reports documents/s from the
 * POST to the job's end, the publish rate (POST to its 202), and the consumer lag under that burst
 * (largest backlog, how long it took to drain), as ratios to the CLI's own validate rate on the same
 * feed, measured in this run. Needs NATS_URL and DATABASE_URL:
 *
 *   scripts/ci/postgres.sh scripts/ci/nats.sh npx -y pnpm@10 bench   (BENCH_ONLY=queue for this one)
 *
 * BENCH_SCALE multiplies the feed (default 20 000 records, one in ten invalid).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDir, ensureFeed, repoRoot } from './feed.mjs';

const NATS_URL = process.env.NATS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
if (!NATS_URL || !DATABASE_URL) {
  console.log(
    `queue bench SKIPPED: ${[!NATS_URL && 'NATS_URL', !DATABASE_URL && 'DATABASE_URL'].filter(Boolean).join(' and ')} not set; run it as scripts/ci/postgres.sh scripts/ci/nats.sh npx -y pnpm@10 bench`,
  );
  process.exit(0);
}
const { openJetStreamQueue } = await import('@medsupply/queue');
const pg = (await import('pg')).default;

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(20_000 * scale);
const WORKERS = [1, 2, 4];
const BIN = join(repoRoot, 'packages', 'cli', 'bin', 'medsupply.js');

const rows = [];
const row = (name, value, unit, extra = {}) => rows.push({ name, value, unit, ...extra });
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores`,
);

const feed = await ensureFeed(RECORDS);
console.log(`feed: ${RECORDS} records, ${(feed.bytes / 1e6).toFixed(1)} MB (${feed.path})`);

/**
 * The CLI validating the same feed, end to end: the baseline. Measured again before each worker count,
 * so every ratio compares figures taken under the same machine load.
 */
function cliValidateRate() {
  const started = performance.now();
  const cli = spawnSync(
    process.execPath,
    [BIN, 'validate', '--format', 'ndjson', '--no-progress', feed.path],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  if (cli.status !== 1)
    throw new Error(`CLI exited ${cli.status}, expected 1 (the feed has invalid records)`);
  return (RECORDS / (performance.now() - started)) * 1000;
}

/** Spawns a CLI command and resolves once it printed its first stdout line. */
function start(args, env) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, line: out.split('\n')[0].trim() });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function withDatabase(name, work) {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

for (const workers of WORKERS) {
  const cliRate = cliValidateRate();
  row(`${workers} worker(s): baseline, CLI validate in one process`, cliRate, 'records/s', {
    ratio: 1,
    load: loadavg()[0],
  });
  const deployment = `bench${workers}w${Date.now().toString(36)}`;
  await withDatabase(`medsupply_${deployment}`, async (databaseUrl) => {
    const env = { DATABASE_URL: databaseUrl };
    const server = await start(
      ['serve', '--port', '0', '--queue', NATS_URL, '--deployment', deployment],
      env,
    );
    const started = [];
    for (let i = 0; i < workers; i++)
      started.push(await start(['worker', '--queue', NATS_URL, '--deployment', deployment], env));
    const queue = await openJetStreamQueue({ url: NATS_URL, deployment });
    let maxLag = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const stats = await queue.stats('medsupply-workers').catch(() => undefined);
        if (stats) maxLag = Math.max(maxLag, stats.pending + stats.ackPending);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    try {
      const t0 = performance.now();
      const posted = await fetch(`${server.line}/v1/bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: createReadStream(feed.path),
        duplex: 'half',
      });
      if (posted.status !== 202) throw new Error(`bulk answered ${posted.status}: ${await posted.text()}`);
      const acknowledged = performance.now();
      const location = posted.headers.get('location');
      let job;
      let backlogAtAck;
      for (;;) {
        job = await (await fetch(`${server.line}${location}?resultsLimit=1`)).json();
        backlogAtAck ??= job.expected - job.received;
        if (job.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const done = performance.now();
      if (job.received !== RECORDS) throw new Error(`job received ${job.received} of ${RECORDS}`);
      const rate = (RECORDS / (done - t0)) * 1000;
      row(`${workers} worker(s): end to end (publish, validate, store)`, rate, 'documents/s', {
        ratio: rate / cliRate,
        accepted: job.accepted,
        rejected: job.rejected,
      });
      row(
        `${workers} worker(s): publish until acknowledged (POST → 202)`,
        (RECORDS / (acknowledged - t0)) * 1000,
        'documents/s',
        {
          ratio: ((RECORDS / (acknowledged - t0)) * 1000) / cliRate,
        },
      );
      row(`${workers} worker(s): consumer lag, largest seen`, maxLag, 'messages', { backlogAtAck });
      row(`${workers} worker(s): drain after the 202`, done - acknowledged, 'ms');
    } finally {
      sampling = false;
      await sampler;
      await queue.close();
      for (const worker of started) await stop(worker.child);
      await stop(server.child);
    }
  });
}

console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('');
console.log('| measure | value | unit | ratio |');
console.log('|---|---:|---|---:|');
for (const r of rows) {
  const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× CLI`;
  console.log(
    `| ${r.name} | ${r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toFixed(2)} | ${r.unit} | ${ratio} |`,
  );
}
writeFileSync(
  join(benchDir, 'queue.json'),
  `${JSON.stringify({ records: RECORDS, feedBytes: feed.bytes, load: loadavg(), rows }, null, 2)}\n`,
);
