/** GET /v1/health and GET /v1/openapi.json (public). */
import { readOpenApiBundle } from '@medsupply/openapi';
import type { RouteModule } from '../context.js';
import { HttpProblem } from '../problem.js';
import { SERVER_VERSION } from '../version.js';

/** Registers the service routes. */
export const serviceRoutes: RouteModule = (app, context) => {
  app.get('/v1/health', async () => {
    try {
      await context.store.ping();
    } catch (error) {
      throw new HttpProblem(503, 'STORE_UNAVAILABLE', 'Store unavailable', (error as Error).message);
    }
    const { maxDocumentBytes, maxBulkBytes, maxBulkRecords, maxDepth, maxPageSize, maxValidateBytes } =
      context.limits;
    return {
      status: 'ok',
      store: context.store.kind,
      version: SERVER_VERSION,
      schemaVersions: context.validator.versions(),
      limits: { maxDocumentBytes, maxBulkBytes, maxBulkRecords, maxValidateBytes, maxDepth, maxPageSize },
    };
  });

  let bundle: string | undefined;
  app.get('/v1/openapi.json', async (_request, reply) => {
    try {
      bundle ??= readOpenApiBundle();
    } catch {
      throw new HttpProblem(404, 'NOT_FOUND', 'Not found', 'the OpenAPI bundle is not built (pnpm build)');
    }
    return reply.type('application/json').send(bundle);
  });
};
