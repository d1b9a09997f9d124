/** The GS1 guide's first example, typed as written: `<GS>` is the group separator, not lot data. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('medsupply gs1 parse, as docs/guides/gs1-barcodes.md writes it', () => {
  it('reads <GS> in the first example as the separator and says so', async () => {
    const guide = readFileSync('docs/guides/gs1-barcodes.md', 'utf8');
    const example = /medsupply gs1 parse '(\][^']*<GS>[^']*)'/.exec(guide)?.[1];
    expect(example).toBeDefined();
    const run = await runCli(['gs1', 'parse', example!]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.ais).toContainEqual({ ai: '10', value: 'ABC123' });
    expect(result.ais).toContainEqual({ ai: '21', value: 'XYZ987' });
    expect(result.issues.map((i: { code: string }) => i.code)).toEqual(['GS1_GS_WRITTEN_OUT']);
  });
});
