export * from './issue.js';
export * from './pointer.js';
export * from './codes.js';
export * from './formats/index.js';
export type { RecordRead, SourceLocation } from './readers/record.js';
export { createValidator } from './engine/validator.js';
export type {
  SchemaChoice,
  Selection,
  ValidationResult,
  Validator,
  ValidatorOptions,
} from './engine/validator.js';
export { runBusinessRules } from './rules/index.js';
export { RULE_RELEASES, ruleReleaseFor, type RuleRelease } from './rules/release.js';
export { validateRecordBatches, validateRecords, validateRecord } from './engine/validate-stream.js';
export type { RecordResult } from './engine/validate-stream.js';
export { resultJsonText } from './engine/result-text.js';
export * from './readers/index.js';
export * from './parallel/index.js';
export type { Frame } from './readers/frame.js';
export { frameJson } from './readers/json.js';
export { frameNdjson, frameNdjsonBatches } from './readers/ndjson.js';
