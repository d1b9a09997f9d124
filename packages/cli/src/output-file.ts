/**
 * `-o FILE` for every command: output goes to a temporary file beside FILE and is renamed over it
 * only when the run succeeds, so a failed run (missing input, failed pull, full disk) leaves an
 * existing FILE as it was, and FILE is never one of the inputs being read.
 */
import { type Stats, createWriteStream, fstatSync, openSync, statSync } from 'node:fs';
import { constants, access, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { UsageError } from './exit-codes.js';
import { describeIoError } from './inputs.js';
import { printable } from './printable.js';

/** An output file being written; nothing appears at `path` until `commit()`. */
export interface OutputFile {
  /** The stream to write to (the temporary file). */
  stream: Writable;
  /** Closes the temporary file and renames it over the destination. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file; the destination is left as it was. */
  abort(): Promise<void>;
}

/**
 * Opens `path` for output. Refuses (UsageError, exit 2) a destination that is a directory, not
 * writable, in a folder that does not exist or cannot be written, or the same file as one of
 * `inputs` (compared by device and inode, so symbolic and hard links are caught; `-` is stdin).
 */
export async function openOutputFile(path: string, inputs: readonly string[]): Promise<OutputFile> {
  const shown = printable(path);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`cannot write to ${shown}: is a directory`);
  if (existing !== undefined) {
    const same = inputs.find((input) => sameFile(existing, input));
    if (same !== undefined) {
      throw new UsageError(
        `${shown} is also an input (${same === '-' ? 'stdin' : printable(same)}); choose another output file`,
      );
    }
    try {
      await access(path, constants.W_OK);
    } catch (error) {
      throw new UsageError(`cannot write to ${shown}: ${describeIoError(error)}`);
    }
  }
  // Dot-prefixed with a suffix no reader picks up, so a directory scan never reads it as input.
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`,
  );
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', 0o666);
  } catch (error) {
    throw new UsageError(`cannot write to ${shown}: ${describeIoError(error)}`);
  }
  const stream = createWriteStream('', { fd, autoClose: true });
  // Remember a write error (full disk…) instead of letting it crash the process as an unhandled event.
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const close = async () => {
    if (!stream.writableFinished && !stream.destroyed) stream.end();
    await finished(stream).catch(() => {});
  };
  return {
    stream,
    async commit() {
      await close();
      if (failure !== undefined) {
        await unlink(temporary).catch(() => {});
        throw new UsageError(`cannot write to ${shown}: ${describeIoError(failure)}`);
      }
      await rename(temporary, path);
    },
    async abort() {
      stream.destroy();
      await finished(stream).catch(() => {});
      await unlink(temporary).catch(() => {});
    },
  };
}

/** True when `input` (a path, or `-` for stdin) is the very file `output` describes. */
function sameFile(output: Stats, input: string): boolean {
  try {
    const info = input === '-' ? fstatSync(0) : statSync(input);
    return info.isFile() && info.dev === output.dev && info.ino === output.ino;
  } catch {
    return false;
  }
}
