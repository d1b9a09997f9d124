import type { InputFile } from './inputs.js';

/** A progress bar over the bytes of all inputs; a no-op when not shown. */
export interface Progress {
  /** Counts the bytes of an input as they are read. */
  track(file: InputFile, stream: AsyncIterable<Buffer>): AsyncIterable<Buffer>;
  stop(): void;
}

const SHOW_ABOVE_BYTES = 8 * 1024 * 1024;

/** Shows a bar on stderr when it is a terminal and the inputs are big enough to wait for. */
export async function createProgress(files: readonly InputFile[], allowed: boolean): Promise<Progress> {
  const total = files.reduce((sum, f) => sum + (f.size ?? 0), 0);
  if (!allowed || !process.stderr.isTTY || total < SHOW_ABOVE_BYTES) {
    return { track: (_file, stream) => stream, stop() {} };
  }
  // Loaded only when a bar is shown: it is not needed for small files or pipes.
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'validating [{bar}] {percentage}% | {value}/{total} MB | {file}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const mb = (bytes: number) => Math.round(bytes / 1e6);
  let done = 0;
  bar.start(mb(total), 0, { file: '' });
  return {
    async *track(file, stream) {
      for await (const chunk of stream) {
        done += chunk.length;
        bar.update(mb(done), { file: file.source });
        yield chunk;
      }
    },
    stop() {
      bar.stop();
    },
  };
}
