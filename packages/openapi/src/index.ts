/**
 * The medsupply exchange API description: the OpenAPI source (canonical schemas referenced by `$id`)
 * and the bundle built from it (schemas embedded), for servers, clients and tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Path of `openapi.yaml`, the source of truth. */
export const OPENAPI_SOURCE_PATH = join(packageRoot, 'openapi.yaml');

/** Path of the bundled `openapi.json` (built by `pnpm build`; beside the code when the CLI is packed into one bundle). */
export const OPENAPI_BUNDLE_PATH =
  [join(packageRoot, 'dist', 'openapi.json'), join(packageRoot, 'openapi.json')].find((path) =>
    existsSync(path),
  ) ?? join(packageRoot, 'dist', 'openapi.json');

/** The bundled OpenAPI document as text (throws when the package has not been built). */
export function readOpenApiBundle(): string {
  return readFileSync(OPENAPI_BUNDLE_PATH, 'utf8');
}

/** The bundled OpenAPI document, parsed. */
export function loadOpenApiBundle(): Record<string, unknown> {
  return JSON.parse(readOpenApiBundle()) as Record<string, unknown>;
}
