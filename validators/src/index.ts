export * from './issue.js';
export * from './pointer.js';
export * from './codes.js';
export * from './formats/index.js';
export type { RecordRead, SourceLocation } from './readers/record.js';
export { createValidator } from './engine/validator.js';
export type { SchemaChoice, Selection, ValidationResult, Validator, ValidatorOptions } from './engine/validator.js';
export { runBusinessRules } from './rules/index.js';
