/**
 * Writes monthly difference StockReports (NDJSON) whose consumption follows generated series: the
 * bundled forecasting sample (`docs/samples/forecast/consumption-history.ndjson`) and the bench corpus.
 *
 *   node test/bench/forecast-history.mjs OUT [facilities=2] [products=3] [months=30] [seed]
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { generateSeries, random } from './forecast-series.mjs';

/** A GTIN-14 with a valid check digit from a 13-digit body. */
function gtin(body) {
  const digits = body.padStart(13, '0');
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 3 : 1);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

/** A GLN with a valid check digit from a 12-digit body. */
function gln(body) {
  const digits = body.padStart(12, '0');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

function uuid(name) {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function month(start, offset) {
  const [y, m] = start.split('-').map(Number);
  const index = y * 12 + m - 1 + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function lastDay(ym) {
  const [y, m] = ym.split('-').map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Yields one difference StockReport per facility and month. */
export function* historyDocuments({
  facilities = 2,
  products = 3,
  months = 30,
  seed = 7,
  start = '2024-01',
} = {}) {
  const rand = random(seed);
  const kinds = ['intermittent', 'lumpy', 'erratic', 'smooth'];
  const series = [];
  for (let f = 0; f < facilities; f++)
    for (let p = 0; p < products; p++)
      series.push(generateSeries(rand, months, kinds[(f + p) % kinds.length]));
  const sender = {
    identifiers: [{ system: 'https://www.gs1.org/gln', value: gln('616000000001') }],
    name: 'Central Medical Stores',
    roles: ['distributor'],
    country: 'KE',
  };
  for (let t = 0; t < months; t++) {
    const ym = month(start, t);
    for (let f = 0; f < facilities; f++) {
      const lines = [];
      for (let p = 0; p < products; p++) {
        const consumed = series[f * products + p][t];
        // A stock-out now and then: fewer days with stock, consumption adjusted by the forecast.
        const stockoutDays = consumed === 0 && rand() < 0.1 ? 5 + Math.floor(rand() * 10) : 0;
        const opening = 50 + Math.floor(rand() * 200);
        const received = consumed + Math.floor(rand() * 20);
        lines.push({
          product: { identifier: { system: 'https://www.gs1.org/gtin', value: gtin(`061600010000${p}`) } },
          quantity: { value: opening + received - consumed, unit: '{pack}' },
          periodTotals: {
            openingBalance: { value: opening, unit: '{pack}' },
            received: { value: received, unit: '{pack}' },
            consumed: { value: consumed, unit: '{pack}' },
            closingBalance: { value: opening + received - consumed, unit: '{pack}' },
            ...(stockoutDays > 0 ? { stockoutDays } : {}),
          },
        });
      }
      yield {
        schemaVersion: '1.0.0',
        documentId: uuid(`forecast-sample ${seed} ${f} ${ym}`),
        documentType: 'StockReport',
        documentStatus: 'original',
        createdAt: `${month(ym, 1)}-03T09:00:00Z`,
        sender,
        confidentiality: 'restricted',
        countType: 'difference',
        reporter: sender,
        period: { start: `${ym}-01`, end: lastDay(ym), granularity: 'month' },
        listings: [
          {
            location: {
              identifiers: [{ system: 'https://www.gs1.org/gln', value: gln(`61600000010${f}`) }],
              name: `Health centre ${f + 1}`,
              type: 'healthFacility',
              country: 'KE',
              subdivision: 'KE-30',
            },
            lines,
          },
        ],
      };
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, facilities, products, months, seed] = process.argv.slice(2);
  if (!out) throw new Error('usage: forecast-history.mjs OUT [facilities] [products] [months] [seed]');
  const options = {
    ...(facilities ? { facilities: Number(facilities) } : {}),
    ...(products ? { products: Number(products) } : {}),
    ...(months ? { months: Number(months) } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
  };
  const lines = [];
  for (const document of historyDocuments(options)) lines.push(JSON.stringify(document));
  writeFileSync(out, `${lines.join('\n')}\n`);
}
