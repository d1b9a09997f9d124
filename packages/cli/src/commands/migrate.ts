import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
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

/** Options of `medsupply migrate`. */
export interface MigrateOptions {
  to: string;
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
  const migrator = createMigrator({ files });
  if (!migrator.versions().includes(options.to)) {
    throw new UsageError(`unknown schema release ${options.to} (known: ${migrator.versions().join(', ')})`);
  }
  const validator = await createValidator({ preload: false });
  const { files: inputs, errors } = await expandInputs(paths);
  let ioFailed = errors.length > 0;
  for (const error of errors)
    process.stderr.write(`medsupply: ${printable(error.source)}: ${error.message}\n`);

  const target = options.output === undefined ? undefined : temporaryPath(options.output);
  const out: Writable = target === undefined ? process.stdout : createWriteStream(target, { flags: 'wx' });
  const summary: MigrateSummary = { records: 0, written: 0, unchanged: 0, failed: 0 };
  const report = (source: string, line: number | undefined, index: number, found: Issue) => {
    const where = line === undefined ? source : `${source}:${line}`;
    process.stderr.write(
      printable(
        `${where} record ${index}: ${found.severity} ${found.code} ${found.path || '/'} ${found.message}`,
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
          if (text !== '' && !out.write(text)) await once(out, 'drain');
        }
      } catch (error) {
        ioFailed = true;
        process.stderr.write(`medsupply: ${printable(input.source)}: ${describeIoError(error)}\n`);
      }
    }
    if (target !== undefined) {
      out.end();
      await once(out, 'finish');
      if (ioFailed) await rm(target, { force: true });
      else await rename(target, options.output!);
    }
  } catch (error) {
    if (target !== undefined) {
      out.destroy();
      await rm(target, { force: true });
    }
    throw error;
  }
  process.stderr.write(
    `migrated to ${options.to}: ${summary.records} records, ${summary.written} written (${summary.unchanged} already ${options.to}), ${summary.failed} not written\n`,
  );
  if (ioFailed && target !== undefined)
    process.stderr.write(
      `medsupply: ${printable(options.output!)} not written (an input could not be read)\n`,
    );
  raiseExitCode(ioFailed ? ExitCode.usage : summary.failed > 0 ? ExitCode.invalid : ExitCode.ok);
  return summary;
}

/** A temporary file beside the output, so the rename that publishes it is atomic. */
function temporaryPath(output: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return join(dirname(output), `.${basename(output)}.${process.pid}.${random}.tmp`);
}

/** Text safe for a terminal: control characters (C0, DEL, C1) as \u escapes. */
function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`expected a positive whole number, got "${value}"`);
  return n;
}
