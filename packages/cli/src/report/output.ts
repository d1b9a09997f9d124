import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Output } from './reporter.js';

/**
 * Wraps stdout (or a file stream) so reporters can write freely. Writes are buffered until the
 * runner calls `drained()` (once per batch of records): one write per batch instead of one per
 * record, and back-pressure is respected between batches.
 */
export function streamOutput(stream: Writable, closeStream = false): Output {
  let pending: string[] = [];
  let full = false;
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.length === 1 ? pending[0]! : pending.join('');
    pending = [];
    if (!stream.write(text)) full = true;
  };
  return {
    write(text: string) {
      pending.push(text);
    },
    async drained() {
      flush();
      if (!full) return;
      full = false;
      await once(stream, 'drain');
    },
    async close() {
      flush();
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
