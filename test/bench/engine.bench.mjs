/**
 * The schema engine's options side by side, as ratios to the floor (bare JSON.parse over the same
 * lines) measured in this run: Ajv as the engine ran it (all errors, compiled here with the engine's
 * options), the standalone explainer module (the same with `$ref`s not inlined), Ajv tuned for a
 * verdict only (first error, no messages), @exodus/schemasafe, and the generated fast checker; then the
 * whole engine (schema + rules) with the fast checker and with Ajv alone, over all records and over
 * valid and rejected ones apart. Every option must give the same verdicts on every record, or the bench
 * fails. Also the size of the generated modules, their first use (import + one validation) in a fresh
 * process, and explaining every rejected record once in a fresh process with `$ref`s inlined or not
 * (what a one-pass run pays). Decision record 0019 explains the choices.
 *
 * BENCH_SCALE multiplies the 30 000 records.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir, ensureFeed, repoRoot } from './feed.mjs';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const RECORDS = Math.round(30_000 * scale);
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
const { AJV_OPTIONS } = await import('../../validators/scripts/ajv-options.mjs');

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

/**
 * One pass of JSON.parse + `fn` over every line: milliseconds of this process's CPU time (user +
 * system, all its threads, so GC is counted) and the count of valid records. CPU time, not wall time:
 * on a machine shared with other work, wall time measures the neighbours as much as the code.
 */
function pass(fn) {
  let valid = 0;
  const t0 = process.cpuUsage();
  for (const line of lines) {
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      continue;
    }
    if (fn(doc)) valid++;
  }
  const used = process.cpuUsage(t0);
  return { ms: (used.user + used.system) / 1000, valid };
}

/**
 * Best of five passes per candidate, the candidates interleaved round by round (so a change of load
 * on a shared machine hits every candidate alike); records/s and valid counts by name.
 */
function measureAll(candidates) {
  const best = Object.fromEntries(
    Object.keys(candidates).map((name) => [name, { ms: Number.POSITIVE_INFINITY, valid: 0 }]),
  );
  for (let round = 0; round < 5; round++) {
    for (const [name, fn] of Object.entries(candidates)) {
      const { ms, valid } = pass(fn);
      if (ms < best[name].ms) best[name] = { ms, valid };
    }
  }
  return Object.fromEntries(
    Object.entries(best).map(([name, { ms, valid }]) => [name, { rate: (lines.length / ms) * 1000, valid }]),
  );
}

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

/** Ajv as the engine ran it before the fast checker: all errors, `$ref`s inlined (Ajv's default). */
const referenceAjv = (release) => {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, formats });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  for (const f of schemaFiles(join(repoRoot, 'schemas', release)))
    ajv.addSchema(JSON.parse(readFileSync(f, 'utf8')));
  return ajv;
};
const reference = referenceAjv(version);
const REFERENCE = 'Ajv, all errors, $refs inlined (the engine before)';
const options = {
  [REFERENCE]: Object.fromEntries(TYPES.map((t) => [t, reference.getSchema(rootId(t))])),
  'Ajv explainer module (all errors, $refs not inlined)': Object.fromEntries(
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

// The whole engine (schema + business rules), with the fast checker and with Ajv alone as before.
const manifest = JSON.parse(readFileSync(join(STANDALONE, 'manifest.json'), 'utf8'));
const referenceModules = new Map();
for (const [release, types] of Object.entries(manifest.versions)) {
  const ajv = release === version ? reference : referenceAjv(release);
  for (const [type, file] of Object.entries(types))
    referenceModules.set(file, {
      default: ajv.getSchema(`https://schemas.medsupply.org/${release}/${FILES[type]}.schema.json`),
    });
}
const ajvEngine = await createValidator({
  source: { manifest, load: async (file) => referenceModules.get(file) },
});
const fastEngine = await createValidator();
const FLOOR = 'JSON.parse floor';
const ENGINE_BEFORE = 'engine validate(), Ajv alone (before)';
const ENGINE_NOW = 'engine validate(), fast checker (now)';
const results = measureAll({
  [FLOOR]: () => false,
  ...Object.fromEntries(Object.entries(options).map(([name, validators]) => [name, byType(validators)])),
  [ENGINE_BEFORE]: (doc) => ajvEngine.validate(doc).valid,
  [ENGINE_NOW]: (doc) => fastEngine.validate(doc).valid,
});
const floor = results[FLOOR].rate;
row(FLOOR, floor, 'records/CPU-s', { ratio: 1 });
for (const [name, { rate, valid }] of Object.entries(results)) {
  if (name === FLOOR) continue;
  // Every schema option must agree with the others, and both engines with each other.
  const peer = name.startsWith('engine') ? results[ENGINE_BEFORE] : results[Object.keys(options)[0]];
  if (valid !== peer.valid) throw new Error(`${name}: ${valid} valid records, its peer ${peer.valid}`);
  row(name, rate, 'records/CPU-s', { ratio: rate / floor, valid });
}
row(
  'engine speed-up (fast checker vs Ajv alone)',
  results[ENGINE_NOW].rate / results[ENGINE_BEFORE].rate,
  'x',
);
row(
  'fast checker vs Ajv standalone (schema step)',
  results['generated fast checker (verdict only)'].rate / results[REFERENCE].rate,
  'x',
);

// The engine per record, valid and rejected records apart (CPU time of JSON.parse + validate, minus
// that of JSON.parse alone over the same records), best of five interleaved passes each.
{
  const verdicts = lines.map((line) => {
    try {
      return fastEngine.validate(JSON.parse(line)).valid;
    } catch {
      return undefined;
    }
  });
  const subsets = {
    valid: lines.filter((_, i) => verdicts[i] === true),
    rejected: lines.filter((_, i) => verdicts[i] === false),
  };
  const cpuOf = (subset, fn) => {
    const t0 = process.cpuUsage();
    for (const line of subset) fn(JSON.parse(line));
    const used = process.cpuUsage(t0);
    return used.user + used.system;
  };
  for (const [what, subset] of Object.entries(subsets)) {
    const best = {
      floor: Number.POSITIVE_INFINITY,
      now: Number.POSITIVE_INFINITY,
      before: Number.POSITIVE_INFINITY,
    };
    for (let round = 0; round < 5; round++) {
      best.floor = Math.min(
        best.floor,
        cpuOf(subset, () => {}),
      );
      best.now = Math.min(
        best.now,
        cpuOf(subset, (doc) => fastEngine.validate(doc)),
      );
      best.before = Math.min(
        best.before,
        cpuOf(subset, (doc) => ajvEngine.validate(doc)),
      );
    }
    const parse = best.floor / subset.length;
    for (const [label, us] of [
      ['now', best.now],
      ['Ajv alone, before', best.before],
    ]) {
      const engineUs = (us - best.floor) / subset.length;
      row(`engine per ${what} record (${label}), beyond JSON.parse`, engineUs, 'µs/CPU', {
        ratio: engineUs / parse,
        unitName: 'JSON.parse',
      });
    }
  }
}

// Explaining every rejected record once, in a fresh process (what a one-pass run pays: V8 compiles
// and recompiles the explainer as the records fail in new places), with the standalone modules built
// with `$ref`s inlined (before) and not (now); importing them is not timed.
{
  const rejected = [];
  for (const line of lines) {
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      continue;
    }
    if (fastModules[doc.documentType] && !fastModules[doc.documentType].check(doc)) rejected.push(doc);
  }
  const file = join(benchDir, 'engine-rejected.json');
  writeFileSync(file, JSON.stringify(rejected));
  // The explainer modules as they were built before (`$refs` inlined, Ajv's default), written here
  // the way compile-schemas.mjs writes them, minus the bundling (Ajv's runtime is required in place).
  const inlinedDir = join(benchDir, 'explainer-inlined');
  mkdirSync(inlinedDir, { recursive: true });
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const { _ } = await import('ajv');
  const standalone = new Ajv2020({
    ...AJV_OPTIONS,
    code: { source: true, esm: true, formats: _`formats`, optimize: true },
    formats,
  });
  standalone.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  for (const schema of schemas) standalone.addSchema(schema);
  const formatsUrl = pathToFileURL(join(repoRoot, 'validators', 'dist', 'formats', 'index.js')).href;
  const ajvPackage = pathToFileURL(join(repoRoot, 'validators', 'package.json')).href;
  for (const t of TYPES)
    writeFileSync(
      join(inlinedDir, `${t}.ajv.js`),
      `import { createRequire } from 'node:module';\nimport { formats } from ${JSON.stringify(formatsUrl)};\nconst require = createRequire(${JSON.stringify(ajvPackage)});\n${standaloneCode(standalone, standalone.getSchema(rootId(t)))}`,
    );
  const script = (dir) => `
const docs = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
(async () => {
  await import(${JSON.stringify(formatsUrl)});
  const byType = {};
  for (const t of ${JSON.stringify(TYPES)}) byType[t] = (await import(${JSON.stringify(pathToFileURL(dir).href)} + '/' + t + '.ajv.js')).default;
  const t0 = process.cpuUsage();
  for (const doc of docs) byType[doc.documentType](doc);
  const used = process.cpuUsage(t0);
  process.stdout.write(String((used.user + used.system) / docs.length));
})();`;
  const runs = { inlined: [], notInlined: [] };
  for (let i = 0; i < 3; i++)
    for (const [key, dir] of [
      ['inlined', inlinedDir],
      ['notInlined', join(STANDALONE, version)],
    ])
      runs[key].push(Number(execFileSync(process.execPath, ['-e', script(dir)], { encoding: 'utf8' })));
  const median = (values) => values.sort((a, b) => a - b)[2];
  row(
    `explaining ${rejected.length} rejected records once, fresh process, $refs inlined (before)`,
    median(runs.inlined),
    'µs/CPU',
  );
  row(
    `explaining ${rejected.length} rejected records once, fresh process, $refs not inlined (now)`,
    median(runs.notInlined),
    'µs/CPU',
    { ratio: median(runs.notInlined) / median(runs.inlined) },
  );
}

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
// code's own: import, then every record of one type among the feed's first 1 000 (where the JIT
// compiles what they reach), valid ones only or all of them (a rejected one compiles Ajv's explainer).
const firstRecords = (validOnly) => {
  const docs = [];
  for (const line of lines.slice(0, 1000)) {
    let doc;
    try {
      doc = JSON.parse(line);
    } catch {
      continue;
    }
    if (doc.documentType === firstType && (!validOnly || fastModules[firstType].check(doc))) docs.push(doc);
  }
  const file = join(benchDir, `engine-first-${validOnly ? 'valid' : 'all'}.json`);
  writeFileSync(file, JSON.stringify(docs));
  return { file, count: docs.length };
};
const firstUse = (file, exportName, records) => {
  const script = `const docs = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(records.file)}, 'utf8'));
import(${JSON.stringify(pathToFileURL(join(repoRoot, 'validators', 'dist', 'formats', 'index.js')).href)}).then(async ({ formats }) => {
  for (const [name, sample] of ${JSON.stringify(FORMAT_SAMPLES)}) formats[name](sample);
  const t0 = performance.now();
  const m = await import(${JSON.stringify(pathToFileURL(file).href)});
  const t1 = performance.now();
  for (const doc of docs) m[${JSON.stringify(exportName)}](doc);
  process.stdout.write(JSON.stringify([t1 - t0, performance.now() - t0]));
});`;
  const times = [];
  for (let i = 0; i < 5; i++)
    times.push(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  const median = (k) => times.map((t) => t[k]).sort((a, b) => a - b)[2];
  return { load: median(0), total: median(1) };
};
for (const validOnly of [true, false]) {
  const records = firstRecords(validOnly);
  const what = `${records.count} ${validOnly ? 'valid ' : ''}${firstType} records${validOnly ? '' : ' (a tenth invalid)'}`;
  const ajvFirst = firstUse(join(STANDALONE, version, `${firstType}.ajv.js`), 'default', records);
  const fastFirst = firstUse(join(STANDALONE, version, `${firstType}.js`), 'default', records);
  if (validOnly) {
    row(`import, Ajv module (${firstType})`, ajvFirst.load, 'ms');
    row(`import, fast module with its Ajv explainer (${firstType})`, fastFirst.load, 'ms');
  }
  row(`first use: import + ${what}, Ajv module`, ajvFirst.total, 'ms');
  row(`first use: import + ${what}, fast module`, fastFirst.total, 'ms', {
    ratio: fastFirst.total / ajvFirst.total,
  });
}

const loadAfter = load();
console.log('');
console.log(`load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`);
console.log('| measure | value | unit | ratio |');
console.log('|---|---:|---|---:|');
for (const r of rows) {
  const ratio =
    r.ratio === undefined
      ? ''
      : r.unit === 'records/CPU-s'
        ? `${r.ratio.toFixed(2)}× floor`
        : r.unitName
          ? `${r.ratio.toFixed(2)} ${r.unitName}`
          : `${r.ratio.toFixed(2)}×`;
  console.log(
    `| ${r.name} | ${r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toFixed(2)} | ${r.unit} | ${ratio} |`,
  );
}
writeFileSync(
  join(benchDir, 'engine.json'),
  `${JSON.stringify({ records: lines.length, feedBytes: feed.bytes, load: { before: loadBefore, after: loadAfter }, rows }, null, 2)}\n`,
);
