/**
 * Bounds on what a hostile or unlucky invocation can cost: worker threads, streams without record
 * boundaries, and a reader that closes the pipe early.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';

const MiB = 1024 * 1024;

describe('--workers', () => {
  it.each(['17', '1000', '-1', '2.5', 'many'])('refuses %s as a usage error (exit 2)', async (value) => {
    const run = await runCli(['validate', '--workers', value, 'docs/samples/shipments.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers must be a whole number from 0 to 16/);
  });
});

describe('a stream without record boundaries (/dev/zero)', () => {
  it.each([
    ['as a file', ['/dev/zero']],
    ['as NDJSON', ['--input-format', 'ndjson', '/dev/zero']],
    ['as CSV', ['--input-format', 'csv', '/dev/zero']],
    ['as NDJSON on worker threads', ['--workers', '1', '--input-format', 'ndjson', '/dev/zero']],
  ])('%s ends with one RECORD_TOO_LARGE record, in bounded memory', async (_what, args) => {
    const run = await runCli(['validate', '--format', 'json', '--max-record-bytes', String(MiB), ...args], {
      measureRss: true,
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ records: 1, invalid: 1 });
    expect(report.results[0].issues[0].code).toMatch(/^(RECORD_TOO_LARGE|CSV_ROW_TOO_LARGE)$/);
    expect(run.maxRssBytes).toBeLessThan(400 * MiB);
  });

  it('on stdin too', async () => {
    const run = await runCli(['validate', '--format', 'ndjson', '--max-record-bytes', String(MiB), '-'], {
      stdinFile: '/dev/zero',
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).issues[0].code).toBe('RECORD_TOO_LARGE');
  });
});

describe('a reader that stops early (validate | head)', () => {
  it('exits 0 without a word on stderr', async () => {
    const samples = Array.from({ length: 40 }, () => 'docs/samples');
    const child = spawn(
      process.execPath,
      [join(repositoryRoot, 'packages/cli/bin/medsupply.js'), 'validate', '--format', 'ndjson', ...samples],
      { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // Read one chunk, then close the pipe as `head -c` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr.replace(/medsupply: skipped .*\n/g, '')).toBe('');
  });
});
