export * from './issue.js';
export * from './pointer.js';
export * from './codes.js';
export * from './formats/gs1-check-digit.js';
export type { RecordRead, SourceLocation } from './readers/record.js';
