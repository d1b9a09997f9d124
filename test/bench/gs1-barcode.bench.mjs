import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
/**
 * GS1 barcode parsing throughput with full validation (check digits, dates, lengths, character
 * sets, requisite and exclusive AIs, Digital Link URI), as ratios to bark-js measured in the same
 * run, next to gs1-barcode-parser-mod and a no-op floor (a loop that only touches each input).
 * Neither npm parser validates: the rows say how many of the deliberately broken inputs each one
 * accepted.
 *
 * Workloads: GS1 DataMatrix scan data (`]d2…` with GS separators), and the same data bracketed
 * (`(01)…(17)…`); bark-js and gs1-barcode-parser-mod read only scan data, so in the bracketed
 * workload they parse the scan form of the same barcodes.
 *
 * Speed is measured with all parsers in one process, taking turns round after round, so that load
 * from other processes on the machine hits all of them alike; peak RSS of each parser is measured
 * in its own child process.
 * BENCH_SCALE=10 → 500 000 barcodes.
 */
import { gs1CheckDigit } from '@medsupply/validators';
import { prng } from './feed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const benchDir = join(repoRoot, '.bench');

// ---------------------------------------------------------------------------------------------
// Children. `--rss PARSER FILE`: one pass, report peak RSS. `--throughput FILE_OURS FILE_THEIRS`:
// every parser in turn, round after round (so load on a shared machine hits all alike), best round
// per parser.
// ---------------------------------------------------------------------------------------------
const PARSERS = ['floor', 'bark-js', 'gs1-barcode-parser-mod', 'medsupply', 'medsupply-no-dl'];
const ROUNDS = 7;

if (process.argv[2] === '--rss') {
  const [, , , parserName, file] = process.argv;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const parse = await loadParser(parserName);
  let accepted = 0;
  for (const line of lines) if (parse(line)) accepted++;
  process.stdout.write(JSON.stringify({ accepted, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

if (process.argv[2] === '--throughput') {
  const [, , , oursFile, theirsFile] = process.argv;
  const ours = readFileSync(oursFile, 'utf8').split('\n').filter(Boolean);
  const theirs = readFileSync(theirsFile, 'utf8').split('\n').filter(Boolean);
  const parsers = {};
  for (const name of PARSERS) parsers[name] = await loadParser(name);
  const inputsOf = (name) => (name.startsWith('medsupply') || name === 'floor' ? ours : theirs);
  const best = {};
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of PARSERS) {
      const parse = parsers[name];
      const lines = inputsOf(name);
      const t0 = performance.now();
      for (const line of lines) parse(line);
      const ms = performance.now() - t0;
      if (round > 0) best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, ms); // round 0 warms up
    }
  }
  process.stdout.write(
    JSON.stringify(Object.fromEntries(PARSERS.map((n) => [n, { ms: best[n], count: inputsOf(n).length }]))),
  );
  process.exit(0);
}

/** A parse function returning true when the parser accepted the input. */
async function loadParser(name) {
  switch (name) {
    case 'medsupply': {
      const { parseGs1 } = await import('@medsupply/gs1');
      return (line) => parseGs1(line).valid;
    }
    case 'medsupply-no-dl': {
      const { parseGs1 } = await import('@medsupply/gs1');
      return (line) => parseGs1(line, { digitalLink: false }).valid;
    }
    case 'bark-js': {
      const { default: bark } = await import('bark-js');
      return (line) => {
        try {
          return bark(line).elements.length > 0;
        } catch {
          return false;
        }
      };
    }
    case 'gs1-barcode-parser-mod': {
      const { default: parser } = await import('gs1-barcode-parser-mod');
      return (line) => {
        try {
          return parser.parseBarcode(line).parsedCodeItems.length > 0;
        } catch {
          return false;
        }
      };
    }
    case 'floor': {
      let sink = 0;
      return (line) => {
        sink += line.charCodeAt(0) + line.charCodeAt(line.length - 1);
        return sink >= 0;
      };
    }
    default:
      throw new Error(`unknown parser ${name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Parent: generate the inputs, run each parser, print ratios, write rows.
// ---------------------------------------------------------------------------------------------

const scale = Number(process.env.BENCH_SCALE ?? 1);
const COUNT = Math.round(50_000 * scale);
/** Share of inputs broken on purpose (wrong check digit, 30 February, 13th month). */
const BROKEN_EVERY = 20;

/** Realistic medicine-pack barcodes: GTIN, expiry, lot, serial (EU FMD style), some broken. */
function generate(count, seed) {
  const next = prng(seed);
  const pick = (chars, n) =>
    Array.from({ length: n }, () => chars[Math.floor(next() * chars.length)]).join('');
  const alnum = 'ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789';
  const scan = [];
  const bracketed = [];
  for (let i = 0; i < count; i++) {
    const body = `0${pick('0123456789', 12)}`;
    let gtin = body + gs1CheckDigit(body);
    const yy = String(25 + Math.floor(next() * 6)).padStart(2, '0');
    const mm = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    let dd = String(Math.floor(next() * 29)).padStart(2, '0');
    let expiry = `${yy}${mm}${dd}`;
    if (i % BROKEN_EVERY === 7) gtin = gtin.slice(0, 13) + String((Number(gtin[13]) + 1) % 10);
    if (i % BROKEN_EVERY === 13) expiry = `${yy}0230`;
    if (i % BROKEN_EVERY === 17) expiry = `${yy}13${dd}`;
    const lot = pick(alnum, 4 + Math.floor(next() * 8));
    const serial = pick(alnum, 8 + Math.floor(next() * 12));
    const withNhrn = next() < 0.2;
    const nhrn = withNhrn ? pick('0123456789', 8) : '';
    scan.push(`]d201${gtin}17${expiry}10${lot}\u001d21${serial}${withNhrn ? `\u001d710${nhrn}` : ''}`);
    bracketed.push(`(01)${gtin}(17)${expiry}(10)${lot}(21)${serial}${withNhrn ? `(710)${nhrn}` : ''}`);
    dd = '';
  }
  return { scan, bracketed };
}

function ensureInputs() {
  mkdirSync(benchDir, { recursive: true });
  const files = {
    scan: join(benchDir, `gs1-barcode-scan-${COUNT}.txt`),
    bracketed: join(benchDir, `gs1-barcode-bracketed-${COUNT}.txt`),
  };
  if (!existsSync(files.scan) || !existsSync(files.bracketed)) {
    const { scan, bracketed } = generate(COUNT, 42);
    writeFileSync(files.scan, `${scan.join('\n')}\n`);
    writeFileSync(files.bracketed, `${bracketed.join('\n')}\n`);
  }
  return files;
}

function runChild(args) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    cwd: here,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

const files = ensureInputs();
const broken = Math.floor(COUNT / BROKEN_EVERY) * 3;
console.log(
  `${COUNT} barcodes (${broken} broken on purpose); speed: best of ${ROUNDS} interleaved rounds; peak RSS: one process per parser`,
);

const rows = [];
const workloads = [
  { name: 'scan data (]d2, GS)', ours: files.scan, theirs: files.scan },
  { name: 'bracketed (others: the same barcodes as scan data)', ours: files.bracketed, theirs: files.scan },
];
for (const w of workloads) {
  const speed = runChild(['--throughput', w.ours, w.theirs]);
  const perSecond = (name) => (speed[name].count / speed[name].ms) * 1000;
  const baseline = perSecond('bark-js');
  console.log(`\n${w.name}`);
  for (const parser of PARSERS) {
    const memory = runChild([
      '--rss',
      parser,
      parser.startsWith('medsupply') || parser === 'floor' ? w.ours : w.theirs,
    ]);
    const label =
      parser === 'medsupply'
        ? 'medsupply (full validation + DL URI)'
        : parser === 'medsupply-no-dl'
          ? 'medsupply (full validation)'
          : parser;
    const ratio = perSecond(parser) / baseline;
    const rejected = parser === 'floor' ? 0 : COUNT - memory.accepted;
    console.log(
      `  ${label.padEnd(38)} ${ratio.toFixed(2).padStart(6)}× bark-js  ${(perSecond(parser) / 1000).toFixed(0).padStart(6)} k/s  ` +
        `rejected ${String(rejected).padStart(6)}  peak RSS ${memory.maxRssMb.toFixed(0)} MB`,
    );
    rows.push({
      name: `${w.name}: ${label}`,
      value: perSecond(parser),
      unit: 'barcodes/s',
      ratioToBarkJs: ratio,
      rejected,
      brokenOnPurpose: parser === 'floor' ? undefined : broken,
      peakRssMb: memory.maxRssMb,
    });
  }
}
writeFileSync(join(benchDir, 'gs1-barcode.json'), `${JSON.stringify(rows, null, 2)}\n`);
console.log('\nwrote .bench/gs1-barcode.json');
