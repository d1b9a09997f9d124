import { createMigrator, loadMigrationFiles, migrateChecked } from '@medsupply/migrate';
import {
  type InputFormat,
  type Issue,
  createValidator,
  formatFromPath,
  readRecordBatches,
} from '@medsupply/validators';
import { type Command, Option } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { describeIoError, expandInputs, openInput } from '../inputs.js';
import { printable } from '../printable.js';
import { openSink } from '../write-file.js';

/** Options of `medsupply migrate`. */
export interface MigrateOptions {
  to: string;
  from?: string;
  output?: string;
  inputFormat?: InputFormat;
  maxRecordBytes?: number;
}

/** What a migration run did; every record read is counted once. */
export interface MigrateSummary {
  records: number;
  /** Written (migrated, or already at the target release). */
  written: number;
  /** Written unchanged because they already followed the target release. */
  unchanged: number;
  /** Not written: unreadable, not migratable, or invalid after migration. */
  failed: number;
}

/** Registers `medsupply migrate`. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'Migrate canonical documents to another schema release; writes NDJSON, in input order, of the documents that validate after migration',
    )
    .argument('<paths...>', 'files, directories (searched recursively) or - for stdin')
    .requiredOption('--to <version>', 'the schema release to migrate to (for example 1.1.0)')
    .option(
      '--from <version>',
      'the release of documents without a schemaVersion (default: such documents are reported, not migrated)',
    )
    .option('-o, --output <file>', 'write the NDJSON to a file (replaced only when the run completes)')
    .addOption(
      new Option(
        '--input-format <format>',
        'read inputs as this format (default: from the extension; stdin is sniffed)',
      ).choices(['json', 'ndjson', 'csv']),
    )
    .option('--max-record-bytes <n>', 'largest record accepted, in bytes (default 16 MiB)', positiveInteger)
    .action(async (paths: string[], options: MigrateOptions) => {
      await runMigrate(paths, options);
    });
}

/**
 * Migrates every document of the inputs to `--to`, checks each result validates under that release,
 * and writes the good ones as NDJSON; problems go to stderr, one per line, then a summary line.
 */
export async function runMigrate(paths: readonly string[], options: MigrateOptions): Promise<MigrateSummary> {
  const files = loadMigrationFiles();
  const migrator = createMigrator({
    files,
    ...(options.from === undefined ? {} : { assumeVersion: options.from }),
  });
  for (const version of [options.to, options.from]) {
    if (version !== undefined && !migrator.versions().includes(version))
      throw new UsageError(`unknown schema release ${version} (known: ${migrator.versions().join(', ')})`);
  }
  const validator = await createValidator({ preload: false });
  const { files: inputs, errors } = await expandInputs(paths);
  let ioFailed = errors.length > 0;
  for (const error of errors)
    process.stderr.write(`medsupply: ${printable(error.source)}: ${error.message}\n`);

  const out = await openSink(options.output, paths);
  const summary: MigrateSummary = { records: 0, written: 0, unchanged: 0, failed: 0 };
  const report = (source: string, line: number | undefined, index: number, found: Issue) => {
    const where = line === undefined ? source : `${source}:${line}`;
    process.stderr.write(
      printable(
        `${where} record ${index + 1}: ${found.severity} ${found.code} ${found.path || '/'} ${found.message}`,
      ) + '\n',
    );
  };
  try {
    for (const input of inputs) {
      try {
        const format = options.inputFormat ?? formatFromPath(input.source);
        const batches = readRecordBatches(openInput(input), {
          source: input.source,
          ...(format ? { format } : {}),
          ...(options.maxRecordBytes ? { limits: { maxRecordBytes: options.maxRecordBytes } } : {}),
        });
        for await (const batch of batches) {
          let text = '';
          for (const record of batch) {
            summary.records++;
            const readErrors = record.issues.filter((i) => i.severity === 'error');
            if (record.value === undefined || readErrors.length > 0) {
              summary.failed++;
              for (const found of record.issues) report(record.source, record.line, record.index, found);
              continue;
            }
            const result = await migrateChecked(migrator, validator, record.value, options.to, files);
            if (!result.document) {
              summary.failed++;
              for (const found of result.issues) report(record.source, record.line, record.index, found);
              continue;
            }
            summary.written++;
            if (!result.changed) summary.unchanged++;
            text += `${JSON.stringify(result.document)}\n`;
          }
          if (text !== '') await out.write(text);
        }
      } catch (error) {
        ioFailed = true;
        process.stderr.write(`medsupply: ${printable(input.source)}: ${describeIoError(error)}\n`);
      }
    }
    if (ioFailed) await out.abort();
    else await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
  process.stderr.write(
    `migrated to ${options.to}: ${summary.records} records, ${summary.written} written (${summary.unchanged} already ${options.to}), ${summary.failed} not written\n`,
  );
  if (ioFailed && options.output !== undefined)
    process.stderr.write(
      `medsupply: ${printable(options.output!)} not written (an input could not be read)\n`,
    );
  raiseExitCode(ioFailed ? ExitCode.usage : summary.failed > 0 ? ExitCode.invalid : ExitCode.ok);
  return summary;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`expected a positive whole number, got "${value}"`);
  return n;
}
