import {
  type Dimension,
  METRICS,
  type MetricRow,
  MetricsComputation,
  type MetricsOptions,
  metricRowJson,
} from '@medsupply/metrics';
import { type InputFormat, createValidator } from '@medsupply/validators';
import { type Command, Option } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { printable } from '../printable.js';
import { readValidDocuments } from '../valid-documents.js';
import { openSink } from '../write-file.js';

/** Options of `medsupply metrics`. */
export interface MetricsCommandOptions {
  asOf?: string;
  period?: 'month' | 'quarter' | 'year';
  by?: Dimension[];
  format: 'table' | 'json' | 'csv';
  minMonths?: number;
  maxMonths?: number;
  withDocuments?: boolean;
  inputFormat?: InputFormat;
  maxRecordBytes?: number;
  output?: string;
}

const DIMENSIONS: readonly Dimension[] = ['product', 'location', 'party', 'site'];

/** Registers `medsupply metrics`. */
export function registerMetricsCommand(program: Command): void {
  program
    .command('metrics')
    .description(
      'Compute the resilience indicators (months of stock, stock-outs, lead times, HHI, …) from canonical documents',
    )
    .argument('<paths...>', 'files, directories (searched recursively) or - for stdin')
    .option(
      '--as-of <date>',
      'compute the position on this day (YYYY-MM-DD): later stock counts, periods, shipments and resolutions are left out; default: everything, open shortages to today',
      isoDate,
    )
    .addOption(
      new Option('--period <period>', 'period of monthly and yearly metrics').choices([
        'month',
        'quarter',
        'year',
      ]),
    )
    .option(
      '--by <dimensions>',
      'keep only these dimensions (comma-separated: product,location,party,site); the others are aggregated where the metric allows',
      dimensions,
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option(
      '--min-months <n>',
      'plan minimum, in months of stock (stocked-according-to-plan; default 3)',
      nonNegative,
    )
    .option('--max-months <n>', 'plan maximum, in months of stock (default 6)', nonNegative)
    .option('--with-documents', 'list the documentIds behind each value (json and csv)')
    .addOption(
      new Option('--input-format <format>', 'read inputs as this format').choices(['json', 'ndjson', 'csv']),
    )
    .option('--max-record-bytes <n>', 'largest record accepted, in bytes (default 16 MiB)', nonNegative)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .action(async (paths: string[], options: MetricsCommandOptions) => {
      await runMetrics(paths, options);
    });
}

/** Computes the metrics of the given inputs, writes the report, and sets the exit code. */
export async function runMetrics(paths: readonly string[], options: MetricsCommandOptions): Promise<void> {
  const metricsOptions: MetricsOptions = {};
  if (options.asOf !== undefined) metricsOptions.asOf = options.asOf;
  if (options.period !== undefined) metricsOptions.period = options.period;
  if (options.by !== undefined) metricsOptions.by = options.by;
  if (options.minMonths !== undefined) metricsOptions.minMonths = options.minMonths;
  if (options.maxMonths !== undefined) metricsOptions.maxMonths = options.maxMonths;
  if ((metricsOptions.minMonths ?? 3) > (metricsOptions.maxMonths ?? 6))
    throw new UsageError('--min-months must not be above --max-months');
  const validator = await createValidator({ preload: false });
  const computation = new MetricsComputation(metricsOptions);
  const read = await readValidDocuments(paths, validator, options, (d) => computation.add(d));
  // One metric's rows at a time (sorted), unless --by needs them all to aggregate.
  const groups: Iterable<MetricRow[]> =
    metricsOptions.by === undefined ? computation.groups().rows() : [computation.result().metrics];
  const sink = await openSink(options.output, paths);
  try {
    await writeReport(groups, read.skipped, options, sink.write);
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  raiseExitCode(read.ioFailed ? ExitCode.usage : read.skipped > 0 ? ExitCode.invalid : ExitCode.ok);
}

/** Writes the report in chunks of rows, so even a million values are never one string in memory. */
async function writeReport(
  groups: Iterable<MetricRow[]>,
  skipped: number,
  options: MetricsCommandOptions,
  write: (text: string) => Promise<void>,
): Promise<void> {
  const withDocuments = options.withDocuments === true;
  const CHUNK = 2000;
  if (options.format === 'json') {
    await write('{"metrics":[');
    const used = new Set<string>();
    let first = true;
    for (const rows of groups) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const part = rows.slice(i, i + CHUNK).map((r) => JSON.stringify(metricRowJson(r, withDocuments)));
        await write((first ? '' : ',') + part.join(','));
        first = false;
      }
      for (const r of rows) used.add(r.metric);
    }
    const definitions = JSON.stringify(METRICS.filter((m) => used.has(m.id)));
    await write(`],"definitions":${definitions},"skipped":${skipped}}\n`);
    return;
  }
  const columns = ['metric', 'value', 'unit', 'product', 'location', 'party', 'site', 'period', 'reason'];
  if (withDocuments && options.format === 'csv') columns.push('documents');
  const record = (r: MetricRow) => [
    r.metric,
    r.value === null ? '' : options.format === 'csv' ? String(r.value) : round(r.value),
    r.unit ?? '',
    r.product ?? '',
    r.location ?? '',
    r.party ?? '',
    r.site ?? '',
    r.period ?? '',
    r.reason ?? '',
    ...(withDocuments && options.format === 'csv' ? [r.documents.join(' ')] : []),
  ];
  if (options.format === 'csv') {
    const { stringify } = await import('csv-stringify/sync');
    await write(stringify([columns]));
    for (const rows of groups)
      for (let i = 0; i < rows.length; i += CHUNK)
        await write(stringify(rows.slice(i, i + CHUNK).map(record)));
    return;
  }
  // A table aligns columns over every row: for people, so it holds them all.
  const all: MetricRow[] = [];
  for (const rows of groups) for (const r of rows) all.push(r);
  await table(columns, all, record, skipped, write);
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/** A plain aligned table for people, with empty columns left out. */
async function table(
  columns: string[],
  rows: MetricRow[],
  record: (row: MetricRow) => string[],
  skipped: number,
  write: (text: string) => Promise<void>,
): Promise<void> {
  const widths = columns.map((c) => c.length);
  const filled = columns.map((_, i) => i < 2);
  for (const row of rows) {
    const cells = record(row);
    for (let i = 0; i < cells.length; i++) {
      const length = printable(cells[i] ?? '').length;
      if (length > 0) filled[i] = true;
      if (length > widths[i]!) widths[i] = length;
    }
  }
  const used = columns.map((_, i) => i).filter((i) => filled[i]);
  const line = (cells: string[]) =>
    used
      .map((i) => {
        const cell = printable(cells[i] ?? '');
        return i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  await write(`${line(columns)}\n${used.map((i) => '-'.repeat(widths[i]!)).join('  ')}\n`);
  for (let i = 0; i < rows.length; i += 2000)
    await write(
      `${rows
        .slice(i, i + 2000)
        .map((r) => line(record(r)))
        .join('\n')}\n`,
    );
  await write(`\n${rows.length} values; ${skipped} invalid documents skipped\n`);
}

function isoDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new UsageError(`expected a date YYYY-MM-DD, got "${printable(value)}"`);
  return value;
}

function dimensions(value: string): Dimension[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const d of list)
    if (!DIMENSIONS.includes(d as Dimension))
      throw new UsageError(`unknown dimension "${printable(d)}" (known: ${DIMENSIONS.join(', ')})`);
  return list as Dimension[];
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`expected a number >= 0, got "${printable(value)}"`);
  return n;
}

export { isoDate };
