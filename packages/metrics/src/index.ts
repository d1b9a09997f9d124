/**
 * @medsupply/metrics: resilience indicators computed from canonical documents in one streaming pass
 * with memory bounded by the number of keys (products x locations x months, shipments, notices),
 * never by the number of documents or lines.
 */
import { Accumulator } from './accumulate.js';
import { METRICS } from './catalogue.js';
import { type MetricGroups, deriveMetrics, metricGroups, setMetricOrder } from './derive.js';
import type { MetricRow, MetricsOptions, MetricsResult } from './model.js';

export { METRICS, metricDefinition } from './catalogue.js';
export type { Dimension, MetricDefinition } from './catalogue.js';
export type {
  LeadTimeDistribution,
  MetricRow,
  MetricsOptions,
  MetricsResult,
  ShortageSpan,
} from './model.js';
export { metricsIssueCodes } from './codes.js';
export { conversionFactor } from './units.js';

/**
 * The JSON form of a metric row, as `medsupply metrics --format json` and `GET /v1/metrics` write it:
 * members in the documented order, the documents behind the value only when asked for.
 */
export function metricRowJson(row: MetricRow, withDocuments = false): Record<string, unknown> {
  const out: Record<string, unknown> = { metric: row.metric, value: row.value };
  for (const k of ['unit', 'product', 'location', 'party', 'site', 'period', 'reason'] as const)
    if (row[k] !== undefined) out[k] = row[k];
  if (withDocuments) out.documents = row.documents;
  return out;
}

setMetricOrder(METRICS.map((m) => m.id));

/**
 * A metrics computation fed one document at a time: `add` each valid canonical document (any release
 * 1.x), then `result()`. Documents are not kept.
 */
export class MetricsComputation {
  private readonly acc: Accumulator;

  constructor(private readonly options: MetricsOptions = {}) {
    this.acc = new Accumulator(options.asOf);
  }

  /** Reduces one valid canonical document into the aggregates. */
  add(document: unknown): void {
    this.acc.add(document);
  }

  /** Every metric row, sorted by metric (catalogue order), period, product, location, party, site. */
  result(): MetricsResult {
    return deriveMetrics(this.acc, this.options);
  }

  /**
   * The same rows one metric at a time (sorted, catalogue order), for writers of large reports: only
   * one metric's rows are in memory at once. Not with `by` (use `result()`).
   */
  groups(): MetricGroups {
    return metricGroups(this.acc, this.options);
  }
}

/**
 * Computes every catalogue metric from a stream of valid canonical documents (validate first: invalid
 * documents must be skipped, never half-used). Memory holds per-key aggregates only.
 */
export async function computeMetrics(
  documents: AsyncIterable<unknown> | Iterable<unknown>,
  options: MetricsOptions = {},
): Promise<MetricsResult> {
  const computation = new MetricsComputation(options);
  for await (const document of documents) computation.add(document);
  return computation.result();
}
