/**
 * Hold-out accuracy of medsupply's forecasting methods on generated intermittent and lumpy series,
 * beside R's forecast package (ets, auto.arima, croston) on the same series in the same run when
 * Rscript with the forecast package is installed. Prints mean MASE and RMSSE per method, and `auto`
 * as a ratio to R's best.
 *
 *   node test/bench/forecast-accuracy.mjs [series=400] [horizon=6]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METHODS, METHOD_NAMES, accuracy, autoForecast, prepareEts } from '@medsupply/forecast';
import { generateCorpus } from './forecast-series.mjs';

const count = Number(process.argv[2] ?? 400);
const horizon = Number(process.argv[3] ?? 6);

/** Mean MASE and RMSSE of forecasts over a corpus (series without a scale are left out of both). */
export function meanScores(corpus, forecasts) {
  let mase = 0;
  let rmsse = 0;
  let n = 0;
  corpus.forEach((series, i) => {
    const history = series.values.slice(0, -horizon);
    const actual = series.values.slice(-horizon);
    const score = accuracy(history, actual, forecasts[i]);
    if (score.mase === undefined || score.rmsse === undefined) return;
    mase += score.mase;
    rmsse += score.rmsse;
    n++;
  });
  return { mase: mase / n, rmsse: rmsse / n, series: n };
}

/** R's forecasts for every series, or undefined when R or its forecast package is missing. */
function forecastsFromR(corpus) {
  const probe = spawnSync('Rscript', ['-e', 'suppressMessages(library(forecast))'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'medsupply-r-'));
  try {
    const input = join(dir, 'series.csv');
    writeFileSync(input, corpus.map((s) => s.values.slice(0, -horizon).join(',')).join('\n'));
    const script = `
      suppressMessages(library(forecast))
      lines <- readLines("${input}")
      out <- lapply(c("ets", "arima", "croston"), function(m) t(sapply(lines, function(line) {
        y <- ts(as.numeric(strsplit(line, ",")[[1]]), frequency = 12)
        f <- tryCatch(switch(m,
          ets = forecast(ets(y), h = ${horizon})$mean,
          arima = forecast(auto.arima(y), h = ${horizon})$mean,
          croston = croston(y, h = ${horizon})$mean), error = function(e) rep(mean(y), ${horizon}))
        pmax(as.numeric(f), 0)
      })))
      for (i in 1:3) write.table(out[[i]], file = paste0("${dir}/", c("ets", "arima", "croston")[i], ".csv"),
        sep = ",", row.names = FALSE, col.names = FALSE)
    `;
    const run = spawnSync('Rscript', ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`Rscript failed: ${run.stderr}`);
    const read = (name) =>
      readFileSync(join(dir, `${name}.csv`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(',').map(Number));
    return { 'R ets': read('ets'), 'R auto.arima': read('arima'), 'R croston': read('croston') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await prepareEts();
const corpus = generateCorpus(count).filter((s) => s.kind !== 'smooth');
const rows = {};
for (const name of METHOD_NAMES) {
  rows[name] = meanScores(
    corpus,
    corpus.map((s) => METHODS[name](s.values.slice(0, -horizon), horizon)?.point ?? Array(horizon).fill(0)),
  );
}
rows.auto = meanScores(
  corpus,
  corpus.map((s) => autoForecast(s.values.slice(0, -horizon), horizon).forecast.point),
);
const fromR = forecastsFromR(corpus);
if (fromR) for (const [name, forecasts] of Object.entries(fromR)) rows[name] = meanScores(corpus, forecasts);
console.log(`forecast accuracy: ${corpus.length} erratic/intermittent/lumpy series, horizon ${horizon}`);
for (const [name, row] of Object.entries(rows))
  console.log(`  ${name.padEnd(14)} MASE ${row.mase.toFixed(3)}  RMSSE ${row.rmsse.toFixed(3)}`);
if (fromR) {
  const r = Object.entries(rows).filter(([name]) => name.startsWith('R '));
  const bestMase = Math.min(...r.map(([, row]) => row.mase));
  const bestRmsse = Math.min(...r.map(([, row]) => row.rmsse));
  console.log(
    `  auto vs R's best: MASE ${(rows.auto.mase / bestMase).toFixed(3)}×, RMSSE ${(rows.auto.rmsse / bestRmsse).toFixed(3)}× (below 1 is better)`,
  );
} else {
  console.log("  R's forecast package not installed: no comparison (apt-get install r-cran-forecast)");
}
