/**
 * renderDashboard: one self-contained HTML file (data, ECharts and script inlined; a Content Security
 * Policy forbids every network request) that opens from disk and works offline.
 */
import { readFileSync } from 'node:fs';
import type { MetricsResult } from '../model.js';
import { CLIENT_SCRIPT } from './client.js';

/** Options of {@link renderDashboard}. */
export interface DashboardOptions {
  /** Page title (default "medsupply dashboard"). */
  title?: string;
  /** Invalid documents skipped while reading, shown in the header. */
  skipped?: number;
}

let charts: string | undefined;

/** The ECharts bundle built by scripts/bundle-charts.mjs (same path from src/ and dist/). */
function chartLibrary(): string {
  charts ??= readFileSync(new URL('../../dist/dashboard/echarts.bundle.js', import.meta.url), 'utf8');
  return charts;
}

/** Text safe inside a `<script>` element (no `</script`, no `<!--`). */
function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders the dashboard of a metrics result as one HTML document: months of stock against the plan
 * band, stock-out rates, lead-time distributions per supplier, supplier concentration, the shortage
 * timeline and every value with its documentIds, with filters by product, location and period.
 */
export function renderDashboard(result: MetricsResult, options: DashboardOptions = {}): string {
  const title = escapeHtml(options.title ?? 'medsupply dashboard');
  const payload = {
    metrics: result.metrics,
    names: result.names,
    shortages: result.shortages,
    leadTimes: result.leadTimes,
    asOf: result.asOf,
    plan: result.plan,
  };
  // JSON inside HTML: `<` escaped so no sequence in the data can close the element.
  const data = JSON.stringify(payload)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const d = result.documents;
  const summary = `${d.used} documents used (${d.superseded} superseded, ${d.cancelled} cancellations${
    options.skipped ? `, ${options.skipped} invalid skipped` : ''
  }); shortages as of ${escapeHtml(result.asOf)}; plan ${result.plan.minMonths}–${result.plan.maxMonths} months of stock.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#003f6b;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;font-size:14px}
form{display:flex;flex-wrap:wrap;gap:16px;padding:12px 24px;background:#fff;border-bottom:1px solid #ccc;position:sticky;top:0;z-index:2}
label{font-size:14px;font-weight:600;display:flex;flex-direction:column;gap:4px}select{font-size:14px;padding:4px;min-width:180px}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px;padding:16px 24px}
figure{margin:0;background:#fff;border:1px solid #ccc;border-radius:4px;padding:8px}figcaption{font-weight:600;font-size:15px;padding:4px 8px}
figcaption small{display:block;font-weight:400;color:#444}.chart{height:380px}
section{padding:0 24px 24px}table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}th{background:#e8eef3}td.num{text-align:right}td.docs{font-family:monospace;font-size:11px;word-break:break-all}
:focus-visible{outline:3px solid #E69F00;outline-offset:2px}
</style>
</head>
<body>
<header><h1>${title}</h1><p>${summary}</p></header>
<form aria-label="Filters" onsubmit="return false">
<label for="filter-product">Product<select id="filter-product"></select></label>
<label for="filter-location">Location<select id="filter-location"></select></label>
<label for="filter-from">From month<select id="filter-from"></select></label>
<label for="filter-to">To month<select id="filter-to"></select></label>
</form>
<main>
<figure><figcaption>Months of stock per facility and product<small>Shaded band: the plan (minimum to maximum months). Hover a point for its documents.</small></figcaption><div class="chart" id="chart-mos" role="img" aria-label="Line chart of months of stock per facility and product, with the plan band"></div></figure>
<figure><figcaption>Stock-outs over time<small>Share of locations whose stock of the product was 0 in their latest snapshot of the month.</small></figcaption><div class="chart" id="chart-stockouts" role="img" aria-label="Bar chart of the stock-out rate per product and month"></div></figure>
<figure><figcaption>Lead time per supplier<small>Days from order to receipt of received shipments: minimum, quartiles, maximum.</small></figcaption><div class="chart" id="chart-leadtime" role="img" aria-label="Box plot of lead times per supplier"></div></figure>
<figure><figcaption>Supplier concentration (HHI)<small>0 to 10 000; above 1 800 is highly concentrated (2023 US Merger Guidelines).</small></figcaption><div class="chart" id="chart-hhi" role="img" aria-label="Bar chart of the Herfindahl-Hirschman index per product and year"></div></figure>
<figure><figcaption>Shortages<small>Orange: active at the as-of date; blue: resolved. Bars run from start to resolution (or expected resolution).</small></figcaption><div class="chart" id="chart-shortages" role="img" aria-label="Timeline of shortage notices per product"></div></figure>
</main>
<section aria-labelledby="values-title"><h2 id="values-title">Every value and its documents</h2><p id="values-count"></p>
<table><thead><tr><th scope="col">metric</th><th scope="col">value</th><th scope="col">unit</th><th scope="col">product</th><th scope="col">location / party / site</th><th scope="col">period</th><th scope="col">documentIds</th></tr></thead><tbody id="values-body"></tbody></table></section>
<script type="application/json" id="medsupply-data">${data}</script>
<script>${scriptSafe(chartLibrary())}</script>
<script>${scriptSafe(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}
