/** Helpers of the server tests: fixtures with fresh ids, and requests whose answers are checked against the OpenAPI document. */
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemasRoot } from '@medsupply/schema-registry';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { createResponseChecker } from '../src/openapi-check.js';

const checker = createResponseChecker();

/** Valid fixtures of the latest release, one per file. */
export function validFixtures(): Record<string, unknown>[] {
  const root = join(schemasRoot(), 'fixtures', '1.0.0');
  return readdirSync(root)
    .sort()
    .flatMap((type) =>
      readdirSync(join(root, type, 'valid'))
        .sort()
        .map(
          (file) =>
            JSON.parse(readFileSync(join(root, type, 'valid', file), 'utf8')) as Record<string, unknown>,
        ),
    );
}

/** A valid fixture (by index) with a fresh documentId and a sender value unique to `tag`, for filtering. */
export function freshDocument(tag = 'default', index = 0): Record<string, unknown> {
  const fixtures = validFixtures();
  const doc = structuredClone(fixtures[index % fixtures.length]!);
  doc.documentId = randomUUID();
  doc.documentStatus = 'original';
  delete doc.supersedes;
  doc.sender = { identifier: { system: 'https://example.org/test-senders', value: tag } };
  return doc;
}

/** A response, with its body parsed when it is JSON. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON that each test asserts on
  json: any;
}

/** Sends a request with inject and fails the test when the answer does not conform to the OpenAPI document. */
export async function call(app: FastifyInstance, options: InjectOptions & { url: string }): Promise<Answer> {
  const response = await app.inject(options);
  const path = options.url.split('?')[0]!;
  const problems = checker({
    method: options.method ?? 'GET',
    path,
    status: response.statusCode,
    contentType: response.headers['content-type'] as string | undefined,
    body: response.body,
  });
  expect(
    problems,
    `${options.method ?? 'GET'} ${options.url} → ${response.statusCode} ${response.body.slice(0, 300)}`,
  ).toEqual([]);
  let json: unknown;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {}
  return { status: response.statusCode, headers: response.headers, text: response.body, json };
}

/** POSTs a document as JSON (a string is sent as is). */
export function submit(
  app: FastifyInstance,
  document: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(app, {
    method: 'POST',
    url: '/v1/documents',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof document === 'string' ? document : JSON.stringify(document),
  });
}
