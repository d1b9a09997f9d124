/**
 * Deterministic monthly medicine-consumption series for the forecasting bench and back-tests: smooth,
 * erratic, intermittent and lumpy demand, with trends, seasonality, level shifts and obsolescence, as
 * facility-level medicine demand shows them. A seeded generator: the same seed gives the same series.
 */

import { prng as random } from './feed.mjs';

/** The feeds' seeded PRNG (mulberry32), for the series generators and their callers. */
export { random };

function poisson(rand, lambda) {
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rand)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

function normal(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, 1) by Marsaglia-Tsang, for negative-binomial (gamma-Poisson) sizes. */
function gamma(rand, shape) {
  if (shape < 1) return gamma(rand, shape + 1) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rand);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One series of `length` months; `kind` is smooth, erratic, intermittent or lumpy. */
export function generateSeries(rand, length, kind) {
  const season = rand() < 0.4 ? 0.15 + rand() * 0.35 : 0;
  const phase = Math.floor(rand() * 12);
  const trend = rand() < 0.3 ? (rand() - 0.5) * 0.04 : 0;
  const shiftAt = rand() < 0.25 ? Math.floor(length * (0.3 + rand() * 0.5)) : -1;
  const shift = 0.5 + rand();
  const obsolete = kind !== 'smooth' && rand() < 0.15;
  let probability;
  let size;
  let dispersion;
  switch (kind) {
    case 'smooth':
      probability = 0.9 + rand() * 0.1;
      size = 10 + rand() * 200;
      dispersion = 5 + rand() * 20;
      break;
    case 'erratic':
      probability = 0.85 + rand() * 0.15;
      size = 5 + rand() * 80;
      dispersion = 0.6 + rand();
      break;
    case 'intermittent':
      probability = 0.15 + rand() * 0.55;
      size = 1 + rand() * 15;
      dispersion = 4 + rand() * 10;
      break;
    default:
      probability = 0.1 + rand() * 0.5;
      size = 2 + rand() * 40;
      dispersion = 0.4 + rand() * 0.8;
  }
  const values = [];
  for (let t = 0; t < length; t++) {
    let level = size * (1 + trend) ** t * (1 + season * Math.sin((2 * Math.PI * (t + phase)) / 12));
    if (shiftAt >= 0 && t >= shiftAt) level *= shift;
    const p = obsolete && t > length * 0.6 ? probability * 0.3 : probability;
    if (rand() >= p) {
      values.push(0);
      continue;
    }
    const mean = Math.max(level, 0.5);
    // Negative binomial: Poisson with a gamma-distributed rate; sizes of at least 1 when demand occurs.
    values.push(Math.max(1, poisson(rand, (mean * gamma(rand, dispersion)) / dispersion)));
  }
  return values;
}

const KINDS = ['smooth', 'erratic', 'intermittent', 'lumpy'];

/** `count` series, mostly intermittent and lumpy, of 24 to 60 months. */
export function generateCorpus(count, seed = 20261206, kinds = KINDS) {
  const rand = random(seed);
  const corpus = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length];
    const length = 24 + Math.floor(rand() * 37);
    corpus.push({ id: `S${String(i).padStart(5, '0')}`, kind, values: generateSeries(rand, length, kind) });
  }
  return corpus;
}
