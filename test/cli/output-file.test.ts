/**
 * `-o FILE` never destroys data: output goes to a temporary file renamed over FILE on success, an
 * input is never also the output, and a run that fails leaves FILE as it was.
 */
import {
  linkSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'medsupply-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = readFileSync('docs/samples/district-reports.ndjson');
const input = join(dir, 'feed.ndjson');
const previous = join(dir, 'previous-report.json');

beforeEach(() => {
  writeFileSync(input, SAMPLE);
  writeFileSync(previous, 'the previous report\n');
});

/** Every command that takes -o, with its input and its output file. */
const commands: Array<[string, (output: string, inputs?: string[]) => string[]]> = [
  ['validate', (o, i = [input]) => ['validate', ...i, '-o', o]],
  ['convert', (o, i = [input]) => ['convert', '--from', 'canonical', '--to', 'fhir-r4', ...i, '-o', o]],
];

describe.each(commands)('%s -o', (_name, args) => {
  it('refuses an output that is the input, and leaves the input whole (exit 2)', async () => {
    const run = await runCli(args(input));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is also an input/);
    expect(readFileSync(input)).toEqual(SAMPLE);
  });

  it('refuses an output that is the input through a symbolic or a hard link', async () => {
    const soft = join(dir, `soft-${_name}.ndjson`);
    const hard = join(dir, `hard-${_name}.ndjson`);
    rmSync(soft, { force: true });
    rmSync(hard, { force: true });
    symlinkSync(input, soft);
    linkSync(input, hard);
    for (const output of [soft, hard]) {
      const run = await runCli(args(output));
      expect(run.code).toBe(2);
      expect(readFileSync(input)).toEqual(SAMPLE);
    }
  });

  it('refuses an output that is the file redirected to stdin', async () => {
    const run = await runCli(args(input, ['-']), { stdinFile: input });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stdin/);
    expect(readFileSync(input)).toEqual(SAMPLE);
  });

  it('leaves an existing output untouched when an input is missing (exit 2)', async () => {
    const run = await runCli(args(previous, [join(dir, 'missing.ndjson')]));
    expect(run.code).toBe(2);
    expect(readFileSync(previous, 'utf8')).toBe('the previous report\n');
    expect(run.stderr).toMatch(/was not written/);
  });

  it('replaces the output only on success, and leaves no temporary file behind', async () => {
    const run = await runCli(args(previous));
    expect(run.code).toBe(1); // the sample has invalid records on purpose
    expect(readFileSync(previous, 'utf8')).not.toBe('the previous report\n');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says clearly that an output it cannot create cannot be written (exit 2, no stack trace)', async () => {
    for (const output of [join(input, 'report.json'), dir, join(dir, 'no-such-folder', 'report.json')]) {
      const run = await runCli(args(output));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^medsupply: cannot write to .+: (not a directory|is a directory|no such file or directory)\n$/,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
