/** POST /v1/bulk (NDJSON, spooled to disk, processed in the background), GET /v1/bulk[/{id}]. */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bodyStream, checkDeclaredLength, requireMediaType, tooLarge } from '../body.js';
import type { RouteModule } from '../context.js';
import { jobView } from '../job-view.js';
import { HttpProblem } from '../problem.js';
import { ndjsonFrames, publishSubmission } from '../queue/submit.js';
import type { BulkJobState, BulkMode } from '../store/types.js';
import { parseLimit } from './documents.js';

const MODES: readonly BulkMode[] = ['best-effort', 'all-or-nothing'];

export { jobView };

/** The body's chunks, counted, failing with 413 past `limit` bytes. */
async function* pipelineCount(
  body: AsyncIterable<Buffer>,
  limit: number,
  onCount: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > limit) throw tooLarge(limit);
    onCount(bytes);
    yield chunk;
  }
}

/** Registers the bulk routes. */
export const bulkRoutes: RouteModule = (app, context) => {
  app.post('/v1/bulk', { config: { scopes: ['submit'] } }, async (request, reply) => {
    requireMediaType(request, ['application/x-ndjson', 'application/jsonl', 'application/json-seq']);
    const mode = (request.query as Record<string, unknown>).mode ?? 'best-effort';
    if (!MODES.includes(mode as BulkMode))
      throw new HttpProblem(400, 'BAD_PARAMETER', 'Bad parameter', `mode: expected ${MODES.join(' or ')}`);
    const limit = context.limits.maxBulkBytes;
    checkDeclaredLength(request, limit);
    if (context.queue) {
      if (mode !== 'best-effort')
        throw new HttpProblem(
          400,
          'BAD_PARAMETER',
          'Bad parameter',
          'mode: this server queues submissions to workers, which store them independently; only best-effort is offered',
        );
      let received = 0;
      const counted = pipelineCount(bodyStream(request), limit, (n) => {
        received = n;
      });
      const frames = ndjsonFrames(context, context.queue, counted);
      const job = await publishSubmission(context, context.queue, frames, () => received);
      return reply.code(202).header('location', `/v1/bulk/${job.id}`).send(jobView(job));
    }
    mkdirSync(context.spoolDir, { recursive: true });
    const id = randomUUID();
    const spoolPath = join(context.spoolDir, `${id}.ndjson`);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) done(tooLarge(limit));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(bodyStream(request), counter, createWriteStream(spoolPath));
    } catch (error) {
      rmSync(spoolPath, { force: true });
      throw error;
    }
    const job: BulkJobState = {
      id,
      mode: mode as BulkMode,
      status: 'running',
      received: 0,
      accepted: 0,
      identical: 0,
      rejected: 0,
      bytes,
      createdAt: new Date().toISOString(),
      spoolPath,
    };
    await context.store.createBulkJob(job);
    context.startBulkJob(id);
    return reply.code(202).header('location', `/v1/bulk/${id}`).send(jobView(job));
  });

  app.get('/v1/bulk', { config: { scopes: ['submit'] } }, async (request) => {
    const limit = parseLimit((request.query as Record<string, unknown>).limit, 100, 1000);
    return { items: (await context.store.listBulkJobs(limit)).map(jobView) };
  });

  app.get('/v1/bulk/:id', { config: { scopes: ['submit'] } }, async (request) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, unknown>;
    const job = /^[0-9a-f-]{36}$/.test(id) ? await context.store.getBulkJob(id) : undefined;
    if (!job) throw new HttpProblem(404, 'NOT_FOUND', 'Not found', `no bulk job ${id}`);
    const limit = parseLimit(query.resultsLimit, 1000, 10_000, 'resultsLimit');
    let after = -1;
    if (typeof query.resultsCursor === 'string' && query.resultsCursor !== '') {
      const match = /^r(\d{1,9})$/.exec(query.resultsCursor);
      if (!match)
        throw new HttpProblem(400, 'BAD_CURSOR', 'Bad cursor', 'resultsCursor is not one this server issued');
      after = Number(match[1]);
    }
    const results = await context.store.bulkResults(id, after, limit + 1);
    const page = results.slice(0, limit);
    return {
      ...jobView(job),
      results: page,
      resultsNext: results.length > limit ? `r${page.at(-1)!.index}` : null,
    };
  });
};
