/** Exit codes shared by every command, so scripts can rely on them. */
export const ExitCode = {
  /** Every record was valid (or converted without errors). */
  ok: 0,
  /** At least one record was invalid or could not be converted or stored. */
  invalid: 1,
  /** Usage error (bad option, unknown schema) or an I/O error (missing file, unreadable stream). */
  usage: 2,
} as const;

/** Thrown for usage and I/O problems; `main` prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Sets the process exit code without lowering an earlier, worse one. */
export function raiseExitCode(code: number): void {
  const current = typeof process.exitCode === 'number' ? process.exitCode : 0;
  if (code > current) process.exitCode = code;
}
