import { once } from 'node:events';
import { type ReadStream, createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { epcisConverters } from '../convert/epcis.js';
import { fhirConverters } from '../convert/fhir.js';
import type { ConvertFormat, ConverterTable, SourcedIssue } from '../convert/types.js';
import { vouchedEnvelope } from '../convert/vouched.js';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { describeIoError } from '../inputs.js';
import { openOutputFile } from '../output-file.js';
import { printable } from '../printable.js';

const FORMATS: readonly ConvertFormat[] = ['canonical', 'epcis-xml', 'epcis-json', 'fhir-r4', 'fhir-r5'];

/** Every conversion the CLI knows, by `from->to`. */
export const converters: ConverterTable = { ...epcisConverters, ...fhirConverters };

interface ConvertOptions {
  from: string;
  to: string;
  output?: string;
  sender?: string;
  createdAt?: string;
}

/** Registers `medsupply convert`. */
export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .description('Convert between canonical, EPCIS 2.0 (XML, JSON-LD) and FHIR R4/R5')
    .requiredOption('--from <format>', `input format: ${FORMATS.join(', ')}`)
    .requiredOption('--to <format>', `output format: ${FORMATS.join(', ')}`)
    .option('-o, --output <file>', 'write output to a file instead of stdout')
    .option(
      '--sender <system|value>',
      'from FHIR: the sender (your own identifier) for documents whose source names none',
    )
    .option(
      '--created-at <date-time>',
      'from FHIR: the creation time for documents whose source gives none (default: now)',
    )
    .argument('<paths...>', 'input files, or - for stdin')
    .action(async (paths: string[], options: ConvertOptions) => {
      await runConvert(paths, options);
    });
}

/** Runs a conversion over every input; problems go to stderr, one per line. */
export async function runConvert(paths: readonly string[], options: ConvertOptions): Promise<void> {
  const from = parseFormat(options.from, '--from');
  const to = parseFormat(options.to, '--to');
  const convert = converters[`${from}->${to}`];
  if (convert === undefined) {
    const known = Object.keys(converters).join(', ') || 'none';
    throw new UsageError(`cannot convert ${from} to ${to} (supported: ${known})`);
  }
  const fromFhir = from === 'fhir-r4' || from === 'fhir-r5';
  if (!fromFhir && (options.sender !== undefined || options.createdAt !== undefined)) {
    throw new UsageError('--sender and --created-at apply only to conversions from fhir-r4 or fhir-r5');
  }
  const vouched = fromFhir && to === 'canonical' ? vouchedEnvelope(options) : undefined;
  const outputFile = options.output === undefined ? undefined : await openOutputFile(options.output, paths);
  const output = outputFile?.stream ?? process.stdout;
  let records = 0;
  let failed = 0;
  let errors = 0;
  let unreadable = 0;
  const report = (issue: SourcedIssue) => {
    if (issue.severity === 'error') errors++;
    process.stderr.write(`${formatIssue(issue)}\n`);
  };
  try {
    for (const [inputIndex, source] of paths.entries()) {
      try {
        const input = source === '-' ? process.stdin : await openFile(source);
        const summary = await convert({
          source,
          input,
          output,
          inputIndex,
          report,
          ...(vouched === undefined ? {} : { vouched }),
        });
        records += summary.records;
        failed += summary.failed;
      } catch (error) {
        if (!isIoError(error)) throw error;
        unreadable++;
        process.stderr.write(`medsupply: ${printable(source)}: ${describeIoError(error)}\n`);
      }
    }
    if (outputFile !== undefined) {
      // Output from a run that could not read its inputs must not replace an earlier, complete one.
      if (unreadable > 0) {
        await outputFile.abort();
        process.stderr.write(
          `medsupply: ${printable(options.output!)} was not written (inputs could not be read)\n`,
        );
      } else {
        await outputFile.commit();
      }
    }
  } catch (error) {
    await outputFile?.abort();
    throw error;
  }
  process.stderr.write(
    `converted ${records - failed} of ${records} ${records === 1 ? 'record' : 'records'} (${failed} failed)\n`,
  );
  raiseExitCode(unreadable > 0 ? ExitCode.usage : failed > 0 || errors > 0 ? ExitCode.invalid : ExitCode.ok);
}

/**
 * Opens an input file and waits until it is open, so a missing or unreadable file fails here, as an
 * I/O error of this input, rather than as an unhandled stream error inside a converter.
 */
async function openFile(path: string): Promise<ReadStream> {
  const stream = createReadStream(path);
  await once(stream, 'open');
  return stream;
}

function isIoError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function parseFormat(value: string, option: string): ConvertFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as ConvertFormat;
  throw new UsageError(`${option} must be one of ${FORMATS.join(', ')} (got "${value}")`);
}

function formatIssue(issue: SourcedIssue): string {
  const where = issue.line === undefined ? issue.source : `${issue.source}:${issue.line}`;
  // Indexes are 0-based in data; people count records from 1, as they count lines.
  const record = issue.index === undefined ? '' : ` record ${issue.index + 1}`;
  return printable(
    `${where}${record}: ${issue.severity} ${issue.code} ${issue.path || '/'} ${issue.message}`,
  );
}
