/**
 * The compiled schemas as files on disk, for Node. Kept apart from compiled-schemas.ts so a browser
 * bundle of the engine never reaches `node:fs`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CompiledSchema, SchemaManifest, SchemaSource } from './compiled-schemas.js';

// Both src/engine and dist/engine sit two levels below the package root.
const STANDALONE_ROOT = new URL('../../dist/standalone/', import.meta.url);

/** Reads the manifest under `root` (default: this package's dist/standalone) and imports modules from there. */
export function nodeSchemaSource(root: URL = STANDALONE_ROOT): SchemaSource {
  const manifestUrl = new URL('manifest.json', root);
  if (!existsSync(manifestUrl)) {
    throw new Error(
      `compiled schemas not found at ${manifestUrl.pathname}; run \`pnpm build\` (validators compiles its schemas at build time)`,
    );
  }
  return {
    manifest: JSON.parse(readFileSync(manifestUrl, 'utf8')) as SchemaManifest,
    load: (file) => import(new URL(file, root).href) as Promise<{ default: CompiledSchema }>,
  };
}
