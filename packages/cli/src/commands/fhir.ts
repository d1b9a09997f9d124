import type { Writable } from 'node:stream';
import {
  FhirExchangeClient,
  type FhirVersion,
  type PushBundleType,
  type PushDocumentReport,
  type PushRecord,
  type RetryEvent,
  addToPushSummary,
  checkBaseUrl,
  checkSince,
  checkToken,
  createPushSummary,
  documentSearch,
  formatIssue,
  formatPullSummary,
  formatPushReport,
  formatPushSummary,
  pullDocuments,
  pullTypeNames,
  pushDocuments,
  redactSecrets,
} from '@medsupply/fhir';
import { type InputFormat, type Issue, createValidator, readRecords } from '@medsupply/validators';
import { type Command, Option } from 'commander';
import { CANONICAL_RELEASE } from '../convert/fhir.js';
import { vouchedEnvelope } from '../convert/vouched.js';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';
import { type InputFile, expandInputs, openInput } from '../inputs.js';
import { openOutputFile } from '../output-file.js';
import { printable, printableJson } from '../printable.js';

/** Environment variable that may hold the bearer token (kept out of shell history and `ps`). */
export const TOKEN_ENV = 'MEDSUPPLY_FHIR_TOKEN';

/** Options shared by `fhir push` and `fhir pull`. */
interface ExchangeOptions {
  server: string;
  token?: string;
  fhirVersion: string;
  format: 'text' | 'json';
  timeout: number;
  retries: number;
  maxResponseMb: number;
}

/** Options of `medsupply fhir push`. */
export interface FhirPushOptions extends ExchangeOptions {
  bundleType: PushBundleType;
  batchFallback?: boolean;
  inputFormat?: InputFormat;
  validate: boolean;
}

/** Options of `medsupply fhir pull`. */
export interface FhirPullOptions extends ExchangeOptions {
  type: string;
  since?: string;
  output?: string;
  pageSize: number;
  sender?: string;
  createdAt?: string;
}

/** Registers `medsupply fhir push|pull`. */
export function registerFhirCommand(program: Command): void {
  const fhir = program
    .command('fhir')
    .description('Exchange documents with a FHIR server (see docs/guides/fhir-exchange.md)');

  withExchangeOptions(
    fhir
      .command('push')
      .description(
        'Send canonical documents to a FHIR server, one transaction Bundle per document, and report every entry',
      )
      .argument(
        '<paths...>',
        'canonical .json (a document or an array) or .ndjson files, directories, or - for stdin',
      ),
  )
    .addOption(
      new Option('--bundle-type <type>', 'send each Bundle as a transaction (all or nothing) or a batch')
        .choices(['transaction', 'batch'])
        .default('transaction'),
    )
    .option('--batch-fallback', 'send a transaction the server refuses as a whole again as a batch')
    .addOption(
      new Option(
        '--input-format <format>',
        'read inputs as this format (default: from the extension; stdin is sniffed)',
      ).choices(['json', 'ndjson', 'csv']),
    )
    .option('--no-validate', 'send documents without validating them first')
    .action(async (paths: string[], options: FhirPushOptions) => {
      await runFhirPush(paths, options);
    });

  withExchangeOptions(
    fhir
      .command('pull')
      .description(
        'Read documents of one type from a FHIR server (following paging) and write them as canonical NDJSON',
      ),
  )
    .requiredOption(
      '--type <type>',
      'document type: StockReport, Shipment, DemandForecast, CapacityReport, ShortageNotice',
    )
    .option('--since <date>', 'only resources changed on or after this date or date-time (_lastUpdated)')
    .option('-o, --output <file>', 'write the NDJSON to a file instead of stdout')
    .option('--page-size <n>', 'resources per page asked of the server (_count)', countAtLeastOne, 100)
    .option(
      '--sender <system|value>',
      'the sender (your own identifier) for documents whose source names none',
    )
    .option(
      '--created-at <date-time>',
      'the creation time for documents whose source gives none (default: now)',
    )
    .action(async (options: FhirPullOptions) => {
      await runFhirPull(options);
    });
}

function withExchangeOptions(command: Command): Command {
  return command
    .requiredOption('--server <url>', 'FHIR base URL, such as https://fhir.example.org/R4')
    .option('--token <token>', `bearer token (better: set ${TOKEN_ENV})`)
    .addOption(
      new Option('--fhir-version <version>', 'FHIR release of the server: 4 (R4) or 5 (R5)')
        .choices(['4', '5'])
        .default('4'),
    )
    .addOption(
      new Option('--format <format>', 'report as text on stderr, or as JSON (push: stdout; pull: stderr)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--timeout <seconds>', 'time limit of one request', positiveNumber, 30)
    .option('--retries <n>', 'retries on 429, 5xx, timeouts and dropped connections', positiveInteger, 4)
    .option(
      '--max-response-mb <n>',
      'largest response body read, in MiB; a larger one fails (FHIR_RESPONSE_TOO_LARGE)',
      positiveNumber,
      64,
    );
}

/** Pushes the documents of every input and reports each entry; exit 1 when anything was not stored. */
export async function runFhirPush(paths: readonly string[], options: FhirPushOptions): Promise<void> {
  const { client, secrets, fhirVersion } = connect(options);
  const { files, errors, skipped } = await expandInputs(paths);
  if (errors.length > 0) {
    throw new UsageError(
      printable(`${errors.map((e) => `${e.source}: ${e.message}`).join('; ')} (nothing was sent)`),
    );
  }
  for (const path of skipped)
    process.stderr.write(`medsupply: skipped ${printable(path.source)}: ${path.reason}\n`);
  const check = options.validate ? await documentChecker() : undefined;
  const err = (line: string) =>
    process.stderr.write(`${forPeople(redactSecrets(line, secrets), options.format)}\n`);
  const summary = createPushSummary();
  let refusedTransactions = 0;
  const reports: PushDocumentReport[] = [];
  const pushed = pushDocuments(readInputs(files, options.inputFormat), {
    client,
    fhirVersion,
    bundleType: options.bundleType,
    batchFallback: options.batchFallback === true,
    ...(check === undefined ? {} : { check }),
  });
  for await (const report of pushed) {
    addToPushSummary(summary, report);
    if (
      report.issues.some((i) => i.code === 'FHIR_TRANSACTION_REJECTED' && i.params?.batchMayHelp === true)
    ) {
      refusedTransactions++;
    }
    if (options.format === 'json') reports.push(report);
    else for (const line of formatPushReport(report)) err(line);
  }
  if (options.format === 'json') {
    const json = JSON.stringify(
      { server: client.baseUrl, fhirVersion, bundleType: options.bundleType, summary, documents: reports },
      null,
      2,
    );
    await write(process.stdout, `${printableJson(redactSecrets(json, secrets))}\n`);
  } else {
    err(formatPushSummary(summary));
    if (refusedTransactions > 0 && options.batchFallback !== true) {
      err(
        `hint: ${refusedTransactions} transaction(s) were refused as a whole; --batch-fallback sends them again as batches`,
      );
    }
  }
  raiseExitCode(summary.documentsStored === summary.documents ? ExitCode.ok : ExitCode.invalid);
}

/** Pulls one document type and writes canonical NDJSON; exit 1 on any error issue. */
export async function runFhirPull(options: FhirPullOptions): Promise<void> {
  const { client, secrets, fhirVersion } = connect(options);
  if (documentSearch(options.type, fhirVersion) === undefined) {
    throw new UsageError(
      `--type must be one of ${pullTypeNames(fhirVersion).join(', ')} (got "${options.type}")`,
    );
  }
  if (options.since !== undefined) {
    try {
      checkSince(options.since);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const vouched = vouchedEnvelope(options);
  // Opened before the pull, so an unwritable -o is refused before the server is asked anything.
  const outputFile = options.output === undefined ? undefined : await openOutputFile(options.output, []);
  const result = await pullDocuments({
    client,
    fhirVersion,
    canonical: { schemaVersion: CANONICAL_RELEASE, ...vouched },
    type: options.type,
    pageSize: options.pageSize,
    ...(options.since === undefined ? {} : { since: options.since }),
  }).catch(async (error: unknown) => {
    await outputFile?.abort();
    throw error;
  });
  const output: Writable = outputFile?.stream ?? process.stdout;
  for (const document of result.documents) await write(output, `${JSON.stringify(document)}\n`);
  // An incomplete pull is not a snapshot to replace an earlier, complete one with.
  if (outputFile !== undefined && result.complete) await outputFile.commit();
  else if (outputFile !== undefined) {
    await outputFile.abort();
    process.stderr.write(
      `medsupply: ${printable(options.output!)} was not written (the pull did not complete)\n`,
    );
  }
  const err = (line: string) =>
    process.stderr.write(`${forPeople(redactSecrets(line, secrets), options.format)}\n`);
  if (options.format === 'json') {
    const { documents: _documents, ...rest } = result;
    const json = JSON.stringify({
      server: client.baseUrl,
      fhirVersion,
      ...rest,
      documents: result.documents.length,
    });
    process.stderr.write(`${printableJson(redactSecrets(json, secrets))}\n`);
  } else {
    for (const found of result.issues) err(formatIssue(found));
    err(formatPullSummary(result));
  }
  const failed = !result.complete || result.issues.some((i) => i.severity === 'error');
  raiseExitCode(failed ? ExitCode.invalid : ExitCode.ok);
}

/** Builds the client from the shared options; bad options are usage errors (exit 2). */
function connect(options: ExchangeOptions): {
  client: FhirExchangeClient;
  secrets: string[];
  fhirVersion: FhirVersion;
} {
  try {
    checkBaseUrl(options.server);
  } catch (error) {
    throw new UsageError(`--server: ${(error as Error).message}`);
  }
  const token = options.token ?? process.env[TOKEN_ENV];
  const secrets = token === undefined || token === '' ? [] : [token];
  try {
    if (token !== undefined) checkToken(token);
  } catch (error) {
    throw new UsageError(
      `${options.token === undefined ? TOKEN_ENV : '--token'}: ${(error as Error).message}`,
    );
  }
  const url = new URL(options.server);
  if (
    secrets.length > 0 &&
    url.protocol === 'http:' &&
    !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  ) {
    process.stderr.write('medsupply: warning: the bearer token travels unencrypted over http\n');
  }
  const err = (line: string) =>
    process.stderr.write(`${forPeople(redactSecrets(line, secrets), options.format)}\n`);
  const client = new FhirExchangeClient({
    baseUrl: options.server,
    ...(secrets.length > 0 ? { token: secrets[0] } : {}),
    timeoutMs: Math.round(options.timeout * 1000),
    retry: { retries: options.retries },
    maxResponseBytes: Math.round(options.maxResponseMb * 1024 * 1024),
    ...(options.format === 'text'
      ? { onRetry: (event: RetryEvent) => err(describeRetry(event, options.retries)) }
      : {}),
  });
  return { client, secrets, fhirVersion: options.fhirVersion as FhirVersion };
}

function describeRetry(event: RetryEvent, retries: number): string {
  const cause = event.status !== undefined ? `HTTP ${event.status}` : (event.errorCode ?? 'error');
  const wait = `${(event.delayMs / 1000).toFixed(1)} s${event.retryAfter ? ' (Retry-After)' : ''}`;
  return `retry: ${event.request} failed with ${cause} on attempt ${event.attempt} of ${retries + 1}; trying again in ${wait}`;
}

/** Every record of every input, in order. */
async function* readInputs(
  files: readonly InputFile[],
  format: InputFormat | undefined,
): AsyncGenerator<PushRecord> {
  for (const file of files) {
    if (format === undefined && file.source === '-') {
      const sniffed = await sniffStdin(openInput(file));
      yield* readRecords(sniffed.stream, { source: '-', format: sniffed.format });
    } else {
      yield* readRecords(openInput(file), {
        source: file.source,
        ...(format === undefined ? {} : { format }),
      });
    }
  }
}

/** Bytes looked at to tell a JSON document from NDJSON on stdin. */
const SNIFF_BYTES = 1 << 20;

/**
 * Tells JSON from NDJSON on stdin: `[` starts a JSON array; `{` starts NDJSON when its first line is
 * a whole JSON value, else one pretty-printed document (`cat shipment.json | medsupply fhir push -`).
 */
async function sniffStdin(
  input: AsyncIterable<Buffer | string>,
): Promise<{ format: InputFormat; stream: AsyncIterable<Buffer | string> }> {
  const iterator = input[Symbol.asyncIterator]();
  const seen: Array<Buffer | string> = [];
  let text = '';
  while (text.length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    text += typeof next.value === 'string' ? next.value : next.value.toString('utf8');
    const start = text.search(/[^\s\uFEFF]/);
    if (start !== -1 && text.indexOf('\n', start) !== -1) break;
  }
  const body = text.replace(/^[\s\uFEFF]+/, '');
  let format: InputFormat = 'ndjson';
  if (body.startsWith('[')) format = 'json';
  else if (body.startsWith('{')) {
    try {
      JSON.parse(body.split('\n', 1)[0] ?? '');
    } catch {
      format = 'json';
    }
  }
  async function* replay(): AsyncGenerator<Buffer | string> {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { format, stream: replay() };
}

/** The medsupply validator as a pre-flight check: invalid documents are not sent. */
async function documentChecker(): Promise<(document: unknown) => Promise<Issue[]>> {
  let validator: Awaited<ReturnType<typeof createValidator>>;
  try {
    validator = await createValidator({ preload: false });
  } catch (error) {
    throw new UsageError(
      `the validator is not available (${(error as Error).message}); build it, or push with --no-validate`,
    );
  }
  return async (document) => (await validator.validateAsync(document)).issues;
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`expected a whole number, got "${value}"`);
  return n;
}

function countAtLeastOne(value: string): number {
  const n = positiveInteger(value);
  if (n < 1) throw new UsageError(`expected a whole number of at least 1, got "${value}"`);
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`expected a positive number, got "${value}"`);
  return n;
}

/**
 * Text lines on stderr may quote what a server sent (diagnostics, Location headers): escape control
 * characters there; JSON lines keep their value (see printableJson).
 */
function forPeople(line: string, format: string): string {
  return format === 'json' ? printableJson(line) : printable(line);
}
