/**
 * Valid canonical documents from the command line's inputs, for the commands that compute from them
 * (forecast, and any other that must never half-use a document): every record is read and validated
 * as `validate` would, invalid ones are counted and described on stderr, never yielded.
 */
import {
  type InputFormat,
  createValidator,
  formatFromPath,
  readRecordBatches,
  validateRecord,
} from '@medsupply/validators';
import { describeIoError, expandInputs, openInput } from './inputs.js';

/** What reading the inputs found. */
export interface DocumentCounts {
  records: number;
  valid: number;
  invalid: number;
  /** Inputs that could not be read at all. */
  unreadable: number;
}

/** Options of {@link readValidDocuments}. */
export interface ReadDocumentsOptions {
  inputFormat?: InputFormat;
  /** Where invalid records and unreadable inputs are described (default: stderr). */
  warn?: (line: string) => void;
}

/** Yields each valid document of the inputs in order, counting every record into `counts`. */
export async function* readValidDocuments(
  paths: readonly string[],
  counts: DocumentCounts,
  options: ReadDocumentsOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const validator = await createValidator({ preload: false });
  const { files, errors } = await expandInputs(paths);
  for (const error of errors) {
    counts.unreadable++;
    warn(`medsupply: ${error.source}: ${error.message}`);
  }
  const prepared = new Set<string>();
  for (const file of files) {
    const format = options.inputFormat ?? formatFromPath(file.source);
    try {
      for await (const batch of readRecordBatches(openInput(file), {
        source: file.source,
        ...(format ? { format } : {}),
      })) {
        for (const record of batch) {
          counts.records++;
          const result = await validateRecord(record, validator, {}, prepared);
          if (result.valid) {
            counts.valid++;
            yield record.value as Record<string, unknown>;
            continue;
          }
          counts.invalid++;
          const first = result.issues.find((issue) => issue.severity === 'error');
          const where = result.line === undefined ? `record ${result.index + 1}` : `line ${result.line}`;
          warn(
            `medsupply: ${file.source}: ${where}: invalid, skipped${first ? ` (${first.code} at ${first.path || '/'}: ${first.message})` : ''}`,
          );
        }
      }
    } catch (error) {
      counts.unreadable++;
      warn(`medsupply: ${file.source}: ${describeIoError(error)}`);
    }
  }
}
