import { type Dimension, MetricsComputation, type MetricsOptions } from '@medsupply/metrics';
import { renderDashboard } from '@medsupply/metrics/dashboard';
import { type InputFormat, createValidator } from '@medsupply/validators';
import type { Command } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { readValidDocuments } from '../valid-documents.js';
import { writeFileAtomic } from '../write-file.js';
import { isoDate } from './metrics.js';

/** Options of `medsupply dashboard`. */
export interface DashboardCommandOptions {
  output: string;
  asOf?: string;
  title?: string;
  minMonths?: number;
  maxMonths?: number;
  by?: Dimension[];
  inputFormat?: InputFormat;
  maxRecordBytes?: number;
}

/** Registers `medsupply dashboard`. */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description('Write one self-contained, offline HTML dashboard of the metrics of canonical documents')
    .argument('<paths...>', 'files, directories (searched recursively) or - for stdin')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .option('--as-of <date>', 'compute the position on this day (YYYY-MM-DD)', isoDate)
    .option('--title <text>', 'page title')
    .option('--min-months <n>', 'plan minimum, in months of stock (default 3)', Number)
    .option('--max-months <n>', 'plan maximum, in months of stock (default 6)', Number)
    .action(async (paths: string[], options: DashboardCommandOptions) => {
      await runDashboard(paths, options);
    });
}

/** Computes the metrics and writes the dashboard file (through a temporary file). */
export async function runDashboard(
  paths: readonly string[],
  options: DashboardCommandOptions,
): Promise<void> {
  const metricsOptions: MetricsOptions = {};
  if (options.asOf !== undefined) metricsOptions.asOf = options.asOf;
  for (const bound of ['minMonths', 'maxMonths'] as const) {
    const v = options[bound];
    if (v === undefined) continue;
    if (!Number.isFinite(v) || v < 0)
      throw new UsageError(`--${bound === 'minMonths' ? 'min' : 'max'}-months expects a number >= 0`);
    metricsOptions[bound] = v;
  }
  const validator = await createValidator({ preload: false });
  const computation = new MetricsComputation(metricsOptions);
  const read = await readValidDocuments(paths, validator, options, (d) => computation.add(d));
  const result = computation.result();
  const html = renderDashboard(result, {
    ...(options.title ? { title: options.title } : {}),
    skipped: read.skipped,
  });
  await writeFileAtomic(options.output, html, paths);
  process.stderr.write(
    `medsupply: wrote ${options.output} (${result.metrics.length} values, ${Math.round(html.length / 1024)} KiB)\n`,
  );
  raiseExitCode(read.ioFailed ? ExitCode.usage : read.skipped > 0 ? ExitCode.invalid : ExitCode.ok);
}
