/**
 * The dashboard opened in a real headless Chromium (Debian's `chromium`, installed in CI by
 * scripts/ci/chromium.sh), from disk, as a ministry would open it: no console errors, no request
 * leaves the page, every chart is drawn, and a filter changes what is shown. A screenshot is kept as
 * a test artefact in .artifacts/ (MEDSUPPLY_ARTIFACTS).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { computeMetrics } from '@medsupply/metrics';
import { renderDashboard } from '@medsupply/metrics/dashboard';
import { createValidator, readRecords } from '@medsupply/validators';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const CHROMIUM = process.env.MEDSUPPLY_CHROMIUM ?? '/usr/bin/chromium';
const SAMPLE = join(repositoryRoot, 'docs', 'samples', 'metrics', 'district-supply-2025.ndjson');
const artefacts = resolve(repositoryRoot, process.env.MEDSUPPLY_ARTIFACTS ?? '.artifacts');
const dir = mkdtempSync(join(tmpdir(), 'medsupply-dashboard-'));
let browser: BrowserContext;
let file: string;

async function* validDocuments() {
  const validator = await createValidator();
  for await (const record of readRecords(createReadStream(SAMPLE), { source: SAMPLE })) {
    if (record.value !== undefined && validator.validate(record.value).valid) yield record.value;
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (scripts/ci/chromium.sh) or set MEDSUPPLY_CHROMIUM`,
    );
  const result = await computeMetrics(validDocuments(), { asOf: '2025-06-30' });
  file = join(dir, 'dashboard.html');
  writeFileSync(file, renderDashboard(result, { title: 'Sample district supply, 2025' }));
  // A fresh profile each run (playwright passes it to Chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    viewport: { width: 1400, height: 1700 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard in headless Chromium', () => {
  it('renders every chart from disk without console errors or any network request, and filters change what is shown', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-rendered]');
    // Drawn marks: axes, lines, bars, boxes; the shortage timeline has one bar per notice and product.
    for (const id of ['chart-mos', 'chart-stockouts', 'chart-leadtime', 'chart-hhi', 'chart-shortages']) {
      const marks = await page.locator(`#${id} svg path`).count();
      expect(marks, id).toBeGreaterThan(2);
      expect(await page.locator(`#${id} svg`).textContent(), id).not.toMatch(/^No /);
    }
    const before = await page.locator('#values-body tr').count();
    const seriesBefore = await page.locator('#chart-mos svg path').count();
    expect(before).toBeGreaterThan(50);
    await page.selectOption('#filter-location', { index: 1 });
    await page.waitForFunction((n) => document.querySelectorAll('#values-body tr').length !== n, before);
    const after = await page.locator('#values-body tr').count();
    expect(after).toBeLessThan(before);
    expect(await page.locator('#chart-mos svg path').count()).toBeLessThan(seriesBefore);
    await page.selectOption('#filter-location', { index: 0 });
    await page.selectOption('#filter-product', { index: 1 });
    await page.waitForFunction((n) => document.querySelectorAll('#values-body tr').length !== n, before);
    // Every value lists the documents it came from.
    const docs = await page.locator('#values-body td.docs').allTextContents();
    expect(docs.every((d) => /^[0-9a-f-]{36}( [0-9a-f-]{36})*$/.test(d))).toBe(true);
    await page.selectOption('#filter-product', { index: 0 });
    mkdirSync(artefacts, { recursive: true });
    await page.screenshot({ path: join(artefacts, 'dashboard.png'), fullPage: false });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);
});
