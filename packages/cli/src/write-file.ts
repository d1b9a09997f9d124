/**
 * Reports written to stdout or to `-o FILE`, for commands that write a whole report at once or in
 * chunks: the file goes through {@link openOutputFile} (temporary sibling renamed on success, never
 * one of the inputs), so a failed run leaves an existing file as it was.
 */
import { once } from 'node:events';
import { openOutputFile } from './output-file.js';

/** Where a report goes. */
export interface Sink {
  /** Writes text, waiting when the stream is full. */
  write(text: string): Promise<void>;
  /** Finishes the report (publishes the file). */
  commit(): Promise<void>;
  /** Gives up (the destination stays as it was). */
  abort(): Promise<void>;
}

/** Opens stdout (no path) or the output file `path`, refusing one that is also among `inputs`. */
export async function openSink(path: string | undefined, inputs: readonly string[]): Promise<Sink> {
  const file = path === undefined ? undefined : await openOutputFile(path, inputs);
  const stream = file?.stream ?? process.stdout;
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async commit() {
      await file?.commit();
    },
    async abort() {
      await file?.abort();
    },
  };
}

/** Writes `content` to `path` through {@link openSink}: all of it, or nothing. */
export async function writeFileAtomic(
  path: string,
  content: string,
  inputs: readonly string[],
): Promise<void> {
  const sink = await openSink(path, inputs);
  try {
    await sink.write(content);
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
