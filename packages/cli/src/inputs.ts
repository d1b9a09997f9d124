import { createReadStream } from 'node:fs';
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

/**
 * Expands the command line paths: files as given, directories recursively (only .json, .ndjson,
 * .jsonl and .csv files, in name order), `-` for stdin. Unreadable paths are returned as errors so
 * the run can go on with the rest.
 */
export async function expandInputs(
  paths: readonly string[],
): Promise<{ files: InputFile[]; errors: Array<{ source: string; message: string }> }> {
  const files: InputFile[] = [];
  const errors: Array<{ source: string; message: string }> = [];
  for (const path of paths) {
    if (path === '-') {
      files.push({ source: '-' });
      continue;
    }
    try {
      const info = await stat(path);
      if (info.isDirectory()) files.push(...(await walk(path)));
      else files.push({ source: path, size: info.size });
    } catch (error) {
      errors.push({ source: path, message: describeIoError(error) });
    }
  }
  return { files, errors };
}

async function walk(dir: string): Promise<InputFile[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const found: InputFile[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile() && formatFromPath(path) !== undefined)
      found.push({ source: path, size: (await stat(path)).size });
  }
  return found;
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
