import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes a file through a temporary sibling renamed into place, so a failed run leaves no half file. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = tempPath(path);
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Where a report goes: stdout, or a file written through a temporary sibling and renamed on commit. */
export interface Sink {
  /** Writes text, waiting when the stream is full. */
  write(text: string): Promise<void>;
  /** Finishes the report (renames the temporary file into place). */
  commit(): Promise<void>;
  /** Gives up (removes the temporary file). */
  abort(): Promise<void>;
}

/** Opens stdout (no path) or a temporary file for `path`. */
export async function openSink(path: string | undefined): Promise<Sink> {
  const temp = path === undefined ? undefined : tempPath(path);
  const stream: Writable = temp === undefined ? process.stdout : createWriteStream(temp);
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async commit() {
      if (temp === undefined || path === undefined) return;
      stream.end();
      await once(stream, 'finish');
      await rename(temp, path);
    },
    async abort() {
      if (temp === undefined) return;
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}
