import { createReadStream } from 'node:fs';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatFromPath } from '@medsupply/validators';

/** One input to read: a file or stdin. */
export interface InputFile {
  /** Path as given (or found in a directory), or `-`. */
  source: string;
  /** Size in bytes when known (files), for the progress bar. */
  size?: number;
}

/** A path a directory scan did not read, and why. */
export interface SkippedPath {
  source: string;
  reason: string;
}

/** What the command line paths expand to. */
export interface ExpandedInputs {
  /** Inputs to read, in order. */
  files: InputFile[];
  /** Paths that could not be read at all (missing, unreadable folder, folder with nothing to read). */
  errors: Array<{ source: string; message: string }>;
  /** Paths a directory scan passed over on purpose (symbolic links, other file types); say so. */
  skipped: SkippedPath[];
}

const READABLE = 'a .json, .ndjson, .jsonl or .csv file';

/**
 * Expands the command line paths: files as given (whatever their name: the user chose them),
 * directories recursively (only .json, .ndjson, .jsonl and .csv files, in name order), `-` for stdin.
 * Like `grep -r` and `find`, a scan does not follow symbolic links (no loops, nothing read from
 * outside the tree); each one is named in `skipped`. An unreadable subfolder is an error of its own
 * and the rest of the tree is still read; a folder with nothing to read is an error too.
 */
export async function expandInputs(paths: readonly string[]): Promise<ExpandedInputs> {
  const found: ExpandedInputs = { files: [], errors: [], skipped: [] };
  for (const path of paths) {
    if (path === '-') {
      found.files.push({ source: '-' });
      continue;
    }
    try {
      const info = await stat(path);
      if (!info.isDirectory()) {
        found.files.push({ source: path, size: info.size });
        continue;
      }
      const before = found.files.length;
      const failedBefore = found.errors.length;
      await walk(path, found);
      if (found.files.length === before && found.errors.length === failedBefore) {
        found.errors.push({ source: path, message: `no input found (looked for ${READABLE})` });
      }
    } catch (error) {
      found.errors.push({ source: path, message: describeIoError(error) });
    }
  }
  return found;
}

async function walk(dir: string, found: ExpandedInputs): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    found.errors.push({ source: dir, message: describeIoError(error) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, found);
    else if (entry.isSymbolicLink())
      found.skipped.push({ source: path, reason: 'symbolic link, not followed (name it to read it)' });
    else if (!entry.isFile()) found.skipped.push({ source: path, reason: 'not a regular file' });
    else if (formatFromPath(path) === undefined)
      found.skipped.push({ source: path, reason: `not ${READABLE}` });
    else {
      try {
        found.files.push({ source: path, size: (await stat(path)).size });
      } catch (error) {
        found.errors.push({ source: path, message: describeIoError(error) });
      }
    }
  }
}

/** Opens an input as a byte stream. */
export function openInput(input: InputFile): NodeJS.ReadableStream & AsyncIterable<Buffer> {
  if (input.source === '-') return process.stdin;
  return createReadStream(input.source, { highWaterMark: 256 * 1024 });
}

/** A one-line description of a file-system error. */
export function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  if (e.code === 'ENOTDIR') return 'not a directory';
  if (e.code === 'ENOSPC') return 'no space left on the device';
  if (e.code === 'EROFS') return 'read-only file system';
  if (e.code === 'ELOOP') return 'too many levels of symbolic links';
  return e.message ?? String(error);
}
