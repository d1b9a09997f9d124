/**
 * The schema engine's options side by side, as ratios to the floor (bare JSON.parse over the same
 * lines) measured in this run: Ajv's standalone code as the engine ran it (all errors), Ajv tuned for a
 * verdict only (first error, no messages), @exodus/schemasafe, and the generated fast checker; then the
 * whole engine (schema + rules) with the fast checker and with Ajv alone. Every option must give the
 * same verdicts on every record, or the bench fails. Also the size of the generated modules and their
 * first use (import + one validation) in a fresh process. Decision record 0019 explains the choice.
 *
 * BENCH_SCALE multiplies the 50 000 records.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir, ensureFeed, repoRoot } from './feed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(50_000 * scale);
const STANDALONE = join(repoRoot, 'validators', 'dist', 'standalone');
const TYPES = ['StockReport', 'CapacityReport', 'Shipment', 'ShortageNotice', 'DemandForecast'];
const FILES = {
  StockReport: 'stock-report',
  CapacityReport: 'capacity-report',
  Shipment: 'shipment',
  ShortageNotice: 'shortage-notice',
  DemandForecast: 'demand-forecast',
};
const { createValidator, formats } = await import('@medsupply/validators');
const { Ajv2020 } = await import('ajv/dist/2020.js');
const { validator: schemasafe } = await import('@exodus/schemasafe');

const rows = [];
const row = (name, value, unit, extra = {}) => rows.push({ name, value, unit, ...extra });
const load = () => loadavg().map((l) => l.toFixed(2));
const loadBefore = load();

const feed = await ensureFeed(RECORDS);
const lines = readFileSync(feed.path, 'utf8').split('\n').filter(Boolean);
const version = '1.0.0'; // the feed's templates (test/bench/feed.mjs)
console.log(
  `feed: ${lines.length} records, ${(feed.bytes / 1e6).toFixed(1)} MB; load ${loadBefore.join(' ')}`,
);

/** Best of three passes of JSON.parse + `fn` over every line; returns records/s and the valid count. */
function measure(fn) {
  let best = Number.POSITIVE_INFINITY;
  let valid = 0;
  for (let r = 0; r < 3; r++) {
    valid = 0;
    const t0 = performance.now();
    for (const line of lines) {
      let doc;
      try {
        doc = JSON.parse(line);
      } catch {
        continue;
      }
      if (fn(doc)) valid++;
    }
    best = Math.min(best, performance.now() - t0);
  }
  return { rate: (lines.length / best) * 1000, valid };
}

const floor = measure(() => false).rate;
row('JSON.parse floor', floor, 'records/s', { ratio: 1 });

/** Runs the validator of the document's own type (the feed has one version). */
const byType = (validators) => (doc) => {
  const validate = validators[doc.documentType];
  return validate === undefined ? false : validate(doc);
};

const importAll = async (suffix) => {
  const out = {};
  for (const type of TYPES)
    out[type] = await import(pathToFileURL(join(STANDALONE, version, `${type}${suffix}`)).href);
  return out;
};
const ajvModules = await importAll('.ajv.js');
const fastModules = await importAll('.js');

const schemaFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? schemaFiles(join(dir, e.name))
      : e.name.endsWith('.schema.json')
        ? [join(dir, e.name)]
        : [],
  );
const schemas = schemaFiles(join(repoRoot, 'schemas', version)).map((f) =>
  JSON.parse(readFileSync(f, 'utf8')),
);
const rootId = (type) => `https://schemas.medsupply.org/${version}/${FILES[type]}.schema.json`;

const tunedAjv = new Ajv2020({
  allErrors: false,
  messages: false,
  strict: true,
  strictRequired: false,
  strictTypes: false,
  allowUnionTypes: true,
  code: { optimize: true },
  formats,
});
tunedAjv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
for (const s of schemas) tunedAjv.addSchema(s);

const options = {
  'Ajv standalone, all errors (the engine before)': Object.fromEntries(
    TYPES.map((t) => [t, ajvModules[t].default]),
  ),
  'Ajv tuned (first error, no messages, optimize)': Object.fromEntries(
    TYPES.map((t) => [t, tunedAjv.getSchema(rootId(t))]),
  ),
  '@exodus/schemasafe (no errors)': Object.fromEntries(
    TYPES.map((t) => [
      t,
      schemasafe(
        schemas.find((s) => s.$id === rootId(t)),
        { schemas, formats, includeErrors: false, allowUnusedKeywords: true, mode: 'default' },
      ),
    ]),
  ),
  'generated fast checker (verdict only)': Object.fromEntries(TYPES.map((t) => [t, fastModules[t].check])),
  'fast checker + Ajv explains rejections (the engine now)': Object.fromEntries(
    TYPES.map((t) => [t, fastModules[t].default]),
  ),
};

let expectedValid;
const rates = {};
for (const [name, validators] of Object.entries(options)) {
  const { rate, valid } = measure(byType(validators));
  expectedValid ??= valid;
  if (valid !== expectedValid)
    throw new Error(`${name}: ${valid} valid records, the others ${expectedValid}`);
  rates[name] = rate;
  row(name, rate, 'records/s', { ratio: rate / floor, valid });
}

// The whole engine (schema + business rules), with the fast checker and with Ajv alone as before.
const manifest = JSON.parse(readFileSync(join(STANDALONE, 'manifest.json'), 'utf8'));
for (const types of Object.values(manifest.versions))
  for (const [type, file] of Object.entries(types)) types[type] = file.replace(/\.js$/, '.ajv.js');
const engines = {
  'engine validate(), Ajv alone (before)': await createValidator({
    source: { manifest, load: (file) => import(pathToFileURL(join(STANDALONE, file)).href) },
  }),
  'engine validate(), fast checker (now)': await createValidator(),
};
let engineValid;
for (const [name, engine] of Object.entries(engines)) {
  const { rate, valid } = measure((doc) => engine.validate(doc).valid);
  engineValid ??= valid;
  if (valid !== engineValid) throw new Error(`${name}: ${valid} valid records, the other ${engineValid}`);
  row(name, rate, 'records/s', { ratio: rate / floor, valid });
}
const before = rows.find((r) => r.name.startsWith('engine validate(), Ajv')).value;
const now = rows.find((r) => r.name.startsWith('engine validate(), fast')).value;
row('engine speed-up (fast checker vs Ajv alone)', now / before, 'x');
row(
  'fast checker vs Ajv standalone (schema step)',
  rates['generated fast checker (verdict only)'] / rates['Ajv standalone, all errors (the engine before)'],
  'x',
);

// Generated code: size on disk, and first use (import + one validation) in a fresh process.
const size = (suffix) =>
  TYPES.reduce((sum, t) => sum + statSync(join(STANDALONE, version, `${t}${suffix}`)).size, 0);
const fastBytes = size('.js');
const ajvBytes = size('.ajv.js');
row(`fast checker modules, ${version} (5 types)`, fastBytes / 1024, 'KiB');
row(`Ajv modules, ${version} (5 types)`, ajvBytes / 1024, 'KiB');
const firstType = 'StockReport';
const FORMAT_SAMPLES = [
  ['date', '2024-01-31'],
  ['date-time', '2024-01-31T10:00:00Z'],
  ['uri', 'https://www.gs1.org/gtin'],
  ['uuid', '6f9619ff-8b86-d011-b42d-00cf4fc964ff'],
  ['gs1-check-digit', '4012345000009'],
  ['ndc', '0002-8215-01'],
  ['ucum', 'mg'],
  ['iso3166-1-alpha2', 'KE'],
  ['iso3166-2', 'KE-30'],
  ['jurisdiction', 'EU'],
];
// Formats are loaded and warmed first (UCUM's tables, country lists), so the figure is the schema
// code's own: import, then the first 200 records of the feed (where the JIT compiles what they reach).
const warmup = join(benchDir, 'engine-first-records.json');
const parses = (line) => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};
writeFileSync(warmup, `[${lines.slice(0, 200).filter(parses).join(',')}]`);
const firstUse = (file, exportName) => {
  const script = `const docs = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(warmup)}, 'utf8'));
import(${JSON.stringify(pathToFileURL(join(repoRoot, 'validators', 'dist', 'formats', 'index.js')).href)}).then(async ({ formats }) => {
  for (const [name, sample] of ${JSON.stringify(FORMAT_SAMPLES)}) formats[name](sample);
  const t0 = performance.now();
  const m = await import(${JSON.stringify(pathToFileURL(file).href)});
  const t1 = performance.now();
  for (const doc of docs) if (doc.documentType === ${JSON.stringify(firstType)}) m[${JSON.stringify(exportName)}](doc);
  process.stdout.write(JSON.stringify([t1 - t0, performance.now() - t0]));
});`;
  const times = [];
  for (let i = 0; i < 5; i++)
    times.push(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  const median = (k) => times.map((t) => t[k]).sort((a, b) => a - b)[2];
  return { load: median(0), total: median(1) };
};
const ajvFirst = firstUse(join(STANDALONE, version, `${firstType}.ajv.js`), 'default');
const fastFirst = firstUse(join(STANDALONE, version, `${firstType}.js`), 'default');
row(`import, Ajv module (${firstType})`, ajvFirst.load, 'ms');
row(`import, fast module with its Ajv explainer (${firstType})`, fastFirst.load, 'ms');
row(`import + first ${firstType} records of 200, Ajv module`, ajvFirst.total, 'ms');
row(`import + first ${firstType} records of 200, fast module`, fastFirst.total, 'ms', {
  ratio: fastFirst.total / ajvFirst.total,
});

const loadAfter = load();
console.log('');
console.log(`load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`);
console.log('| measure | value | unit | ratio |');
console.log('|---|---:|---|---:|');
for (const r of rows) {
  const ratio =
    r.ratio === undefined
      ? ''
      : r.unit === 'records/s'
        ? `${r.ratio.toFixed(2)}× floor`
        : `${r.ratio.toFixed(2)}×`;
  console.log(
    `| ${r.name} | ${r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toFixed(2)} | ${r.unit} | ${ratio} |`,
  );
}
writeFileSync(
  join(benchDir, 'engine.json'),
  `${JSON.stringify({ records: lines.length, feedBytes: feed.bytes, load: { before: loadBefore, after: loadAfter }, rows }, null, 2)}\n`,
);
