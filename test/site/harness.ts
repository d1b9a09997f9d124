/**
 * What the browser tests share: the built site (dist/site, built first when missing) served on
 * 127.0.0.1, one headless Chromium (Debian's, through playwright-core) with a fresh profile, pages that
 * record console errors, and the playground's verdict and issue list read from the page. Screenshots
 * and figures go to .artifacts/site/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/shared.js';
import { serveStatic } from './static-server.js';

export const SITE = join(repositoryRoot, 'dist', 'site');
export const ARTEFACTS = join(repositoryRoot, '.artifacts', 'site');
export const SAMPLES = join(repositoryRoot, 'docs', 'samples');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A served site and a browser on it. */
export interface Site {
  base: string;
  context: BrowserContext;
  /** A temporary folder, removed by `close` (the browser profile lives in it too). */
  scratch: string;
  close(): Promise<void>;
}

/** Builds the site if needed, serves it and starts Chromium. */
export async function startSite(): Promise<Site> {
  if (!existsSync(join(SITE, 'index.html'))) {
    execFileSync(
      process.execPath,
      [join(repositoryRoot, 'node_modules', 'vitepress', 'bin', 'vitepress.js'), 'build', 'docs'],
      { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (scripts/ci/chromium.sh installs it)`);
  mkdirSync(ARTEFACTS, { recursive: true });
  const { server, url: base } = await serveStatic(SITE);
  const scratch = mkdtempSync(join(tmpdir(), 'medsupply-site-'));
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  return {
    base,
    context,
    scratch,
    async close() {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Opens a page that records console errors and uncaught exceptions. */
export async function open(site: Site, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await site.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(site.base + path);
  return { page, errors };
}

/** The issues a playground table lists: record index, code and pointer of each. */
export async function shownIssues(page: Page, table = 'issues'): Promise<string[]> {
  return page
    .locator(`[data-test=${table}] tbody tr`)
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${row.getAttribute('data-record')} ${row.getAttribute('data-code')} ${row.getAttribute('data-pointer')}`,
      ),
    );
}

/** The same list from `medsupply validate --format json` on a file. */
export async function cliIssues(file: string): Promise<{ valid: boolean; issues: string[] }> {
  const run = await runCli(['validate', '--format', 'json', file]);
  expect(run.code, run.stderr).toBeLessThan(2);
  const report = JSON.parse(run.stdout) as {
    summary: { invalid: number };
    results: { index: number; issues: { code: string; path: string }[] }[];
  };
  return {
    valid: report.summary.invalid === 0,
    issues: report.results.flatMap((result) =>
      result.issues.map((found) => `${result.index} ${found.code} ${found.path}`),
    ),
  };
}

/** Waits for the playground's verdict after the current run. */
export async function verdictOf(page: Page): Promise<string> {
  const verdict = page.locator('[data-test=verdict]');
  await expect
    .poll(() => verdict.getAttribute('data-verdict'), { timeout: 60_000 })
    .toMatch(/^(valid|invalid|error)$/);
  return (await verdict.getAttribute('data-verdict')) ?? '';
}

/** The text as a `#doc=` value: base64url of its UTF-8 bytes. */
export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
