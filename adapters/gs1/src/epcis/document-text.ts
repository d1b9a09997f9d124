/** Why a chunk of a document could not be turned into text. */
export type TextProblem = { kind: 'encoding' } | { kind: 'size'; limit: number };

/**
 * Turns the byte chunks of one document into text and counts them against the document size limit.
 * Shared by the XML and JSON readers, which report each problem with their own code.
 */
export class DocumentText {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The chunk as text, or the problem that stops the document. */
  next(chunk: Uint8Array | string): string | TextProblem {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
      this.bytes += Buffer.byteLength(chunk);
    } else {
      this.bytes += chunk.byteLength;
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch {
        return { kind: 'encoding' };
      }
    }
    return this.bytes > this.maxBytes ? { kind: 'size', limit: this.maxBytes } : text;
  }

  /** What the decoder held back at the end of the input (a split character), or the encoding problem. */
  end(): string | TextProblem {
    try {
      return this.decoder.decode();
    } catch {
      return { kind: 'encoding' };
    }
  }
}
