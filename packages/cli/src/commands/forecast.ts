import {
  ConsumptionHistory,
  type ForecastOptions,
  METHOD_NAMES,
  type MethodChoice,
  type SeriesForecastResult,
  type SeriesNotForecast,
  backtestSeries,
  forecastSeries,
  prepareEts,
} from '@medsupply/forecast';
import { latestVersion } from '@medsupply/schema-registry';
import { createValidator } from '@medsupply/validators';
import { type Command, Option } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { printable } from '../printable.js';
import { readValidDocuments } from '../valid-documents.js';
import { openSink } from '../write-file.js';

interface ForecastCommandOptions {
  horizon: number;
  method: MethodChoice;
  backtest: boolean;
  format: 'ndjson' | 'json' | 'table';
  origin?: string;
  issuedAt?: string;
  sender?: string;
  jurisdiction?: string;
  inputFormat?: 'json' | 'ndjson' | 'csv';
  output?: string;
}

/** Registers `medsupply forecast`. */
export function registerForecastCommand(program: Command): void {
  program
    .command('forecast')
    .description(
      'Forecast demand per product and location from monthly consumption (difference StockReports)',
    )
    .argument('<paths...>', 'files, directories (searched recursively) or - for stdin')
    .option('--horizon <months>', 'months to forecast', monthsOption, 6)
    .addOption(
      new Option('--method <method>', 'forecasting method (auto: chosen per series by back-test)')
        .choices(['auto', ...METHOD_NAMES])
        .default('auto'),
    )
    .option('--backtest', 'print MASE, WAPE and bias per series and method instead of forecasts', false)
    .addOption(
      new Option('--format <format>', 'output format').choices(['ndjson', 'json', 'table']).default('ndjson'),
    )
    .option('--origin <YYYY-MM>', 'last month of history to use (default: the latest month in the inputs)')
    .option('--issued-at <date-time>', 'when the forecast is made (default: now); fixes the document ids')
    .option('--sender <SYSTEM|VALUE>', 'who forecasts and sends (default: the sender of the reports)')
    .option(
      '--jurisdiction <code>',
      'ISO 3166 country or subdivision, when the reports name locations only by identifier',
    )
    .addOption(
      new Option('--input-format <format>', 'read inputs as this format').choices(['json', 'ndjson', 'csv']),
    )
    .option('-o, --output <file>', 'write to a file (replaced only when the run succeeds)')
    .action(async (paths: string[], options: ForecastCommandOptions) => {
      await runForecast(paths, options);
    });
}

/** Runs `medsupply forecast`: reads history, forecasts every series, writes documents or back-tests. */
export async function runForecast(paths: readonly string[], options: ForecastCommandOptions): Promise<void> {
  if (options.origin !== undefined && !/^\d{4}-(?:0[1-9]|1[0-2])$/.test(options.origin))
    throw new UsageError(`--origin takes a month as YYYY-MM, got "${options.origin}"`);
  if (options.issuedAt !== undefined && Number.isNaN(Date.parse(options.issuedAt)))
    throw new UsageError(`--issued-at takes a date-time with offset, got "${options.issuedAt}"`);
  const sender = options.sender === undefined ? undefined : parseSender(options.sender);
  const sink = await openSink(options.output, paths);
  const history = new ConsumptionHistory();
  const validator = await createValidator({ preload: false });
  const read = await readValidDocuments(paths, validator, inputFormat(options), (document) =>
    history.add(document as Record<string, unknown>),
  );
  const all = history.series();
  const origin = options.origin ?? latestMonth(all.flatMap((s) => [...s.months.keys()]));
  const lines: string[] = [];
  const notForecast: SeriesNotForecast[] = [];
  await prepareEts();
  if (origin !== undefined && options.backtest) {
    for (const series of all) lines.push(...backtestLines(series, origin, options));
  } else if (origin !== undefined) {
    const forecastOptions: ForecastOptions = {
      horizon: options.horizon,
      method: options.method,
      origin,
      issuedAt: options.issuedAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      schemaVersion: latestVersion(),
      ...(sender ? { sender } : {}),
      ...(options.jurisdiction ? { jurisdiction: options.jurisdiction } : {}),
      wholeCounts: latestVersion() === '1.0.0',
    };
    const done: SeriesForecastResult[] = [];
    for (const series of all) {
      const result = forecastSeries(series, forecastOptions);
      if ('document' in result) done.push(result);
      else notForecast.push(result);
    }
    lines.push(...forecastLines(done, options.format));
  }
  // A run that could not read an input is a failed run: an existing output file stays as it was.
  if (read.ioFailed) await sink.abort();
  else {
    for (const line of lines) await sink.write(line);
    await sink.commit();
  }
  for (const issue of history.issues)
    process.stderr.write(`medsupply: ${printable(`${issue.series} ${issue.month}: ${issue.message}`)}\n`);
  for (const miss of notForecast)
    process.stderr.write(
      `medsupply: ${printable(`${miss.series}: not forecast (${miss.code}): ${miss.message}`)}\n`,
    );
  process.stderr.write(
    `medsupply: ${read.records} ${plural(read.records, 'record')} read (${read.skipped} invalid, skipped); ` +
      `${all.length} ${plural(all.length, 'series', 'series')}, ${all.length - notForecast.length} forecast, ${notForecast.length} not\n`,
  );
  if (read.ioFailed) raiseExitCode(ExitCode.usage);
  else if (read.records === 0) {
    process.stderr.write('medsupply: no records read: nothing to forecast\n');
    raiseExitCode(ExitCode.invalid);
  } else if (read.skipped > 0 || notForecast.length > 0 || all.length === 0) raiseExitCode(ExitCode.invalid);
}

function forecastLines(results: SeriesForecastResult[], format: ForecastCommandOptions['format']): string[] {
  if (format === 'ndjson') return results.map((r) => `${JSON.stringify(r.document)}\n`);
  if (format === 'json')
    return [
      `${JSON.stringify(
        results.map((r) => r.document),
        null,
        2,
      )}\n`,
    ];
  const header = ['series', 'class', 'methods', 'month', 'forecast', 'lower', 'upper'];
  const rows = results.flatMap((r) =>
    (r.document.series as Array<Record<string, { value?: number; start?: string }>>).map((entry) => [
      r.series,
      r.pattern.demandClass,
      r.methods.join('+'),
      String(entry.period?.start).slice(0, 7),
      String(entry.quantity?.value ?? ''),
      String(entry.lower?.value ?? ''),
      String(entry.upper?.value ?? ''),
    ]),
  );
  return table([header, ...rows]);
}

function backtestLines(
  series: ReturnType<ConsumptionHistory['series']>[number],
  origin: string,
  options: ForecastCommandOptions,
): string[] {
  const id = `${series.key.product} @ ${series.key.location} [${series.key.unit}]`;
  const scores = backtestSeries(series, origin, options.horizon);
  if (options.format !== 'table')
    return scores.map((score) => `${JSON.stringify({ series: id, ...score })}\n`);
  const fixed = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(3));
  return table([
    ['series', 'method', 'origins', 'MASE', 'RMSSE', 'WAPE', 'bias'],
    ...scores.map((s) => [
      id,
      s.method,
      String(s.origins),
      fixed(s.mase),
      fixed(s.rmsse),
      fixed(s.wape),
      fixed(s.bias),
    ]),
  ]);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map(
    (row) =>
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
  );
}

function latestMonth(months: readonly string[]): string | undefined {
  let latest: string | undefined;
  for (const month of months) if (latest === undefined || month > latest) latest = month;
  return latest;
}

function parseSender(value: string): Record<string, unknown> {
  const bar = value.indexOf('|');
  if (bar <= 0 || bar === value.length - 1)
    throw new UsageError(`--sender takes SYSTEM|VALUE, got "${value}"`);
  return { identifier: { system: value.slice(0, bar), value: value.slice(bar + 1) } };
}

function inputFormat(options: ForecastCommandOptions) {
  return options.inputFormat ? { inputFormat: options.inputFormat } : {};
}

function monthsOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 120)
    throw new UsageError(`--horizon takes 1 to 120 months, got "${value}"`);
  return n;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
