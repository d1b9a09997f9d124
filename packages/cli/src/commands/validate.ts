import {
  type InputFormat,
  type RecordResult,
  type SchemaChoice,
  ValidationPool,
  type Validator,
  createValidator,
  defaultWorkerCount,
  formatFromPath,
  readRecordBatches,
  validateRecordBatches,
} from '@medsupply/validators';
import { type Command, Option } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { type InputFile, describeIoError, expandInputs, openInput } from '../inputs.js';
import { openOutputFile } from '../output-file.js';
import { printable } from '../printable.js';
import { createProgress } from '../progress.js';
import { jsonReporter, ndjsonReporter } from '../report/json.js';
import { junitReporter } from '../report/junit.js';
import { streamOutput } from '../report/output.js';
import type { Output, Reporter, RunSummary } from '../report/reporter.js';
import { sarifReporter } from '../report/sarif.js';
import { textReporter } from '../report/text.js';
import { CLI_VERSION } from '../version.js';

/** Options of `medsupply validate`. */
export interface ValidateOptions {
  schema?: string;
  format: 'text' | 'json' | 'ndjson' | 'sarif' | 'junit';
  maxErrors?: number;
  inputFormat?: InputFormat;
  output?: string;
  maxRecordBytes?: number;
  workers?: number;
  progress: boolean;
}

/**
 * Most worker threads `--workers` accepts: each holds its own heap and compiled schemas (~60 MB), so
 * 16 already costs about 1 GB, and past the core count more workers only add memory (decision 0011).
 */
export const MAX_WORKERS = 16;

/** Inputs at least this big are validated on worker threads (when the machine has cores to spare). */
const PARALLEL_FROM_BYTES = 8 * 1024 * 1024;

/** Registers `medsupply validate`. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Validate canonical documents (.json, .ndjson/.jsonl, .csv, directories or - for stdin)')
    .argument('<paths...>', 'files, directories (searched recursively) or - for stdin')
    .option('--schema <type[@version]>', 'validate every record against this document type (and version)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'ndjson', 'sarif', 'junit'])
        .default('text'),
    )
    .option(
      '--max-errors <n>',
      'list at most n errors in total (every record is still validated and counted)',
      positiveInteger,
    )
    .addOption(
      new Option(
        '--input-format <format>',
        'read inputs as this format (default: from the extension; stdin is sniffed)',
      ).choices(['json', 'ndjson', 'csv']),
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--max-record-bytes <n>', 'largest record accepted, in bytes (default 16 MiB)', positiveInteger)
    .option(
      '--workers <n>',
      `worker threads for large JSON/NDJSON files, 0 to ${MAX_WORKERS} (0: none; default for files of 8 MB or more: one per core, at most 3, with 3 or more cores)`,
      workerNumber,
    )
    .option('--no-progress', 'never show a progress bar')
    .addHelpText(
      'after',
      `
Exit codes:
  0  every record is valid (warnings allowed)
  1  at least one record is invalid, or an input holds no records
  2  usage error, or an input or output could not be read or written

Examples:
  medsupply validate docs/samples                      every .json, .ndjson, .jsonl and .csv file below
  medsupply validate --format json feed.ndjson -o report.json
  medsupply validate --schema stock-report export.csv  force a document type (kebab-case or StockReport)
  cat feed.ndjson | medsupply validate -               stdin: JSON, NDJSON or CSV, sniffed`,
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      await runValidate(paths, options);
    });
}

/** Runs a validation over the given inputs, writes the report, and sets the exit code. */
export async function runValidate(paths: readonly string[], options: ValidateOptions): Promise<RunSummary> {
  const validator = await createValidator({ preload: false });
  const choice = parseSchemaChoice(options.schema, validator);
  const { files, errors, skipped } = await expandInputs(paths);
  for (const path of skipped)
    process.stderr.write(`medsupply: skipped ${printable(path.source)}: ${path.reason}\n`);
  const outputFile =
    options.output === undefined
      ? undefined
      : await openOutputFile(
          options.output,
          files.map((f) => f.source),
        );
  try {
    const out = streamOutput(outputFile?.stream ?? process.stdout);
    const reporter = await createReporter(options.format, out);
    const summary: RunSummary = { records: 0, valid: 0, invalid: 0, warnings: 0, unreadable: 0 };
    let ioFailed = errors.length > 0;
    for (const error of errors) {
      summary.unreadable++;
      process.stderr.write(`medsupply: ${printable(error.source)}: ${error.message}\n`);
      reporter.inputError(error.source, error.message);
    }
    let errorBudget = options.maxErrors ?? Number.POSITIVE_INFINITY;
    let omitted = 0;
    const progress = await createProgress(
      files,
      options.progress && options.format === 'text' && options.output === undefined,
    );
    let pool: ValidationPool | undefined;
    for (const file of files) {
      try {
        const bytes = progress.track(file, openInput(file));
        const limits = options.maxRecordBytes ? { limits: { maxRecordBytes: options.maxRecordBytes } } : {};
        const format = options.inputFormat ?? formatFromPath(file.source);
        const workers = workerCount(options.workers, file);
        const show = (result: RecordResult) => {
          count(summary, result);
          let shown: RecordResult = result;
          if (result.issues.length > 0) {
            const kept = result.issues.filter((i) => i.severity !== 'error' || errorBudget-- > 0);
            omitted += result.issues.length - kept.length;
            if (kept.length !== result.issues.length) shown = { ...result, issues: kept };
          }
          reporter.result(shown);
        };
        if (workers > 0 && (format === 'json' || format === 'ndjson')) {
          // Workers send results back as JSON text (decision 0022); only a report that needs the
          // objects, or an error list cut by --max-errors, turns them back into objects.
          // One pool for the whole run: workers load the schemas once, not once per file.
          pool ??= new ValidationPool({ choice, workers, ...limits });
          const lines = pool.lines(bytes, { source: file.source, format });
          for await (const batch of lines) {
            if (reporter.resultLines && errorBudget === Number.POSITIVE_INFINITY) {
              // The usual case: the batch's counts and its text as the worker wrote them.
              summary.records += batch.length;
              summary.valid += batch.validCount;
              summary.invalid += batch.invalidCount;
              summary.warnings += batch.warningCount;
              reporter.resultLines(batch.text);
              await out.drained();
              continue;
            }
            for (let i = 0; i < batch.length; i++) {
              if (reporter.skipsClean && !batch.hasIssues(i)) {
                tally(summary, true, 0);
                continue;
              }
              const valid = batch.valid(i);
              if (reporter.resultJson && (valid || errorBudget === Number.POSITIVE_INFINITY)) {
                tally(summary, valid, batch.warnings(i));
                reporter.resultJson(batch.json(i));
              } else show(batch.result(i));
            }
            await out.drained();
          }
          continue;
        }
        const batches = validateRecordBatches(
          readRecordBatches(bytes, {
            source: file.source,
            ...(format ? { format } : {}),
            ...(choice.documentType ? { documentType: choice.documentType } : {}),
            ...limits,
          }),
          validator,
          choice,
        );
        for await (const batch of batches) {
          for (const result of batch) show(result);
          await out.drained();
        }
      } catch (error) {
        ioFailed = true;
        summary.unreadable++;
        const message = describeIoError(error);
        process.stderr.write(`medsupply: ${printable(file.source)}: ${message}\n`);
        reporter.inputError(file.source, message);
      }
    }
    await pool?.close();
    progress.stop();
    if (omitted > 0)
      process.stderr.write(
        `medsupply: ${omitted} further errors not listed (--max-errors ${options.maxErrors})\n`,
      );
    await reporter.end(summary);
    return finish(summary, ioFailed);
  } catch (error) {
    await outputFile?.abort();
    throw error;
  }

  async function finish(summary: RunSummary, ioFailed: boolean): Promise<RunSummary> {
    if (outputFile !== undefined) {
      // A run that could not read all its inputs is not a report to replace an earlier one with.
      if (ioFailed) {
        await outputFile.abort();
        process.stderr.write(
          `medsupply: ${printable(options.output!)} was not written (inputs could not be read)\n`,
        );
      } else {
        await outputFile.commit();
      }
    }
    raiseExitCode(ioFailed ? ExitCode.usage : summary.invalid > 0 ? ExitCode.invalid : ExitCode.ok);
    return summary;
  }
}

function count(summary: RunSummary, result: RecordResult): void {
  let warnings = 0;
  for (const i of result.issues) if (i.severity === 'warning') warnings++;
  tally(summary, result.valid, warnings);
}

function tally(summary: RunSummary, valid: boolean, warnings: number): void {
  summary.records++;
  if (valid) summary.valid++;
  else summary.invalid++;
  summary.warnings += warnings;
}

async function createReporter(format: ValidateOptions['format'], out: Output): Promise<Reporter> {
  switch (format) {
    case 'json':
      return jsonReporter(out);
    case 'ndjson':
      return ndjsonReporter(out);
    case 'sarif':
      return sarifReporter(out, { version: CLI_VERSION });
    case 'junit':
      return junitReporter(out);
    default:
      return textReporter(out, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
  }
}

/** Parses `--schema TYPE[@VERSION]` against the schemas this build has. */
export function parseSchemaChoice(value: string | undefined, validator: Validator): SchemaChoice {
  if (value === undefined) return {};
  const [typeName = '', schemaVersion] = value.split('@');
  // `stock-report` (the schema file's name, as the docs write it) and `StockReport` are the same type.
  const documentType = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(typeName)
    ? typeName.replace(/(^|-)([a-z0-9])/g, (_m, _dash, letter: string) => letter.toUpperCase())
    : typeName;
  const version = schemaVersion ?? validator.versions().at(-1) ?? '';
  if (!validator.versions().includes(version)) {
    throw new UsageError(`unknown schema version ${version} (known: ${validator.versions().join(', ')})`);
  }
  if (!validator.documentTypes(version).includes(documentType)) {
    throw new UsageError(
      `unknown document type ${documentType} (known: ${validator.documentTypes(version).join(', ')})`,
    );
  }
  return schemaVersion === undefined ? { documentType } : { documentType, schemaVersion };
}

/**
 * Workers for one input: as asked, or automatically for big files on machines with three or more
 * cores. On two cores two workers cost 30–50 % more CPU time than one thread (each thread warms up
 * its own compiled code and collects its own garbage) and win wall time only when nothing else runs,
 * so the default stays in-process there (decision 0022, 2026-12-07).
 */
function workerCount(requested: number | undefined, file: InputFile): number {
  if (requested !== undefined) return requested;
  const workers = defaultWorkerCount();
  return workers >= 3 && (file.size ?? 0) >= PARALLEL_FROM_BYTES ? workers : 0;
}

function workerNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > MAX_WORKERS) {
    throw new UsageError(`--workers must be a whole number from 0 to ${MAX_WORKERS} (got "${value}")`);
  }
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`expected a whole number, got "${value}"`);
  return n;
}

export type { InputFile };
