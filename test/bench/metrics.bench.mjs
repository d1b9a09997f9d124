/**
 * Metrics throughput over a generated corpus of >= 1 million stock lines (snapshot and one-month
 * difference StockReports for 500 facilities x 60 products x 12 months, plus shipments, capacity
 * reports and shortage notices), as a ratio to a bare JSON.parse pass over the same files measured
 * in this run; and peak RSS. The metrics passes run in child processes so their RSS is their own.
 *
 * Goal (issue 12): library pass >= 0.3x the parse floor; peak RSS < 300 MB.
 * BENCH_SCALE multiplies the number of facilities.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { benchDir, prng, repoRoot } from './feed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const FACILITIES = Math.round(500 * scale);
const PRODUCTS = 60;
const MONTHS = 12;
const BIN = join(repoRoot, 'packages', 'cli', 'bin', 'medsupply.js');
/** Runs per measure (best of); BENCH_RUNS=1 halves the time on a busy machine. */
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const corpus = join(benchDir, `metrics-${FACILITIES}`);

const rows = [];
const row = (name, value, unit, extra = {}) => rows.push({ name, value, unit, ...extra });

/** GS1 mod-10 check digit appended to `body`. */
function gs1(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return body + ((10 - (sum % 10)) % 10);
}

async function generate() {
  if (existsSync(join(corpus, 'done'))) return;
  mkdirSync(corpus, { recursive: true });
  const random = prng(12);
  let n = 0;
  const id = () =>
    `7c0d${String(++n).padStart(4, '0').slice(-4)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const gln = (i) => ({
    identifier: { system: 'https://www.gs1.org/gln', value: gs1(`061414${String(i).padStart(6, '0')}`) },
  });
  const gtin = (i) => ({
    identifier: { system: 'https://www.gs1.org/gtin', value: gs1(`0950600${String(i).padStart(6, '0')}`) },
  });
  const sender = gln(999_999);
  const env = (documentType, createdAt) => ({
    schemaVersion: '1.0.0',
    documentId: id(),
    documentType,
    documentStatus: 'original',
    createdAt,
    sender,
    confidentiality: 'public',
  });
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  let stockLines = 0;
  for (let m = 1; m <= MONTHS; m++) {
    const mm = String(m).padStart(2, '0');
    const end = `2025-${mm}-${days[m - 1]}`;
    const out = createWriteStream(join(corpus, `stock-2025-${mm}.ndjson`));
    const write = async (doc) => {
      if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain');
    };
    for (let f = 0; f < FACILITIES; f++) {
      const location = gln(f);
      const lines = [];
      const diff = [];
      for (let p = 0; p < PRODUCTS; p++) {
        const product = gtin(p);
        const stock = Math.floor(random() * 500);
        lines.push({ product, lot: { lotNumber: `A${mm}${p}` }, quantity: { value: stock, unit: '{pack}' } });
        lines.push({
          product,
          lot: { lotNumber: `B${mm}${p}` },
          quantity: { value: Math.floor(random() * 50), unit: '{pack}' },
          disposition: random() < 0.5 ? 'available' : 'quarantine',
        });
        const consumed = Math.floor(random() * 200);
        const out = random() < 0.1 ? Math.floor(random() * 10) : 0;
        diff.push({
          product,
          quantity: { value: stock, unit: '{pack}' },
          periodTotals: { consumed: { value: consumed, unit: '{pack}' }, stockoutDays: out },
        });
      }
      stockLines += lines.length + diff.length;
      await write({
        ...env('StockReport', `${end}T20:00:00+03:00`),
        countType: 'snapshot',
        reporter: location,
        asOf: `${end}T18:00:00+03:00`,
        listings: [{ location, lines }],
      });
      await write({
        ...env('StockReport', `${end}T20:00:00+03:00`),
        countType: 'difference',
        reporter: location,
        period: { start: `2025-${mm}-01`, end },
        listings: [{ location, lines: diff }],
      });
    }
    out.end();
    await once(out, 'finish');
  }
  const out = createWriteStream(join(corpus, 'supply.ndjson'));
  for (let s = 0; s < 20_000 * scale; s++) {
    const shipper = {
      identifier: {
        system: 'https://www.gs1.org/gln',
        value: gs1(`0700000${String(s % 12).padStart(5, '0')}`),
      },
    };
    const m = 1 + (s % 12);
    const order = `2025-${String(m).padStart(2, '0')}-01`;
    const lead = 10 + Math.floor(random() * 80);
    const recv = new Date(Date.UTC(2025, m - 1, 1 + lead)).toISOString().slice(0, 10);
    const received = recv < '2026-01-01';
    const q = 100 + Math.floor(random() * 900);
    const doc = {
      ...env('Shipment', `${received ? recv : '2025-12-31'}T12:00:00Z`),
      identifiers: [{ system: 'urn:example:asn', value: `ASN-${s}` }],
      status: received ? 'received' : 'inTransit',
      orderRef: {
        identifier: { system: 'urn:example:po', value: `PO-${s}` },
        orderDate: order,
        requestedDeliveryDate: new Date(Date.UTC(2025, m - 1, 60)).toISOString().slice(0, 10),
      },
      shipper,
      receiver: sender,
      shipFrom: gln(900_000 + (s % 12)),
      shipTo: gln(s % FACILITIES),
      dates: {
        actualShipDate: `${order}T08:00:00Z`,
        ...(received ? { receivedDate: `${recv}T15:00:00Z` } : {}),
      },
      lines: [
        {
          product: gtin(s % PRODUCTS),
          quantityOrdered: { value: q, unit: '{pack}' },
          quantityShipped: { value: q, unit: '{pack}' },
          ...(received
            ? {
                quantityReceived: { value: q, unit: '{pack}' },
                quantityAccepted: { value: q, unit: '{pack}' },
              }
            : {}),
        },
      ],
    };
    if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(join(corpus, 'done'), `${stockLines}\n`);
}

await generate();
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.ndjson'))
  .sort()
  .map((f) => join(corpus, f));
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
const stockLines = Number(readFileSync(join(corpus, 'done'), 'utf8'));
console.log(
  `corpus: ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB, ${stockLines.toLocaleString('en')} stock lines (${corpus})`,
);

// Floor: read each file and JSON.parse every line, best of RUNS.
let floorMs = Number.POSITIVE_INFINITY;
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  let sink = 0;
  for (const file of files)
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line) sink += JSON.parse(line) ? 1 : 0;
  floorMs = Math.min(floorMs, performance.now() - t0);
  if (sink < 0) console.log(sink);
}
row('JSON.parse floor (read + parse)', floorMs, 'ms', { ratio: 1 });
{
  // The floor's own peak RSS (reading 17 MB files whole and parsing them), in a child like the others.
  const floorChild = `const { readFileSync } = await import('node:fs'); let n = 0;
for (const f of ${JSON.stringify(files)}) for (const l of readFileSync(f, 'utf8').split('\\n')) if (l) n += JSON.parse(l) ? 1 : 0;
process.stdout.write(String(process.resourceUsage().maxRSS * 1024));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', floorChild], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  row('JSON.parse floor: peak RSS', Number(run.stdout) / 1048576, 'MB');
}

// Library: the same reading, every document added to a MetricsComputation, then its rows metric by metric.
const child = `
const { readFileSync } = await import('node:fs');
const { MetricsComputation } = await import('@medsupply/metrics');
const files = ${JSON.stringify(files)};
let best = Infinity, rows = 0;
for (let r = 0; r < ${RUNS}; r++) {
  const t0 = performance.now();
  const c = new MetricsComputation({ asOf: '2025-12-31' });
  for (const file of files) for (const line of readFileSync(file, 'utf8').split('\\n')) if (line) c.add(JSON.parse(line));
  rows = 0;
  for (const group of c.groups().rows()) rows += group.length; // as the CLI writes them
  best = Math.min(best, performance.now() - t0);
}
process.stdout.write(JSON.stringify({ ms: best, rows, rss: process.resourceUsage().maxRSS * 1024 }));
`;
const lib = spawnSync(process.execPath, ['--input-type=module', '-e', child], {
  cwd: join(repoRoot, 'test'),
  encoding: 'utf8',
  maxBuffer: 1 << 20,
});
if (lib.status !== 0) throw new Error(lib.stderr);
const library = JSON.parse(lib.stdout);
row('library: read + parse + metrics', library.ms, 'ms', { ratio: floorMs / library.ms, rows: library.rows });
row('library: peak RSS', library.rss / 1048576, 'MB');

// CLI end to end: read, validate every document, compute, write JSON.
{
  const out = join(benchDir, 'metrics-output.json');
  const t0 = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      `data:text/javascript,process.on('exit',()=>process.stderr.write('__rss__='+process.resourceUsage().maxRSS*1024+'\\n'))`,
      BIN,
      'metrics',
      '--format',
      'json',
      '--as-of',
      '2025-12-31',
      '-o',
      out,
      corpus,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const ms = performance.now() - t0;
  if (run.status !== 0)
    throw new Error(`medsupply metrics exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  const rss = Number(/__rss__=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  row('CLI: medsupply metrics (validate + metrics)', ms, 'ms', { ratio: floorMs / ms });
  row('CLI: peak RSS', rss / 1048576, 'MB');
}

console.log('');
console.log('| measure | value | unit | ratio |');
console.log('|---|---:|---|---:|');
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toFixed(1)} | ${r.unit} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× floor`} |`,
  );
const failed = [];
if (library.ms > floorMs / 0.3) failed.push('library below 0.3x the parse floor');
if (library.rss > 300 * 1048576) failed.push('library peak RSS above 300 MB');
if (failed.length) console.log(`goal missed: ${failed.join('; ')}`);
writeFileSync(
  join(benchDir, 'metrics.json'),
  `${JSON.stringify({ files: files.length, bytes, stockLines, rows }, null, 2)}\n`,
);
