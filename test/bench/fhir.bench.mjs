/**
 * canonical → FHIR and FHIR → canonical throughput, in documents per second, each as a ratio to
 * JSON.parse + JSON.stringify of the same input in the same run (the floor no mapper can beat),
 * with the peak RSS of each; every measurement runs in its own child process.
 *
 *   node test/bench/fhir.bench.mjs                 # 5 000 documents (run `pnpm build` first)
 *   BENCH_SCALE=20 node test/bench/fhir.bench.mjs  # 100 000 documents
 *
 * The documents are the valid fixtures of schemas/fixtures/1.0.0, repeated with fresh documentIds,
 * so every document type and the shared organisations, places and products are all in the mix.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const benchDir = join(root, '.bench');
const FOLDERS = ['stock-report', 'capacity-report', 'shipment', 'shortage-notice', 'demand-forecast'];
const BASE_DOCUMENTS = 5_000;

/** A UUID derived from a counter, so the generated files are the same on every run. */
function uuidFor(n) {
  const hex = createHash('sha1').update(`fhir-bench-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function generate(count, files) {
  const { canonicalToFhir } = await import('@medsupply/fhir');
  const fixtures = FOLDERS.flatMap((folder) => {
    const dir = join(root, 'schemas/fixtures/1.0.0', folder, 'valid');
    return readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
  });
  const documents = Array.from({ length: count }, (_, n) => {
    const document = structuredClone(fixtures[n % fixtures.length]);
    document.documentId = uuidFor(n);
    if (document.supersedes !== undefined) document.supersedes = uuidFor(-n - 1);
    return document;
  });
  writeFileSync(files.canonical, `${documents.map((d) => JSON.stringify(d)).join('\n')}\n`);
  for (const version of ['4', '5']) {
    writeFileSync(
      files[`r${version}`],
      JSON.stringify(canonicalToFhir(documents, { fhirVersion: version }).bundle),
    );
  }
}

/** One measured task, run inside a child process; returns the number of documents handled. */
const tasks = {
  /** Floor for canonical input: parse every NDJSON line, serialise it again. */
  'floor-canonical'(files) {
    const lines = readFileSync(files.canonical, 'utf8').split('\n').filter(Boolean);
    let bytes = 0;
    for (const line of lines) bytes += JSON.stringify(JSON.parse(line)).length;
    return { documents: lines.length, bytes };
  },
  async 'canonical→fhir-r4'(files) {
    return toFhir(files, '4');
  },
  async 'canonical→fhir-r5'(files) {
    return toFhir(files, '5');
  },
  /** Floor for FHIR input: parse the Bundle, serialise it again. */
  'floor-fhir-r4'(files) {
    return floorFhir(files.r4);
  },
  'floor-fhir-r5'(files) {
    return floorFhir(files.r5);
  },
  async 'fhir-r4→canonical'(files) {
    return fromFhir(files.r4, '4');
  },
  async 'fhir-r5→canonical'(files) {
    return fromFhir(files.r5, '5');
  },
};

/** The adapter, imported before the clock starts (module loading is not conversion). */
let fhir;

async function toFhir(files, fhirVersion) {
  const { canonicalToFhir } = fhir;
  const documents = readFileSync(files.canonical, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const { bundle } = canonicalToFhir(documents, { fhirVersion });
  const bytes = JSON.stringify(bundle).length;
  return { documents: documents.length, entries: bundle.entry.length, bytes };
}

function floorFhir(file) {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  const bytes = JSON.stringify(bundle).length;
  return { documents: countDocuments(file), bytes };
}

async function fromFhir(file, fhirVersion) {
  const { fhirToCanonical } = fhir;
  const { documents } = fhirToCanonical(JSON.parse(readFileSync(file, 'utf8')), { fhirVersion });
  let bytes = 0;
  for (const document of documents) bytes += JSON.stringify(document).length + 1;
  return { documents: documents.length, bytes };
}

function countDocuments(file) {
  return Number(/-(\d+)\.json$/.exec(file)?.[1] ?? 0);
}

async function child(task, filesJson) {
  const files = JSON.parse(filesJson);
  fhir = await import('@medsupply/fhir');
  const start = performance.now();
  const detail = await tasks[task](files);
  const seconds = (performance.now() - start) / 1000;
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ seconds, rssMB: process.resourceUsage().maxRSS / 1024, detail }));
}

function measure(task, files) {
  const output = execFileSync(
    process.execPath,
    ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', task, JSON.stringify(files)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(output);
}

async function main() {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error('BENCH_SCALE must be a positive number');
  const count = Math.round(BASE_DOCUMENTS * scale);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  mkdirSync(benchDir, { recursive: true });
  const files = {
    canonical: join(benchDir, `fhir-canonical-${count}.ndjson`),
    r4: join(benchDir, `fhir-r4-${count}.json`),
    r5: join(benchDir, `fhir-r5-${count}.json`),
  };
  if (!Object.values(files).every((file) => existsSync(file))) {
    process.stdout.write(`generating ${count} documents into .bench/ ...\n`);
    await generate(count, files);
  }
  const pairs = [
    ['floor-canonical', 'canonical→fhir-r4'],
    ['floor-canonical', 'canonical→fhir-r5'],
    ['floor-fhir-r4', 'fhir-r4→canonical'],
    ['floor-fhir-r5', 'fhir-r5→canonical'],
  ];
  const names = [...new Set(pairs.flat())];
  const best = new Map();
  // Interleave rounds so a busy moment on the machine hurts every task alike; keep each task's best.
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const result = measure(name, files);
      const previous = best.get(name);
      best.set(name, {
        seconds: Math.min(previous?.seconds ?? Number.POSITIVE_INFINITY, result.seconds),
        rssMB: Math.max(previous?.rssMB ?? 0, result.rssMB),
        detail: result.detail,
      });
    }
  }
  const rows = pairs.map(([floorName, name]) => {
    const result = best.get(name);
    const floor = best.get(floorName);
    const perSecond = result.detail.documents / result.seconds;
    const floorPerSecond = floor.detail.documents / floor.seconds;
    return {
      task: name,
      documents: result.detail.documents,
      seconds: Number(result.seconds.toFixed(3)),
      documentsPerSecond: Math.round(perSecond),
      floor: floorName,
      floorDocumentsPerSecond: Math.round(floorPerSecond),
      vsFloor: Number((perSecond / floorPerSecond).toFixed(3)),
      peakRssMB: Number(result.rssMB.toFixed(0)),
      floorPeakRssMB: Number(floor.rssMB.toFixed(0)),
      detail: result.detail,
    };
  });
  process.stdout.write(
    `canonical ↔ FHIR, ${count} documents, best of ${rounds}; ratio = documents/s ÷ JSON.parse+stringify of the same input\n`,
  );
  process.stdout.write(
    `${'task'.padEnd(22)}${'docs/s'.padStart(10)}${'floor docs/s'.padStart(14)}${'× floor'.padStart(9)}${'peak RSS MB'.padStart(13)}\n`,
  );
  for (const row of rows) {
    process.stdout.write(
      `${row.task.padEnd(22)}${String(row.documentsPerSecond).padStart(10)}${String(row.floorDocumentsPerSecond).padStart(14)}${String(row.vsFloor).padStart(9)}${String(row.peakRssMB).padStart(13)}\n`,
    );
  }
  writeFileSync(
    join(benchDir, 'fhir.json'),
    `${JSON.stringify({ documents: count, rounds, rows }, null, 2)}\n`,
  );
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
