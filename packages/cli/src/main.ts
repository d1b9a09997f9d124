import { Command, CommanderError } from 'commander';
import { ExitCode, UsageError } from './exit-codes.js';
import { printable } from './printable.js';
import { CLI_VERSION } from './version.js';

type Register = (program: Command) => void;

/**
 * Each command's module is loaded only when that command runs: the adapters behind `gs1`, `convert`
 * and `fhir` cost more start-up time than validating a small file does.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  validate: async () => (await import('./commands/validate.js')).registerValidateCommand,
  gs1: async () => (await import('./commands/gs1.js')).registerGs1Command,
  convert: async () => (await import('./commands/convert.js')).registerConvertCommand,
  fhir: async () => (await import('./commands/fhir.js')).registerFhirCommand,
  schema: async () => (await import('./commands/schema.js')).registerSchemaCommand,
  schemas: async () => (await import('./commands/schema.js')).registerSchemasCommand,
  migrate: async () => (await import('./commands/migrate.js')).registerMigrateCommand,
  metrics: async () => (await import('./commands/metrics.js')).registerMetricsCommand,
  dashboard: async () => (await import('./commands/dashboard.js')).registerDashboardCommand,
  forecast: async () => (await import('./commands/forecast.js')).registerForecastCommand,
  serve: async () => (await import('./commands/serve.js')).registerServeCommand,
  worker: async () => (await import('./commands/worker.js')).registerWorkerCommand,
  conformance: async () => (await import('./commands/conformance.js')).registerConformanceCommand,
};

/**
 * Builds the `medsupply` command tree (exported for tests and for embedding). Given the arguments,
 * it loads only the command they name (none for `--version`); without them (or for help), all of them.
 */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('medsupply')
    .description('Validate and convert medical supply-chain data (medsupply canonical, GS1, FHIR)')
    .version(CLI_VERSION, '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const first = argv[0];
  const names =
    first === '-v' || first === '--version'
      ? [] // the version needs no command
      : first !== undefined && Object.hasOwn(COMMANDS, first)
        ? [first]
        : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program);
  return program;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script name) and sets
 * `process.exitCode`: 0 all valid, 1 something invalid, 2 usage or I/O error.
 */
export async function main(argv: readonly string[]): Promise<void> {
  quietOnClosedPipe();
  const program = await createProgram(argv);
  // Commander exits on --help/--version and usage errors; route both through exitCode instead.
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    if (error instanceof UsageError || isIoError(error)) {
      process.stderr.write(`medsupply: ${printable((error as Error).message)}\n`);
      process.exitCode = ExitCode.usage;
      return;
    }
    throw error;
  }
}

function isIoError(error: unknown): boolean {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code ?? '')
  );
}

/**
 * `medsupply validate … | head`: once the reader has closed the pipe, nothing more can be said to
 * it. Stop at once, quietly, with exit 0 (decision 0011): the reader chose to stop reading, and an
 * EPIPE message on stderr or exit 2 would be noise, as it is for `git log | head`.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(ExitCode.ok);
      throw error;
    });
  }
}
