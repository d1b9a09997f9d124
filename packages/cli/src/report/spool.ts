import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Output } from './reporter.js';

const SPILL_AT_BYTES = 8 * 1024 * 1024;
const BLOCK_BYTES = 1024 * 1024;

/**
 * Holds report text that must be written after something known only at the end (a summary, a count).
 * Small reports stay in memory; past 8 MB the text spills to a temporary file, so memory stays flat.
 */
export class Spool {
  private chunks: string[] = [];
  private held = 0;
  private file: { dir: string; fd: number } | undefined;
  private readonly decoder = new StringDecoder('utf8');

  /** Adds text. */
  append(text: string): void {
    this.chunks.push(text);
    this.held += text.length;
    if (this.held >= (this.file ? BLOCK_BYTES : SPILL_AT_BYTES)) this.spill();
  }

  /** Writes everything held, in order, to `out` (respecting back-pressure), and releases the temporary file. */
  async drainTo(out: Output): Promise<void> {
    if (this.file) {
      this.spill();
      const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
      let position = 0;
      for (;;) {
        const read = readSync(this.file.fd, buffer, 0, BLOCK_BYTES, position);
        if (read === 0) break;
        // Blocks may split a UTF-8 character; the decoder carries it over to the next block.
        out.write(this.decoder.write(buffer.subarray(0, read)));
        position += read;
        await out.drained();
      }
      out.write(this.decoder.end());
      closeSync(this.file.fd);
      rmSync(this.file.dir, { recursive: true, force: true });
      this.file = undefined;
    } else {
      for (const chunk of this.chunks) out.write(chunk);
      this.chunks = [];
      this.held = 0;
    }
  }

  private spill(): void {
    if (!this.file) {
      const dir = mkdtempSync(join(tmpdir(), 'medsupply-report-'));
      this.file = { dir, fd: openSync(join(dir, 'spool'), 'w+') };
    }
    if (this.chunks.length > 0) writeSync(this.file.fd, this.chunks.join(''));
    this.chunks = [];
    this.held = 0;
  }
}
