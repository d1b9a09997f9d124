export { createProgram, main } from './main.js';
export { ExitCode, UsageError } from './exit-codes.js';
export type { ConversionContext, ConversionSummary, Converter, ConvertFormat } from './convert/types.js';
