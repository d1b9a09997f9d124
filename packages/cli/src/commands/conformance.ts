import { type Command, Option } from 'commander';
import { ExitCode, UsageError, raiseExitCode } from '../exit-codes.js';

/** Options of `medsupply conformance`. */
export interface ConformanceCommandOptions {
  token?: string;
  format: 'text' | 'json' | 'junit';
  only?: string;
}

/** Registers `medsupply conformance`. */
export function registerConformanceCommand(program: Command): void {
  program
    .command('conformance')
    .description(
      "Run the exchange API contract suite against a server (ours or a vendor's); exit 0 all passed, 1 some failed, 2 cannot run",
    )
    .argument('<url>', 'base URL of the server, e.g. http://127.0.0.1:8080')
    .option('--token <token>', 'bearer token (needs the submit and read scopes)')
    .addOption(
      new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'),
    )
    .option('--only <ids>', 'comma-separated case ids')
    .action(async (url: string, options: ConformanceCommandOptions) => {
      await runConformanceCommand(url, options);
    });
}

/** Runs the suite and prints the report; the tally `N passed, N failed` is the last line. */
export async function runConformanceCommand(url: string, options: ConformanceCommandOptions): Promise<void> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${url}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new UsageError(`not an http(s) URL: ${url}`);
  const kit = await import('@medsupply/server/conformance');
  let results: Awaited<ReturnType<typeof kit.runConformance>>;
  try {
    results = await kit.runConformance(base.href, {
      ...(options.token ? { token: options.token } : {}),
      ...(options.only ? { only: options.only.split(',') } : {}),
    });
  } catch (error) {
    if (error instanceof kit.Unreachable) {
      process.stderr.write(`medsupply conformance: ${error.message}\n`);
      raiseExitCode(ExitCode.usage);
      return;
    }
    throw error;
  }
  const origin = base.href.replace(/\/$/, '');
  if (options.format === 'json') {
    process.stdout.write(kit.formatJson(results, origin));
    process.stderr.write(`${kit.tally(results)}\n`);
  } else if (options.format === 'junit') process.stdout.write(kit.formatJunit(results, origin));
  else process.stdout.write(kit.formatText(results, origin));
  raiseExitCode(results.every((r) => r.passed) ? ExitCode.ok : ExitCode.invalid);
}
