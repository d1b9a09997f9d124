/** Browser bundles have no files to read (see node-schema-source.ts): callers pass a source instead. */
import type { SchemaSource } from './compiled-schemas.js';

/** Always throws: in a browser, pass `source` (from `@medsupply/validators/standalone`) to createValidator. */
export function nodeSchemaSource(): SchemaSource {
  throw new Error(
    'no compiled schemas on disk in a browser: pass { source: schemaSource } to createValidator',
  );
}
