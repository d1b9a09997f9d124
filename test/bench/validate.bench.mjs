/**
 * Validation throughput, as ratios to the floor (bare JSON.parse over the same lines), measured in
 * this run: the engine in-process, the CLI end to end, and @hyperjump/json-schema on the same schemas
 * and data. Also the CLI's peak RSS on the feed and its cold start on one small file.
 *
 * BENCH_SCALE=10 → 1 000 000 records (about 2 GB) for the memory target.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchDir, ensureFeed, repoRoot } from './feed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(100_000 * scale);
const HYPERJUMP_RECORDS = Math.min(RECORDS, 5_000);
const BIN = join(repoRoot, 'packages', 'cli', 'bin', 'medsupply.js');
const { createValidator, readRecords, validateRecords } = await import('@medsupply/validators');

const rows = [];
const row = (name, value, unit, extra = {}) => {
  rows.push({ name, value, unit, ...extra });
};

const feed = await ensureFeed(RECORDS);
const lines = readFileSync(feed.path, 'utf8').split('\n').filter(Boolean);
console.log(`feed: ${lines.length} records, ${(feed.bytes / 1e6).toFixed(1)} MB (${feed.path})`);

function rate(count, ms) {
  return (count / ms) * 1000;
}

// Floor: JSON.parse alone, best of 3.
let floorMs = Number.POSITIVE_INFINITY;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  let sink = 0;
  for (const line of lines) {
    try {
      sink += JSON.parse(line) ? 1 : 0;
    } catch {}
  }
  floorMs = Math.min(floorMs, performance.now() - t0);
  if (sink < 0) console.log(sink);
}
const floor = rate(lines.length, floorMs);
row('JSON.parse floor', floor, 'records/s', { ratio: 1 });

// Engine, parsed documents: schema + rules, best of 3.
const validator = await createValidator();
let engineMs = Number.POSITIVE_INFINITY;
let invalid = 0;
for (let r = 0; r < 3; r++) {
  invalid = 0;
  const t0 = performance.now();
  for (const line of lines) {
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      invalid++;
      continue;
    }
    if (!validator.validate(doc).valid) invalid++;
  }
  engineMs = Math.min(engineMs, performance.now() - t0);
}
const engine = rate(lines.length, engineMs);
row('engine: JSON.parse + validate (in-process)', engine, 'records/s', { ratio: engine / floor, invalid });

// Engine, streaming API from the file (reader + validator), as library users call it.
{
  const t0 = performance.now();
  let n = 0;
  for await (const _ of validateRecords(
    readRecords(createReadStream(feed.path, { highWaterMark: 256 * 1024 }), { source: feed.path }),
    validator,
  ))
    n++;
  const ms = performance.now() - t0;
  row('engine: readRecords + validateRecords stream (in-process)', rate(n, ms), 'records/s', {
    ratio: rate(n, ms) / floor,
  });
}

// CLI end to end, output discarded, with peak RSS.
const RSS_MARK = '__max_rss__=';
async function timeCli(args) {
  const out = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      `data:text/javascript,process.on('exit',()=>process.stderr.write('${RSS_MARK}'+process.resourceUsage().maxRSS*1024+'\\n'))`,
      BIN,
      ...args,
    ],
    { stdio: ['ignore', out, 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  const ms = performance.now() - t0;
  closeSync(out);
  const rss = Number(stderr.slice(stderr.lastIndexOf(RSS_MARK) + RSS_MARK.length).trim());
  return { code, ms, rss };
}
const cli = await timeCli(['validate', '--format', 'ndjson', feed.path]);
if (cli.code !== 1) throw new Error(`CLI exited ${cli.code}, expected 1 (the feed has invalid records)`);
const cliRate = rate(lines.length, cli.ms);
row('CLI end to end (validate --format ndjson)', cliRate, 'records/s', { ratio: cliRate / floor });
row('CLI peak RSS', cli.rss / 1048576, 'MB', { feedMB: feed.bytes / 1048576 });
// The same run on worker threads, whatever the machine would choose by default (one per spare core).
{
  const workers = Math.max(1, availableParallelism() - 1);
  const parallel = await timeCli(['validate', '--format', 'ndjson', '--workers', String(workers), feed.path]);
  const parallelRate = rate(lines.length, parallel.ms);
  row(`CLI end to end, --workers ${workers} (${availableParallelism()} cores)`, parallelRate, 'records/s', {
    ratio: parallelRate / floor,
  });
  row(`CLI peak RSS, --workers ${workers}`, parallel.rss / 1048576, 'MB');
}

// @hyperjump/json-schema on the same schemas and a slice of the same lines.
{
  const { registerSchema, validate } = await import('@hyperjump/json-schema/draft-2020-12');
  const strip = (node) => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'tsType')
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.schema.json') ? [join(dir, e.name)] : [],
    );
  for (const file of walk(join(repoRoot, 'schemas', '1.0.0')))
    registerSchema(strip(JSON.parse(readFileSync(file, 'utf8'))));
  const files = {
    StockReport: 'stock-report',
    CapacityReport: 'capacity-report',
    Shipment: 'shipment',
    ShortageNotice: 'shortage-notice',
    DemandForecast: 'demand-forecast',
  };
  const validators = {};
  for (const [type, file] of Object.entries(files))
    validators[type] = await validate(`https://schemas.medsupply.org/1.0.0/${file}.schema.json`);
  const slice = lines.slice(0, HYPERJUMP_RECORDS);
  const run = () => {
    for (const line of slice) {
      let doc;
      try {
        doc = JSON.parse(line);
      } catch {
        continue;
      }
      validators[doc.documentType]?.(doc);
    }
  };
  run(); // warm up
  const t0 = performance.now();
  run();
  const hj = rate(slice.length, performance.now() - t0);
  row('@hyperjump/json-schema (schema only, same data)', hj, 'records/s', {
    ratio: hj / floor,
    records: slice.length,
  });
  row('engine vs hyperjump', engine / hj, 'x');
  row('CLI vs hyperjump', cliRate / hj, 'x');
}

// Cold start: the CLI on one small file, median of 7, next to a bare `node -e 0`.
{
  const small = join(benchDir, 'one-document.json');
  writeFileSync(small, lines[0]);
  const median = (cmd) => {
    const times = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, cmd, { stdio: 'ignore' });
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[3];
  };
  const bare = median(['-e', '0']);
  const cold = median([BIN, 'validate', small]);
  row('node -e 0 (baseline)', bare, 'ms');
  row('CLI cold start, one small file', cold, 'ms', { ratio: cold / bare });
}

console.log('');
console.log('| measure | value | unit | ratio |');
console.log('|---|---:|---|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toFixed(2)} | ${r.unit} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× floor`} |`,
  );
}
writeFileSync(
  join(benchDir, 'validate.json'),
  `${JSON.stringify({ records: lines.length, feedBytes: feed.bytes, rows }, null, 2)}\n`,
);
