/**
 * The engine for browsers: the same validator, readers and rules as the Node entry, without worker
 * threads or files. Schemas come from the bundled modules of `@medsupply/validators/standalone`:
 *
 * @example
 * import { schemaSource } from '@medsupply/validators/standalone';
 * import { createValidator, readRecords, validateRecords } from '@medsupply/validators/browser';
 * const validator = await createValidator({ source: schemaSource, preload: false });
 */
// biome-ignore lint/style/useNodejsImportProtocol: the npm package of that name, Node's Buffer API for browsers
import { Buffer } from 'buffer';

// The readers frame bytes with Node's Buffer API; the `buffer` package is that API for browsers.
globalThis.Buffer ??= Buffer as unknown as typeof globalThis.Buffer;

export * from './issue.js';
export * from './pointer.js';
export * from './codes.js';
export type { RecordRead, SourceLocation } from './readers/record.js';
export { createValidator } from './engine/validator.js';
export type { CompiledSchema, SchemaManifest, SchemaSource } from './engine/compiled-schemas.js';
export type {
  SchemaChoice,
  Selection,
  ValidationResult,
  Validator,
  ValidatorOptions,
} from './engine/validator.js';
export { validateRecords, validateRecord } from './engine/validate-stream.js';
export type { RecordResult } from './engine/validate-stream.js';
export { readRecords, formatFromPath } from './readers/index.js';
export type { InputFormat, ReadOptions } from './readers/index.js';
