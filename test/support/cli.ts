/**
 * Runs the built `medsupply` CLI in a child process, as integrators do (tests need `pnpm build` first).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './shared.js';

/** What a CLI run produced. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the child in bytes, when `measureRss` was asked for. */
  maxRssBytes?: number;
}

const BIN = join(repositoryRoot, 'packages', 'cli', 'bin', 'medsupply.js');
const RSS_MARK = '__medsupply_max_rss__=';

/**
 * Runs `medsupply ...args`, optionally with stdin (text, or `stdinFile` opened as the child's
 * descriptor 0, as a shell redirection does), and collects its output.
 */
export function runCli(
  args: string[],
  options: { stdin?: string | Buffer; stdinFile?: string; measureRss?: boolean; cwd?: string } = {},
): Promise<CliRun> {
  const nodeArgs = options.measureRss
    ? [
        '--import',
        `data:text/javascript,process.on('exit',()=>process.stderr.write('${RSS_MARK}'+process.resourceUsage().maxRSS*1024+'\\n'))`,
        BIN,
        ...args,
      ]
    : [BIN, ...args];
  return new Promise((resolve, reject) => {
    const stdinFd = options.stdinFile === undefined ? undefined : openSync(options.stdinFile, 'r');
    const child = spawn(process.execPath, nodeArgs, {
      cwd: options.cwd ?? repositoryRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
    });
    if (stdinFd !== undefined) closeSync(stdinFd);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      let stderr = Buffer.concat(err).toString('utf8');
      let maxRssBytes: number | undefined;
      const mark = stderr.lastIndexOf(RSS_MARK);
      if (mark !== -1) {
        maxRssBytes = Number(stderr.slice(mark + RSS_MARK.length).trim());
        stderr = stderr.slice(0, mark);
      }
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        ...(maxRssBytes === undefined ? {} : { maxRssBytes }),
      });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}
