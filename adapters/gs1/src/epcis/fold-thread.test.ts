import { readFileSync } from 'node:fs';
import type { Issue } from '@medsupply/validators';
import { describe, expect, it } from 'vitest';
import { type FoldAnswer, type FoldRequest, FoldThreadSide } from './fold-protocol.js';
import { EpcisFoldThread, type FoldTransport } from './fold-thread.js';
import { EpcisShipmentFolder, type InputPosition } from './fold.js';
import { EpcisXmlReader } from './xml/reader.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/epcis/${name}`, import.meta.url));

type Output = string | { found: Issue; at: InputPosition };

/** The fold on this thread, as the CLI has always run it. */
function foldHere(bytes: Uint8Array): { out: Output[]; summary: unknown } {
  const out: Output[] = [];
  const folder = new EpcisShipmentFolder({
    shipment: (shipment) => out.push(`${JSON.stringify(shipment)}\n`),
    issue: (found, at) => out.push({ found, at }),
  });
  const reader = new EpcisXmlReader((item) => folder.add(item));
  for (let i = 0; i < bytes.length; i += 1024) reader.write(bytes.subarray(i, i + 1024));
  reader.end();
  return { out, summary: folder.finish() };
}

async function foldThere(
  bytes: Uint8Array,
  transport?: FoldTransport,
): Promise<{ out: Output[]; summary: unknown }> {
  const out: Output[] = [];
  const fold = new EpcisFoldThread(
    { line: (text) => out.push(text), issue: (found, at) => out.push({ found, at }) },
    transport === undefined ? {} : { transport },
  );
  const reader = new EpcisXmlReader((item) => fold.add(item));
  for (let i = 0; i < bytes.length; i += 1024) {
    reader.write(bytes.subarray(i, i + 1024));
    await fold.drain();
  }
  reader.end();
  return { out, summary: await fold.finish() };
}

/** A transport that answers only when told, to see `drain` wait. */
function heldTransport(): FoldTransport & { release(): void; posted: number } {
  const side = new FoldThreadSide();
  const held: FoldAnswer[] = [];
  let onAnswer: ((answer: FoldAnswer) => void) | undefined;
  return {
    posted: 0,
    post(request: FoldRequest) {
      this.posted++;
      held.push(side.handle(structuredClone(request)));
    },
    listen(answer) {
      onAnswer = answer;
    },
    release() {
      for (const answer of held.splice(0)) onAnswer?.(answer);
    },
    async close() {},
  };
}

describe('EpcisFoldThread', () => {
  it('gives on a worker thread the Shipment lines, issues and counts of the fold on this thread', async () => {
    // The built adapter runs in the thread: `pnpm build` comes before the tests.
    const bytes = fixture('flows/dscsa-po-flow.xml');
    const here = foldHere(bytes);
    const there = await foldThere(bytes);
    expect(there).toEqual(here);
    expect(here.out.some((output) => typeof output === 'string')).toBe(true);
  });

  it('gives the same for a document whose events fail, with their issues in order', async () => {
    const bytes = fixture('invalid/action-create.xml');
    const here = foldHere(bytes);
    expect(here.out.some((output) => typeof output !== 'string' && output.found.severity === 'error')).toBe(
      true,
    );
    expect(await foldThere(bytes)).toEqual(here);
  });

  it('waits in drain while more batches than allowed are unanswered, so memory stays bounded', async () => {
    const transport = heldTransport();
    const fold = new EpcisFoldThread(
      { line: () => {}, issue: () => {} },
      { transport, maxBatchesInFlight: 1 },
    );
    const reader = new EpcisXmlReader((item) => fold.add(item));
    const bytes = fixture('flows/dscsa-po-flow.xml');
    reader.write(bytes.subarray(0, bytes.length >> 1));
    await fold.drain();
    reader.write(bytes.subarray(bytes.length >> 1));
    let drained = false;
    const second = fold.drain().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.posted).toBe(2);
    expect(drained).toBe(false);
    transport.release();
    await second;
    expect(drained).toBe(true);
  });

  it('fails finish with the error of the fold, and stops the thread', async () => {
    let closed = false;
    let onAnswer: ((answer: FoldAnswer) => void) | undefined;
    const transport: FoldTransport = {
      post: () => setImmediate(() => onAnswer?.({ out: [], error: 'Error: broken mapper' })),
      listen(answer) {
        onAnswer = answer;
      },
      async close() {
        closed = true;
      },
    };
    const fold = new EpcisFoldThread({ line: () => {}, issue: () => {} }, { transport });
    await expect(fold.finish()).rejects.toThrow(/EPCIS fold failed: Error: broken mapper/);
    expect(closed).toBe(true);
  });
});

describe('FoldThreadSide', () => {
  it('sends events as JSON text and gives them back to the folder as they were', () => {
    const side = new FoldThreadSide();
    const answer = side.handle({
      items: [{ kind: 'header', header: { documentType: 'EPCISDocument', namespaces: [] } }],
      events: '[]',
      finish: true,
    });
    expect(answer.summary).toEqual({ records: 0, converted: 0, failed: 0 });
    expect(answer.out).toEqual([
      { found: expect.objectContaining({ code: 'EPCIS_NO_EVENTS', severity: 'error' }), at: {} },
    ]);
  });
});
