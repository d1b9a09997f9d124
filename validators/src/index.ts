export * from './issue.js';
export * from './pointer.js';
