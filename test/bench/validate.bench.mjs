/**
 * Validation speed, every figure as a ratio to baselines measured in this same run (issue 14):
 *
 *   floor   bare JSON.parse over the feed's lines (in memory)
 *   peer    Ajv alone: JSON.parse + Ajv's compiled validator for the record's schema, same options and
 *           formats as the engine, schema check only (no rules, no reading, no report)
 *   engine  JSON.parse + the engine (schema, formats, business rules), in-process; and its stream API
 *   CLI     `medsupply validate --format ndjson FEED` end to end, single-threaded and with --workers
 *   cold    the CLI on one small file against a bare `node -e 0`, interleaved, median of several runs
 *
 * and the goals next to them, marked met or not. Also the CLI's peak RSS and the
 * @hyperjump/json-schema comparison. Rows go to .bench/validate.json. BENCH_SCALE=10 → 1 000 000
 * records (about 2 GB) for the memory target; BENCH_WORKERS=2,4 chooses the worker counts.
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { measureColdStart } from './cold-start.mjs';
import { benchDir, ensureFeed, repoRoot } from './feed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(100_000 * scale);
const HYPERJUMP_RECORDS = Math.min(RECORDS, 5_000);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number).filter(Boolean);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const BIN = join(repoRoot, 'packages', 'cli', 'bin', 'medsupply.js');
const { createValidator, formats, readRecords, validateRecords } = await import('@medsupply/validators');

/** The document schemas by type (file names under schemas/<version>/). */
const DOCUMENT_FILES = {
  StockReport: 'stock-report.schema.json',
  CapacityReport: 'capacity-report.schema.json',
  Shipment: 'shipment.schema.json',
  ShortageNotice: 'shortage-notice.schema.json',
  DemandForecast: 'demand-forecast.schema.json',
};

/** The goals (2-core machine, ratios in one run). */
const GOALS = { cliVsFloor: 0.4, cliVsAjv: 1.0, coldOverNodeMs: 60 };

const rows = [];
const row = (name, value, unit, extra = {}) => {
  rows.push({ name, value, unit, ...extra });
};

const feed = await ensureFeed(RECORDS);
const lines = readFileSync(feed.path, 'utf8').split('\n').filter(Boolean);
const loadAtStart = loadavg()[0];
console.log(
  `feed: ${lines.length} records, ${(feed.bytes / 1e6).toFixed(1)} MB (${feed.path}); ${availableParallelism()} cores, load ${loadAtStart.toFixed(2)}`,
);

function rate(count, ms) {
  return (count / ms) * 1000;
}

/** Best of `runs` timings of `pass` over the lines (the least disturbed by other processes). */
function bestOf(runs, pass) {
  let best = Number.POSITIVE_INFINITY;
  let answer;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    answer = pass();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, answer };
}

// Floor: JSON.parse alone.
const floorRun = bestOf(3, () => {
  let sink = 0;
  for (const line of lines) {
    try {
      sink += JSON.parse(line) ? 1 : 0;
    } catch {}
  }
  return sink;
});
const floor = rate(lines.length, floorRun.ms);

// Peer: Ajv alone on our schemas, compiled here with the engine's options and formats (so the figure
// stays Ajv's whatever generator the engine uses), schema check only.
const ajvValidators = await compileWithAjv();
const ajvRun = bestOf(3, () => {
  let invalid = 0;
  for (const line of lines) {
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      invalid++;
      continue;
    }
    const check = ajvValidators.get(`${doc?.documentType}@${doc?.schemaVersion}`);
    if (!check || !check(doc)) invalid++;
  }
  return invalid;
});
const ajv = rate(lines.length, ajvRun.ms);
row('JSON.parse floor', floor, 'records/s', { ratio: 1, vsAjv: floor / ajv });
row('Ajv alone: JSON.parse + compiled schema check (the peer)', ajv, 'records/s', {
  ratio: ajv / floor,
  vsAjv: 1,
  invalid: ajvRun.answer,
});

// Engine, parsed documents: schema + formats + rules.
const validator = await createValidator();
const engineRun = bestOf(3, () => {
  let invalid = 0;
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
  return invalid;
});
const engine = rate(lines.length, engineRun.ms);
row('engine: JSON.parse + validate (in-process)', engine, 'records/s', {
  ratio: engine / floor,
  vsAjv: engine / ajv,
  invalid: engineRun.answer,
});

// Engine, streaming API from the file (reader + validator), as library users call it.
{
  const t0 = performance.now();
  let n = 0;
  for await (const _ of validateRecords(
    readRecords(createReadStream(feed.path, { highWaterMark: 256 * 1024 }), { source: feed.path }),
    validator,
  ))
    n++;
  const stream = rate(n, performance.now() - t0);
  row('engine: readRecords + validateRecords stream (in-process)', stream, 'records/s', {
    ratio: stream / floor,
    vsAjv: stream / ajv,
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
      `data:text/javascript,process.on('exit',()=>{const r=process.resourceUsage();process.stderr.write('${RSS_MARK}'+r.maxRSS*1024+' '+(r.userCPUTime+r.systemCPUTime)/1e6+'\\n')})`,
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
  if (code !== 1)
    throw new Error(`CLI ${args.join(' ')} exited ${code}, expected 1 (the feed has invalid records)`);
  const [rss, cpuSeconds] = stderr
    .slice(stderr.lastIndexOf(RSS_MARK) + RSS_MARK.length)
    .trim()
    .split(' ')
    .map(Number);
  // Records per second of CPU time (all threads): what the run costs, whatever else the machine does.
  return { rate: rate(lines.length, ms), rss, cpuRate: lines.length / cpuSeconds };
}
const cli = await timeCli(['validate', '--format', 'ndjson', '--workers', '0', feed.path]);
row('CLI end to end (validate --format ndjson, one thread)', cli.rate, 'records/s', {
  ratio: cli.rate / floor,
  vsAjv: cli.rate / ajv,
  recordsPerCpuSecond: cli.cpuRate,
});
row('CLI peak RSS', cli.rss / 1048576, 'MB', { feedMB: feed.bytes / 1048576 });
let bestCli = { name: 'one thread', rate: cli.rate };
for (const workers of WORKERS) {
  const parallel = await timeCli(['validate', '--format', 'ndjson', '--workers', String(workers), feed.path]);
  row(`CLI end to end, --workers ${workers} (${availableParallelism()} cores)`, parallel.rate, 'records/s', {
    ratio: parallel.rate / floor,
    vsAjv: parallel.rate / ajv,
    vsOneThread: parallel.rate / cli.rate,
    peakRssMB: parallel.rss / 1048576,
    recordsPerCpuSecond: parallel.cpuRate,
  });
  if (parallel.rate > bestCli.rate) bestCli = { name: `--workers ${workers}`, rate: parallel.rate };
}

// @hyperjump/json-schema on the same schemas and a slice of the same lines.
{
  const { registerSchema, validate } = await import('@hyperjump/json-schema/draft-2020-12');
  for (const file of schemaFiles(join(repoRoot, 'schemas', '1.0.0')))
    registerSchema(stripTsType(JSON.parse(readFileSync(file, 'utf8'))));
  const hyperjump = {};
  for (const [type, file] of Object.entries(DOCUMENT_FILES))
    hyperjump[type] = await validate(`https://schemas.medsupply.org/1.0.0/${file}`);
  const slice = lines.slice(0, HYPERJUMP_RECORDS);
  const run = () => {
    for (const line of slice) {
      let doc;
      try {
        doc = JSON.parse(line);
      } catch {
        continue;
      }
      hyperjump[doc.documentType]?.(doc);
    }
  };
  run(); // warm up
  const t0 = performance.now();
  run();
  const hj = rate(slice.length, performance.now() - t0);
  row('@hyperjump/json-schema (schema only, same data)', hj, 'records/s', {
    ratio: hj / floor,
    vsAjv: hj / ajv,
    records: slice.length,
  });
}

// Cold start: the CLI on one small file next to a bare `node -e 0`, interleaved so both see the
// same load; medians of wall time (the goal) and of the process's CPU time (user + system, all
// threads), which a busy machine inflates far less than wall time (cold-start.mjs, which also runs
// alone). The CLI runs as built (bundled, decision 0023) and unbundled, for comparison.
const small = join(benchDir, 'one-document.json');
writeFileSync(small, lines[0]);
const coldStart = measureColdStart({ file: small, runs: COLD_RUNS, bin: BIN });
const { wall: bare, cpu: bareCpu } = coldStart.bare;
const { wall: cold, cpu: coldCpu } = coldStart.cold;
row('node -e 0 (baseline)', bare, 'ms', { runs: COLD_RUNS, cpuMs: bareCpu });
row('CLI cold start, one small file', cold, 'ms', {
  overNodeMs: cold - bare,
  vsNode: cold / bare,
  cpuMs: coldCpu,
  cpuOverNodeMs: coldCpu - bareCpu,
});
row('CLI cold start, one small file, unbundled (MEDSUPPLY_UNBUNDLED=1)', coldStart.unbundled.wall, 'ms', {
  overNodeMs: coldStart.unbundled.wall - bare,
  vsNode: coldStart.unbundled.wall / bare,
  cpuMs: coldStart.unbundled.cpu,
  cpuOverNodeMs: coldStart.unbundled.cpu - bareCpu,
});

const goals = [
  {
    goal: `CLI end to end ≥ ${GOALS.cliVsFloor}× the JSON.parse floor`,
    figure: `${(cli.rate / floor).toFixed(2)}× (one thread); ${(bestCli.rate / floor).toFixed(2)}× (${bestCli.name})`,
    met: cli.rate / floor >= GOALS.cliVsFloor,
  },
  {
    goal: `CLI end to end ≥ ${GOALS.cliVsAjv.toFixed(1)}× Ajv alone`,
    figure: `${(cli.rate / ajv).toFixed(2)}× (one thread); ${(bestCli.rate / ajv).toFixed(2)}× (${bestCli.name})`,
    met: cli.rate / ajv >= GOALS.cliVsAjv,
  },
  {
    goal: `cold start ≤ node -e 0 + ${GOALS.coldOverNodeMs} ms`,
    figure: `+${Math.round(cold - bare)} ms (${Math.round(cold)} vs ${Math.round(bare)} ms); CPU time +${Math.round(coldCpu - bareCpu)} ms (${Math.round(coldCpu)} vs ${Math.round(bareCpu)} ms)`,
    met: cold - bare <= GOALS.coldOverNodeMs,
  },
];

const loadAtEnd = loadavg()[0];
const number = (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(2));
console.log('');
console.log('| measure | value | unit | × floor | × Ajv |');
console.log('|---|---:|---|---:|---:|');
for (const r of rows) {
  const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`;
  const vsAjv = r.vsAjv === undefined ? '' : `${r.vsAjv.toFixed(2)}×`;
  const extra =
    r.overNodeMs === undefined
      ? r.cpuMs !== undefined
        ? ` (CPU ${Math.round(r.cpuMs)} ms)`
        : r.recordsPerCpuSecond !== undefined
          ? ` (${Math.round(r.recordsPerCpuSecond).toLocaleString('en')} records per CPU second)`
          : ''
      : ` (+${Math.round(r.overNodeMs)} ms over node; CPU ${Math.round(r.cpuMs)} ms, +${Math.round(r.cpuOverNodeMs)})`;
  console.log(`| ${r.name}${extra} | ${number(r.value)} | ${r.unit} | ${ratio} | ${vsAjv} |`);
}
console.log('');
console.log('| goal (issue 14) | this run | |');
console.log('|---|---|---|');
for (const g of goals) console.log(`| ${g.goal} | ${g.figure} | ${g.met ? 'met' : 'not met'} |`);
console.log(`\nload average (1 min): ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end`);
writeFileSync(
  join(benchDir, 'validate.json'),
  `${JSON.stringify(
    {
      records: lines.length,
      feedBytes: feed.bytes,
      cores: availableParallelism(),
      load: [loadAtStart, loadAtEnd],
      rows,
      goals,
    },
    null,
    2,
  )}\n`,
);

function schemaFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? schemaFiles(join(dir, e.name))
      : e.name.endsWith('.schema.json')
        ? [join(dir, e.name)]
        : [],
  );
}

function stripTsType(node) {
  if (Array.isArray(node)) return node.map(stripTsType);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k !== 'tsType')
      .map(([k, v]) => [k, stripTsType(v)]),
  );
}

/** Ajv's validators for every released version and document type, keyed `Type@version`. */
async function compileWithAjv() {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const compiled = new Map();
  const versions = readdirSync(join(repoRoot, 'schemas')).filter((name) => /^\d+\.\d+\.\d+$/.test(name));
  for (const version of versions) {
    // The options validators/scripts/compile-schemas.mjs builds the engine's schemas with.
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
      allowUnionTypes: true,
      formats,
    });
    ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
    for (const file of schemaFiles(join(repoRoot, 'schemas', version)))
      ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')));
    for (const [type, file] of Object.entries(DOCUMENT_FILES)) {
      const check = ajv.getSchema(`https://schemas.medsupply.org/${version}/${file}`);
      if (check) compiled.set(`${type}@${version}`, check);
    }
  }
  return compiled;
}
