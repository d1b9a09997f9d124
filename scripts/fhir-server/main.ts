/**
 * `pnpm fhir:server [--port N] [--token T] [--page-size N]`: a FHIR R4 server in memory on 127.0.0.1,
 * to try `medsupply fhir push` and `pull` (docs/guides/fhir-exchange.md). It validates every resource
 * it stores against the R4 definitions and keeps nothing when it stops. The first line on stdout is
 * its base URL; Ctrl-C (SIGINT) or SIGTERM stops it.
 */
import { parseArgs } from 'node:util';
import { startFhirServer } from './server.js';

/** The port the guides use; `--port 0` takes any free port. */
const DEFAULT_PORT = 8080;

function usage(message: string): never {
  process.stderr.write(
    `fhir-server: ${message}\nusage: pnpm fhir:server [--port N] [--token T] [--page-size N]\n`,
  );
  process.exit(2);
}

function wholeNumber(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max)
    usage(`--${name} must be a whole number up to ${max}, got "${text}"`);
  return value;
}

let args: ReturnType<typeof parseArgs>['values'];
try {
  ({ values: args } = parseArgs({
    options: { port: { type: 'string' }, token: { type: 'string' }, 'page-size': { type: 'string' } },
    strict: true,
  }));
} catch (error) {
  usage((error as Error).message);
}

const port = wholeNumber('port', args.port as string | undefined, DEFAULT_PORT, 65_535);
const pageSize = wholeNumber('page-size', args['page-size'] as string | undefined, 20, 1000) || 20;
const token = args.token as string | undefined;

let server: Awaited<ReturnType<typeof startFhirServer>>;
try {
  server = await startFhirServer({ port, pageSize, ...(token === undefined ? {} : { token }) });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  usage(code === 'EADDRINUSE' ? `port ${port} is in use; choose another with --port` : String(error));
}
process.stdout.write(`${server.baseUrl}\n`);
process.stderr.write(
  `FHIR R4 server in memory at ${server.baseUrl}${token === undefined ? '' : ' (bearer token required)'}; Ctrl-C stops it\n`,
);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
