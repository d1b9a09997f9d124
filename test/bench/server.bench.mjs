/**
 * The exchange server under load, as ratios to the CLI's own validate rate on the same feed,
 * measured in this run: bulk ingest (validate + store, records/s) on the embedded store and, when
 * DATABASE_URL is set, on PostgreSQL; p50/p99 latency of POST /v1/documents and POST /v1/validate
 * under 32 concurrent clients (loopback, bounded request counts). Also the embedded store's start
 * time and the server's memory.
 *
 * Goals: embedded ingest ≥ 0.5× the CLI validate rate; PostgreSQL ≥ 0.8×.
 * BENCH_SCALE multiplies the feed (default 20 000 records).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDir, ensureFeed, repoRoot, templates } from './feed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(20_000 * scale);
const CLIENTS = 32;
const REQUESTS = Math.round(1_600 * scale);
const BIN = join(repoRoot, 'packages', 'cli', 'bin', 'medsupply.js');

const rows = [];
const row = (name, value, unit, extra = {}) => rows.push({ name, value, unit, ...extra });

const feed = await ensureFeed(RECORDS);
console.log(`feed: ${RECORDS} records, ${(feed.bytes / 1e6).toFixed(1)} MB (${feed.path})`);

// Baseline: the CLI validating the same feed, end to end.
const cliStart = performance.now();
const cli = spawnSync(process.execPath, [BIN, 'validate', '--format', 'ndjson', '--no-progress', feed.path], {
  stdio: ['ignore', 'ignore', 'ignore'],
});
if (cli.status !== 1) throw new Error(`CLI exited ${cli.status}, expected 1 (the feed has invalid records)`);
const cliRate = (RECORDS / (performance.now() - cliStart)) * 1000;
row('CLI validate (baseline)', cliRate, 'records/s', { ratio: 1 });

/** Starts `medsupply serve` and resolves with its URL, start time and pid. */
function serve(env, dataDir) {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ url: out.trim(), child, startMs: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

function rssMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
    peak: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
  };
}

async function ingest(url) {
  const t0 = performance.now();
  const posted = await fetch(`${url}/v1/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: createReadStream(feed.path),
    duplex: 'half',
  });
  if (posted.status !== 202) throw new Error(`bulk answered ${posted.status}`);
  const location = posted.headers.get('location');
  for (;;) {
    const job = await (await fetch(`${url}${location}?resultsLimit=1`)).json();
    if (job.status !== 'running') return { job, ms: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 100));
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `CLIENTS` loops sending `REQUESTS` requests in all; returns sorted latencies (ms). */
async function latency(url, path, body) {
  const latencies = [];
  let next = 0;
  const client = async () => {
    while (next < REQUESTS) {
      next++;
      const t0 = performance.now();
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(),
      });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`${path} answered ${response.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - t0) / 1000;
  return { sorted: latencies.sort((a, b) => a - b), rate: latencies.length / seconds };
}

const docs = templates().filter((d) => d.documentStatus === 'original');
const freshDoc = () =>
  JSON.stringify({ ...docs[Math.floor(Math.random() * docs.length)], documentId: randomUUID() });

const stores = [{ name: 'embedded (PGlite)', env: {}, goal: 0.5 }];
if (process.env.DATABASE_URL)
  stores.push({ name: 'PostgreSQL', env: { DATABASE_URL: process.env.DATABASE_URL }, goal: 0.8 });
else console.log('PostgreSQL: SKIPPED (DATABASE_URL is not set; scripts/ci/postgres.sh starts one)');

for (const store of stores) {
  const dataDir = mkdtempSync(join(tmpdir(), 'medsupply-bench-'));
  const server = await serve(store.env, dataDir);
  try {
    const start = rssMB(server.child.pid);
    row(`${store.name}: server start (fresh store)`, server.startMs, 'ms');
    row(`${store.name}: server RSS after start`, start.rss, 'MB', { peakMB: start.peak });
    const { job, ms } = await ingest(server.url);
    const rate = (job.received / ms) * 1000;
    row(`${store.name}: bulk ingest (validate + store)`, rate, 'records/s', {
      ratio: rate / cliRate,
      goal: store.goal,
      accepted: job.accepted,
      rejected: job.rejected,
    });
    row(`${store.name}: server peak RSS after ingest`, rssMB(server.child.pid).peak, 'MB');
    for (const [path, body] of [
      ['/v1/documents', freshDoc],
      ['/v1/validate', freshDoc],
    ]) {
      const { sorted, rate: rps } = await latency(server.url, path, body);
      row(`${store.name}: POST ${path} p50, ${CLIENTS} clients`, percentile(sorted, 50), 'ms', {
        requestsPerSecond: rps,
      });
      row(`${store.name}: POST ${path} p99, ${CLIENTS} clients`, percentile(sorted, 99), 'ms');
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log('');
console.log('| measure | value | unit | ratio |');
console.log('|---|---:|---|---:|');
for (const r of rows) {
  const ratio =
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× CLI${r.goal ? ` (goal ≥ ${r.goal}×)` : ''}`;
  console.log(
    `| ${r.name} | ${r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toFixed(2)} | ${r.unit} | ${ratio} |`,
  );
}
writeFileSync(
  join(benchDir, 'server.json'),
  `${JSON.stringify({ records: RECORDS, feedBytes: feed.bytes, rows }, null, 2)}\n`,
);
