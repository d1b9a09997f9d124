#!/usr/bin/env node
/**
 * Cold start of `medsupply validate` on one small file against a bare `node -e 0`, interleaved so every
 * variant sees the same load; medians of wall time (the goal of issue 14: at most 60 ms over bare node)
 * and of the process's CPU time (user + system, all threads), which a busy machine inflates far less.
 *
 * validate.bench.mjs uses it for its cold-start rows. Run alone, it measures only that, quickly:
 *
 *   node test/bench/cold-start.mjs           BENCH_COLD_RUNS=25 for more runs
 *
 * The CLI is measured as built (the bundle, decision 0023) and with MEDSUPPLY_UNBUNDLED=1 (tsc's modules),
 * so the bundle's gain is visible in the same run.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDir, ensureFeed, repoRoot } from './feed.mjs';

export const CLI_BIN = join(repoRoot, 'packages', 'cli', 'bin', 'medsupply.js');
const CPU_MARK = '__cpu_ms__=';
const CPU_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('${CPU_MARK}'+(u.user+u.system)/1000+'\\n')})`;

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * Runs bare node and each CLI variant `runs` times, interleaved; every CLI run must exit 0.
 * Returns medians in ms: `{ bare: { wall, cpu }, cold: { wall, cpu }, unbundled: { wall, cpu } }`.
 */
export function measureColdStart({ file, runs = 15, bin = CLI_BIN }) {
  const variants = {
    bare: { args: ['-e', '0'] },
    cold: { args: [bin, 'validate', file] },
    unbundled: { args: [bin, 'validate', file], env: { MEDSUPPLY_UNBUNDLED: '1' } },
  };
  const times = Object.fromEntries(Object.keys(variants).map((name) => [name, { wall: [], cpu: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const [name, { args, env }] of Object.entries(variants)) {
      const t0 = performance.now();
      const run = spawnSync(process.execPath, ['--import', CPU_HOOK, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...env },
      });
      times[name].wall.push(performance.now() - t0);
      const stderr = run.stderr.toString();
      if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${stderr}`);
      times[name].cpu.push(Number(stderr.slice(stderr.lastIndexOf(CPU_MARK) + CPU_MARK.length).trim()));
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, t]) => [name, { wall: median(t.wall), cpu: median(t.cpu) }]),
  );
}

/** The bench's small file: the feed's first record (valid), written to .bench/one-document.json. */
export async function oneDocumentFile() {
  const small = join(benchDir, 'one-document.json');
  if (existsSync(small)) return small;
  const feed = await ensureFeed(100_000);
  const fd = openSync(feed.path, 'r');
  const head = Buffer.alloc(64 * 1024);
  const length = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  writeFileSync(small, head.subarray(0, length).toString('utf8').split('\n')[0]);
  return small;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(process.env.BENCH_COLD_RUNS ?? 15);
  const loadAtStart = loadavg()[0];
  const m = measureColdStart({ file: await oneDocumentFile(), runs });
  const line = (name, v) =>
    `| ${name} | ${Math.round(v.wall)} | +${Math.round(v.wall - m.bare.wall)} | ${Math.round(v.cpu)} | +${Math.round(v.cpu - m.bare.cpu)} |`;
  console.log(`cold start, median of ${runs} interleaved runs\n`);
  console.log('| run | wall ms | over node | CPU ms | over node |\n|---|---:|---:|---:|---:|');
  console.log(`| node -e 0 | ${Math.round(m.bare.wall)} | | ${Math.round(m.bare.cpu)} | |`);
  console.log(line('medsupply validate (as built)', m.cold));
  console.log(line('medsupply validate, MEDSUPPLY_UNBUNDLED=1', m.unbundled));
  console.log(
    `\nload average (1 min): ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`,
  );
}
