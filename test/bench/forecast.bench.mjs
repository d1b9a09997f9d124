/**
 * Forecasting throughput: series per second of each method over generated monthly series, as a ratio
 * to the naive forecast of the same series in the same run (the floor every method pays: reading the
 * history and writing a forecast). Then hold-out accuracy on intermittent and lumpy series, beside R's
 * forecast package when it is installed (see forecast-accuracy.mjs).
 *
 *   node test/bench/forecast.bench.mjs                 # 10 000 series (run `pnpm build` first)
 *   BENCH_SCALE=0.1 node test/bench/forecast.bench.mjs # 1 000 series
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHODS, autoForecast, prepareEts } from '@medsupply/forecast';
import { generateCorpus } from './forecast-series.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const count = Math.round(10_000 * Number(process.env.BENCH_SCALE ?? 1));
const HORIZON = 6;

await prepareEts();
const corpus = generateCorpus(count);

/** Series per second of one forecaster over the whole corpus. */
function rate(forecast) {
  const started = process.hrtime.bigint();
  let checksum = 0;
  for (const series of corpus) checksum += forecast(series.values).point[0] ?? 0;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!Number.isFinite(checksum)) throw new Error('a forecast was not finite');
  return corpus.length / seconds;
}

// The first pass warms the JIT up; the second is the floor.
rate((values) => METHODS.naive(values, HORIZON));
const floor = rate((values) => METHODS.naive(values, HORIZON));
const rows = [{ name: 'naive (floor)', seriesPerSecond: floor, ratio: 1 }];
const zero = { point: [0] };
for (const name of ['ma', 'snaive', 'croston', 'sba', 'tsb', 'ets']) {
  const perSecond = rate((values) => METHODS[name](values, HORIZON) ?? zero);
  rows.push({ name, seriesPerSecond: perSecond, ratio: perSecond / floor });
}
const auto = rate((values) => autoForecast(values, HORIZON).forecast);
rows.push({ name: 'auto (back-tested)', seriesPerSecond: auto, ratio: auto / floor });

console.log(`forecast throughput: ${count} series of 24-60 months, horizon ${HORIZON}`);
for (const row of rows)
  console.log(
    `  ${row.name.padEnd(20)} ${Math.round(row.seriesPerSecond).toLocaleString('en').padStart(10)} series/s  ${row.ratio.toFixed(4)}× naive`,
  );
mkdirSync(join(root, '.bench'), { recursive: true });
writeFileSync(join(root, '.bench', 'forecast.json'), `${JSON.stringify(rows, null, 2)}\n`);

// Accuracy against R in its own process: it prints its own table.
spawnSync(process.execPath, [join(here, 'forecast-accuracy.mjs'), '400', String(HORIZON)], {
  stdio: 'inherit',
});
