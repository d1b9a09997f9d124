/**
 * docs/reference/metrics.md: the indicator catalogue of @medsupply/metrics (its METRICS table), so the
 * page never drifts from what the code computes. Called by scripts/generate-docs.mjs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The page text, from packages/metrics/dist (run `pnpm build` first). */
export async function metricsPage(root, banner) {
  const entry = join(root, 'packages', 'metrics', 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} missing: run \`pnpm build\` first`);
  const { METRICS } = await import(pathToFileURL(entry).href);
  const lines = [banner, '', '# Metrics reference', ''];
  lines.push(
    'The indicators `medsupply metrics` computes (and `medsupply dashboard` shows), from canonical documents. Every',
    'row of the output is `{metric, value, unit?, product?, location?, party?, site?, period?}`; products, locations,',
    'parties and sites are keyed `SYSTEM|VALUE` of their identifier (the first of `identifiers` when inline); months',
    'are `YYYY-MM`, quarters `YYYY-Qn`, years `YYYY`; dates are read by their date part as written. A value that',
    'cannot be computed without mixing units is `null` with a `reason`. How to use them:',
    '[programme managers guide](../guides/programme-managers.md); choices where the definitions were open:',
    '[decision 0016](../decisions/0016-resilience-metrics.md).',
    '',
    '| id | name | keyed by | period | unit |',
    '|---|---|---|---|---|',
  );
  for (const m of METRICS)
    lines.push(
      `| [\`${m.id}\`](#${m.id}) | ${cell(m.name)} | ${m.dimensions.join(' × ') || '—'} | ${m.period} | ${m.unit ? `\`${m.unit}\`` : '—'} |`,
    );
  lines.push('');
  for (const m of METRICS) {
    lines.push(`## ${m.id}`, '', `**${m.name}.** ${m.formula}`, '');
    lines.push(
      `- Keyed by: ${m.dimensions.join(', ') || 'nothing (one value per period)'}; period: ${m.period}`,
    );
    lines.push(`- Unit: ${m.unit ? `\`${m.unit}\`` : 'none (a count or an index)'}`);
    lines.push(`- Inputs: ${m.inputs.map((i) => `\`${i}\``).join('; ')}`);
    lines.push(`- Source: ${m.source}`, '');
  }
  return lines.join('\n');
}
