/** POST /v1/validate: the report of `medsupply validate --format json`, nothing stored. */
import {
  DEFAULT_LIMITS,
  type RecordResult,
  readRecordBatches,
  validateRecordBatches,
} from '@medsupply/validators';
import { bodyStream, checkDeclaredLength, requireMediaType, tooLarge } from '../body.js';
import type { RouteModule } from '../context.js';

/** Registers POST /v1/validate. */
export const validateRoutes: RouteModule = (app, context) => {
  app.post('/v1/validate', { config: { scopes: ['submit', 'read'] } }, async (request, reply) => {
    const type = requireMediaType(request, ['application/json', 'application/x-ndjson', 'application/jsonl']);
    const limit = context.limits.maxValidateBytes;
    checkDeclaredLength(request, limit);
    let size = 0;
    const bounded = (async function* () {
      for await (const chunk of bodyStream(request)) {
        size += chunk.length;
        if (size > limit) throw tooLarge(limit);
        yield chunk;
      }
    })();
    const summary = { records: 0, valid: 0, invalid: 0, warnings: 0 };
    const results: RecordResult[] = [];
    const batches = readRecordBatches(bounded, {
      source: '-',
      format: type === 'application/json' ? 'json' : 'ndjson',
      limits: {
        ...DEFAULT_LIMITS,
        maxRecordBytes: context.limits.maxDocumentBytes,
        maxDepth: context.limits.maxDepth,
      },
    });
    for await (const batch of validateRecordBatches(batches, context.validator)) {
      for (const result of batch) {
        summary.records++;
        if (result.valid) summary.valid++;
        else summary.invalid++;
        for (const i of result.issues) if (i.severity === 'warning') summary.warnings++;
        results.push(result);
      }
    }
    return reply.type('application/json').send({ summary, results });
  });
};
