/** Reads request bodies within a byte limit (413 past it), never more than the limit in memory. */
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problem.js';

/** The request body stream (the server registers one pass-through parser for every media type). */
export function bodyStream(request: FastifyRequest): AsyncIterable<Buffer> {
  return (request.body as AsyncIterable<Buffer> | undefined) ?? (async function* () {})();
}

/** Throws 413 when the declared length is already past the limit. */
export function checkDeclaredLength(request: FastifyRequest, limit: number): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
}

/** The 413 problem for a limit. */
export function tooLarge(limit: number): HttpProblem {
  return new HttpProblem(413, 'BODY_TOO_LARGE', 'Body too large', `the limit is ${limit} bytes`, { limit });
}

/** Reads the whole body, refusing it past `limit` bytes. */
export async function readBody(request: FastifyRequest, limit: number): Promise<Buffer> {
  checkDeclaredLength(request, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyStream(request)) {
    size += chunk.length;
    if (size > limit) {
      (request.raw as NodeJS.ReadableStream & { destroy?: () => void }).resume?.();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The media type of the request without parameters, lower case. */
export function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Throws 415 unless the request's media type is one of `accepted`. */
export function requireMediaType(request: FastifyRequest, accepted: readonly string[]): string {
  const type = mediaType(request);
  if (!accepted.includes(type))
    throw new HttpProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Unsupported media type',
      `expected ${accepted.join(' or ')}, got ${type || 'none'}`,
    );
  return type;
}
