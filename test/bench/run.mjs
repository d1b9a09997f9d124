#!/usr/bin/env node
/**
 * `pnpm bench`: runs every test/bench/*.bench.mjs in its own process (so one bench's heap does not
 * skew another's) and collects their JSON rows into .bench/summary.json.
 * BENCH_ONLY=validate,gs1 runs a subset; BENCH_SCALE multiplies the default sizes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only || only.some((name) => f.startsWith(name)))
  .sort();
mkdirSync(join(root, '.bench'), { recursive: true });
const summary = {};
let failed = false;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, bench)], {
    stdio: 'inherit',
    cwd: root,
  });
  if (run.status !== 0) {
    failed = true;
    console.error(`${bench} failed with exit code ${run.status}`);
  }
  const rows = join(root, '.bench', bench.replace('.bench.mjs', '.json'));
  if (existsSync(rows)) summary[bench] = JSON.parse(readFileSync(rows, 'utf8'));
}
writeFileSync(join(root, '.bench', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\nwrote .bench/summary.json (${Object.keys(summary).length} benches)`);
process.exit(failed ? 1 : 0);
