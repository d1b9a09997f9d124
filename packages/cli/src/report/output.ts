import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Output } from './reporter.js';

/** An Output over a writable stream that remembers when the stream asked writers to wait. */
export interface StreamOutput extends Output {
  /** Resolves when the stream has drained, if a write filled its buffer; immediately otherwise. */
  drained(): Promise<void>;
}

/** Wraps stdout (or a file stream) so reporters can write freely and the runner can respect back-pressure. */
export function streamOutput(stream: Writable, closeStream = false): StreamOutput {
  let full = false;
  return {
    write(text: string) {
      if (!stream.write(text)) full = true;
    },
    async drained() {
      if (!full) return;
      full = false;
      await once(stream, 'drain');
    },
    async close() {
      if (closeStream) {
        stream.end();
        await once(stream, 'finish');
      } else if (full) {
        full = false;
        await once(stream, 'drain');
      }
    },
  };
}
