/**
 * Reads inputs as `validate` does and hands on only valid documents: an invalid document is skipped
 * whole and counted, never half-used. Shared by `metrics`, `dashboard` and `forecast`.
 */
import {
  type InputFormat,
  type Validator,
  formatFromPath,
  hasErrors,
  readRecordBatches,
} from '@medsupply/validators';
import { describeIoError, expandInputs, openInput } from './inputs.js';
import { printable } from './printable.js';

/** Options of the reading pass. */
export interface ReadValidOptions {
  inputFormat?: InputFormat;
  maxRecordBytes?: number;
}

/** What the reading pass saw. */
export interface ReadValidSummary {
  records: number;
  skipped: number;
  ioFailed: boolean;
}

/** At most this many skipped documents are described on stderr; the rest are only counted. */
const MAX_DESCRIBED = 20;

/**
 * Streams every record of `paths`, validates it, and calls `use` with each valid document. Problems go
 * to stderr as `medsupply: SOURCE:LINE: …` lines.
 */
export async function readValidDocuments(
  paths: readonly string[],
  validator: Validator,
  options: ReadValidOptions,
  use: (document: unknown) => void,
): Promise<ReadValidSummary> {
  const summary: ReadValidSummary = { records: 0, skipped: 0, ioFailed: false };
  const { files, errors } = await expandInputs(paths);
  for (const error of errors) {
    summary.ioFailed = true;
    process.stderr.write(`medsupply: ${printable(error.source)}: ${error.message}\n`);
  }
  const prepared = new Set<string>();
  for (const file of files) {
    try {
      const format = options.inputFormat ?? formatFromPath(file.source);
      const batches = readRecordBatches(openInput(file), {
        source: file.source,
        ...(format ? { format } : {}),
        ...(options.maxRecordBytes ? { limits: { maxRecordBytes: options.maxRecordBytes } } : {}),
      });
      for await (const batch of batches) {
        for (const record of batch) {
          summary.records++;
          const where = record.line === undefined ? `record ${record.index + 1}` : `line ${record.line}`;
          let issues = record.issues;
          if (record.value !== undefined && !hasErrors(issues)) {
            const selection = validator.select(record.value);
            if (selection.ok) {
              const key = `${selection.documentType}@${selection.schemaVersion}`;
              if (!prepared.has(key)) {
                await validator.prepare(selection.documentType, selection.schemaVersion);
                prepared.add(key);
              }
            }
            issues = validator.validate(record.value).issues;
          }
          if (record.value !== undefined && !hasErrors(issues)) {
            use(record.value);
            continue;
          }
          summary.skipped++;
          if (summary.skipped <= MAX_DESCRIBED) {
            const first = issues.find((i) => i.severity === 'error');
            const detail = first
              ? `${first.code} at ${JSON.stringify(first.path)}: ${first.message}`
              : 'unreadable';
            process.stderr.write(
              `medsupply: ${printable(file.source)}: ${where}: invalid document skipped (${printable(detail)})\n`,
            );
          }
        }
      }
    } catch (error) {
      summary.ioFailed = true;
      process.stderr.write(`medsupply: ${printable(file.source)}: ${describeIoError(error)}\n`);
    }
  }
  if (summary.skipped > MAX_DESCRIBED)
    process.stderr.write(`medsupply: ${summary.skipped - MAX_DESCRIBED} further invalid documents skipped\n`);
  return summary;
}
