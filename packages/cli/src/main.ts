import { Command, CommanderError } from 'commander';
import { registerConvertCommand } from './commands/convert.js';
import { registerFhirCommand } from './commands/fhir.js';
import { registerGs1Command } from './commands/gs1.js';
import { registerValidateCommand } from './commands/validate.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { CLI_VERSION } from './version.js';

/** Builds the `medsupply` command tree (exported for tests and for embedding). */
export function createProgram(): Command {
  const program = new Command('medsupply')
    .description('Validate and convert medical supply-chain data (medsupply canonical, GS1, FHIR)')
    .version(CLI_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerValidateCommand(program);
  registerGs1Command(program);
  registerConvertCommand(program);
  registerFhirCommand(program);
  return program;
}

/**
 * Runs the CLI with the given arguments (without `node` and the script name) and sets
 * `process.exitCode`: 0 all valid, 1 something invalid, 2 usage or I/O error.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = createProgram();
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
      process.stderr.write(`medsupply: ${(error as Error).message}\n`);
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
