/** Webhook subscriptions: POST/GET /v1/subscriptions, GET/DELETE /v1/subscriptions/{id}. */
import { randomBytes, randomUUID } from 'node:crypto';
import { issue } from '@medsupply/validators';
import { readBody, requireMediaType } from '../body.js';
import type { RouteModule } from '../context.js';
import { HttpProblem } from '../problem.js';
import type { SubscriptionState } from '../store/types.js';

function view(subscription: SubscriptionState, withSecret = false): Record<string, unknown> {
  const { secret, ...rest } = subscription;
  return withSecret ? { ...rest, secret } : rest;
}

/** Registers the subscription routes. */
export const subscriptionRoutes: RouteModule = (app, context) => {
  app.post('/v1/subscriptions', { config: { scopes: ['subscribe'] } }, async (request, reply) => {
    requireMediaType(request, ['application/json']);
    const bytes = await readBody(request, 64 * 1024);
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new HttpProblem(400, 'BODY_MALFORMED', 'Malformed body', (error as Error).message);
    }
    const types = context.validator.documentTypes();
    const issues = [];
    const { url, documentTypes, ...rest } = (body ?? {}) as Record<string, unknown>;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      issues.push(issue('error', 'TYPE_MISMATCH', '', 'expected an object {url, documentTypes}'));
    for (const key of Object.keys(rest))
      issues.push(issue('error', 'UNKNOWN_PROPERTY', `/${key}`, `unknown member ${JSON.stringify(key)}`));
    let parsedUrl: URL | undefined;
    try {
      parsedUrl = typeof url === 'string' && url.length <= 2048 ? new URL(url) : undefined;
    } catch {}
    if (!parsedUrl || (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:'))
      issues.push(issue('error', 'PATTERN_MISMATCH', '/url', 'expected an http or https URL'));
    if (
      !Array.isArray(documentTypes) ||
      documentTypes.length === 0 ||
      new Set(documentTypes).size !== documentTypes.length ||
      documentTypes.some((t) => !types.includes(t as string))
    )
      issues.push(
        issue(
          'error',
          'ENUM_MISMATCH',
          '/documentTypes',
          `expected distinct document types of ${types.join(', ')}`,
        ),
      );
    if (issues.length > 0)
      throw new HttpProblem(422, 'DOCUMENT_INVALID', 'Invalid subscription', `${issues.length} errors`, {
        issues,
      });
    const subscription = {
      id: randomUUID(),
      url: parsedUrl!.href,
      documentTypes: documentTypes as string[],
      secret: randomBytes(32).toString('base64url'),
      createdAt: new Date().toISOString(),
    };
    await context.store.createSubscription(subscription);
    const stored = (await context.store.getSubscription(subscription.id))!;
    return reply
      .code(201)
      .header('location', `/v1/subscriptions/${subscription.id}`)
      .send(view(stored, true));
  });

  app.get('/v1/subscriptions', { config: { scopes: ['subscribe'] } }, async () => ({
    items: (await context.store.listSubscriptions()).map((s) => view(s)),
  }));

  const find = async (id: string) => {
    const found = /^[0-9a-f-]{36}$/.test(id) ? await context.store.getSubscription(id) : undefined;
    if (!found) throw new HttpProblem(404, 'NOT_FOUND', 'Not found', `no subscription ${id}`);
    return found;
  };
  app.get('/v1/subscriptions/:id', { config: { scopes: ['subscribe'] } }, async (request) =>
    view(await find((request.params as { id: string }).id)),
  );
  app.delete('/v1/subscriptions/:id', { config: { scopes: ['subscribe'] } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    await find(id);
    await context.store.deleteSubscription(id);
    return reply.code(204).send();
  });
};
