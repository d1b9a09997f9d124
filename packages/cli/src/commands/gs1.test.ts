import { PassThrough, Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../exit-codes.js';
import { main } from '../main.js';
import { readLines, runGs1Parse } from './gs1.js';

const defaults = { syntax: 'auto', requisites: true, maxLength: '8191' };

/** Runs `gs1 parse` over in-memory streams and returns the JSON lines printed. */
async function run(
  inputs: string[],
  stdin = '',
  options: Partial<typeof defaults> & Record<string, unknown> = {},
) {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const failed = await runGs1Parse(
    inputs,
    { ...defaults, ...options },
    { stdin: Readable.from([Buffer.from(stdin)]), stdout },
  );
  const lines = chunks.join('').split('\n').filter(Boolean);
  return { failed, results: lines.map((l) => JSON.parse(l)) };
}

describe('medsupply gs1 parse', () => {
  it('prints one JSON object per argument, with AIs and the Digital Link URI', async () => {
    const { failed, results } = await run([']d201095060001343521726123110ABC123\u001d21XYZ987']);
    expect(failed).toBe(0);
    expect(results).toEqual([
      {
        input: ']d201095060001343521726123110ABC123\u001d21XYZ987',
        valid: true,
        syntax: 'scan',
        symbologyId: ']d2',
        ais: [
          { ai: '01', value: '09506000134352' },
          { ai: '17', value: '261231' },
          { ai: '10', value: 'ABC123' },
          { ai: '21', value: 'XYZ987' },
        ],
        digitalLink: 'https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ987?17=261231',
        issues: [],
      },
    ]);
  });

  it('reads a Digital Link URI into AIs', async () => {
    const { results } = await run(['https://example.com/01/09506000134352/10/L1?17=261231']);
    expect(results[0].ais).toEqual([
      { ai: '01', value: '09506000134352' },
      { ai: '10', value: 'L1' },
      { ai: '17', value: '261231' },
    ]);
  });

  it('counts invalid inputs and reports where they fail', async () => {
    const { failed, results } = await run(['(01)09506000134353(17)261231', '(01)09506000134352(17)250229']);
    expect(failed).toBe(2);
    expect(results[0].issues[0]).toMatchObject({
      code: 'GS1_AI_CHECK_DIGIT',
      params: { ai: '01', position: 17 },
    });
    expect(results[1].issues[0]).toMatchObject({
      code: 'GS1_AI_DATE',
      params: { rule: 'ILLEGAL_DAY', position: 26 },
    });
    expect(results.map((r) => r.ais)).toEqual([[], []]);
  });

  it('reads stdin line by line, keeping empty lines and dropping CR of CRLF', async () => {
    const { results } = await run(['-'], '(01)09506000134352\r\n\n]Q1TESTING\nplain text');
    expect(results.map((r) => [r.input, r.valid, r.syntax])).toEqual([
      ['(01)09506000134352', true, 'bracketed'],
      ['', true, 'plain'],
      [']Q1TESTING', true, 'plain'],
      ['plain text', true, 'plain'],
    ]);
  });

  it('bounds the length of a stdin line and goes on with the next line', async () => {
    const { failed, results } = await run(['-'], `${'9'.repeat(100_000)}\n(01)09506000134352\n`, {
      maxLength: '64',
    });
    expect(failed).toBe(1);
    expect(results).toHaveLength(2);
    expect(results[0].input.length).toBeLessThanOrEqual(66);
    expect(results[0].issues[0].code).toBe('GS1_INPUT_TOO_LONG');
    expect(results[1].valid).toBe(true);
  });

  it('applies the parse options', async () => {
    const uri = 'https://example.com/01/9506000134352';
    expect((await run([uri])).failed).toBe(1);
    expect((await run([uri], '', { permitZeroSuppressedGtin: true })).failed).toBe(0);
    expect((await run(['(10)L1'], '', { requisites: false })).failed).toBe(0);
    expect((await run(['^0109506000134352'], '', { syntax: 'bracketed' })).failed).toBe(1);
  });

  it('rejects unknown syntaxes and a second stdin', async () => {
    await expect(run(['x'], '', { syntax: 'qr' })).rejects.toBeInstanceOf(UsageError);
    await expect(run(['x'], '', { syntax: 'toString' })).rejects.toBeInstanceOf(UsageError);
    await expect(run(['-', '-'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['x'], '', { maxLength: '0' })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('readLines', () => {
  it('splits lines across chunk boundaries and multi-byte characters', async () => {
    const stream = new PassThrough();
    const euro = Buffer.from('€');
    stream.write(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 1)]));
    stream.write(Buffer.concat([euro.subarray(1), Buffer.from('c\nd')]));
    stream.end();
    const lines = [];
    for await (const line of readLines(stream, 100)) lines.push(line.text);
    expect(lines).toEqual(['ab€c', 'd']);
  });
});

describe('medsupply gs1 parse through main()', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('exits 0 when every input is valid, 1 when one is invalid, 2 on usage errors', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await main(['gs1', 'parse', '(01)09506000134352(10)L1']);
    expect(process.exitCode ?? 0).toBe(0);
    expect(JSON.parse(out[0]!).valid).toBe(true);
    process.exitCode = undefined;
    await main(['gs1', 'parse', '(01)09506000134352(10)L1', '(10)L1']);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    await main(['gs1', 'parse', '--syntax', 'nope', 'x']);
    expect(process.exitCode).toBe(2);
  });
});
