import type { MetricRow } from '../model.js';

/** The rows of a metric whose members equal `where`. */
export function rows(
  result: { metrics: MetricRow[] },
  metric: string,
  where: Partial<MetricRow> = {},
): MetricRow[] {
  return result.metrics.filter(
    (r) => r.metric === metric && Object.entries(where).every(([k, v]) => r[k as keyof MetricRow] === v),
  );
}

/** The value of the one row of a metric matching `where` (undefined when there is none). */
export function value(result: { metrics: MetricRow[] }, metric: string, where: Partial<MetricRow> = {}) {
  const found = rows(result, metric, where);
  if (found.length > 1) throw new Error(`${found.length} rows of ${metric}`);
  return found[0]?.value;
}
