/**
 * GET /v1/metrics and GET /dashboard: the metrics catalogue computed from the stored documents by the
 * same code as `medsupply metrics` and `medsupply dashboard`. Documents are read back in storage order
 * a page at a time and reduced as they come, so memory holds the aggregates, never the store.
 */
import { METRICS, MetricsComputation, type MetricsOptions, metricRowJson } from '@medsupply/metrics';
import { renderDashboard } from '@medsupply/metrics/dashboard';
import type { RouteModule, ServerContext } from '../context.js';
import { HttpProblem } from '../problem.js';

/** Documents read from the store per query. */
const PAGE = 500;

/** Registers the metrics routes. */
export const metricsRoutes: RouteModule = (app, context) => {
  app.get('/v1/metrics', { config: { scopes: ['read'] } }, async (request) => {
    const result = await compute(context, metricsOptions(request.query as Record<string, unknown>));
    const used = new Set(result.metrics.map((row) => row.metric));
    return {
      metrics: result.metrics.map((row) => metricRowJson(row)),
      definitions: METRICS.filter((metric) => used.has(metric.id)),
      skipped: 0,
    };
  });

  app.get('/dashboard', { config: { scopes: ['read'] } }, async (_request, reply) => {
    const html = renderDashboard(await compute(context, {}), { title: 'medsupply exchange: metrics' });
    return reply.type('text/html; charset=utf-8').send(html);
  });
};

/** Every metric over every stored document (replacements and cancellations as stored). */
async function compute(context: ServerContext, options: MetricsOptions) {
  const computation = new MetricsComputation(options);
  const decoder = new TextDecoder();
  let after: string | undefined;
  for (;;) {
    const page = await context.store.listDocuments({}, after, PAGE);
    for (const meta of page) {
      const stored = await context.store.getDocument(meta.documentId);
      if (stored) computation.add(JSON.parse(decoder.decode(stored.body)));
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.sequence;
  }
  return computation.result();
}

function metricsOptions(query: Record<string, unknown>): MetricsOptions {
  const options: MetricsOptions = {};
  const { asOf, period } = query;
  if (asOf !== undefined) {
    if (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
      throw new HttpProblem(400, 'BAD_PARAMETER', 'Bad request', 'asOf takes a date YYYY-MM-DD');
    options.asOf = asOf;
  }
  if (period !== undefined) {
    if (period !== 'month' && period !== 'quarter' && period !== 'year')
      throw new HttpProblem(400, 'BAD_PARAMETER', 'Bad request', 'period is month, quarter or year');
    options.period = period;
  }
  return options;
}
