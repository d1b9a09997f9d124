/**
 * Runs the built `medsupply` CLI in a child process, as integrators do (tests need `pnpm build` first).
 */
import { spawn } from 'node:child_process';
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

/** Runs `medsupply ...args`, optionally with stdin, and collects its output. */
export function runCli(
  args: string[],
  options: { stdin?: string | Buffer; measureRss?: boolean; cwd?: string } = {},
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
    const child = spawn(process.execPath, nodeArgs, {
      cwd: options.cwd ?? repositoryRoot,
      env: { ...process.env, NO_COLOR: '1' },
    });
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
    child.stdin.end(options.stdin ?? '');
  });
}
