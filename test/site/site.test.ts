/**
 * The built documentation site in real headless Chromium: pages render without console errors,
 * search finds field names, and the playground gives the verdict `medsupply validate` gives, for
 * samples and for `#doc=` links. Builds the site first when dist/site is missing. Screenshots go to
 * .artifacts/site/ (git-ignored).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';
import {
  ARTEFACTS,
  SAMPLES,
  SITE,
  type Site,
  base64url,
  cliIssues,
  open as openPage,
  shownIssues,
  startSite,
  verdictOf,
} from './harness.js';

let site: Site;
let base: string;
let context: Site['context'];
let profile: string;

const open = (path: string) => openPage(site, path);

beforeAll(async () => {
  site = await startSite();
  ({ base, context, scratch: profile } = site);
}, 240_000);

afterAll(async () => {
  await site?.close();
});

describe('the documentation site', () => {
  it.each([
    ['/', 'medsupply documentation'],
    ['/guides/csv-templates.html', 'CSV'],
    ['/reference/issue-codes.html', 'Issue codes'],
    ['/reference/schemas/1.0.0/', 'Schema reference'],
    ['/reference/schemas/1.0.0/stock-report.html', 'StockReport'],
    ['/reference/fhir-mapping.html', 'FHIR'],
    ['/changelog.html', 'Changelog'],
    ['/decisions/0002-validation-engine.html', 'alidation'],
  ])('renders %s with no console errors', async (path, heading) => {
    const { page, errors } = await open(path);
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 }).toContain(heading);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers every release folder of the schema reference in the release menu', async () => {
    const { page } = await open('/');
    const folders = readdirSync(join(repositoryRoot, 'docs', 'reference', 'schemas')).filter((name) =>
      /^\d+\.\d+\.\d+$/.test(name),
    );
    expect(folders.length).toBeGreaterThan(0);
    for (const version of folders) {
      await expect(
        page.locator(`.VPNavBar a[href="/reference/schemas/${version}/"]`).count(),
      ).resolves.toBeGreaterThan(0);
    }
    await page.close();
  });

  it('finds a field name with the built-in search', async () => {
    const { page, errors } = await open('/');
    await page.locator('.VPNavBarSearch button').first().click();
    await page.locator('input.search-input').fill('stockoutDays');
    const hits = page.locator('.VPLocalSearchBox .results a');
    // The field is defined in the StockReport reference and used in the CSV template guide.
    await expect
      .poll(() => hits.evaluateAll((links) => links.map((link) => link.getAttribute('href')).join(' ')), {
        timeout: 15_000,
      })
      .toMatch(/\/reference\/schemas\/1\.0\.0\/stock-report\.html/);
    await page.screenshot({ path: join(ARTEFACTS, 'search.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the playground', () => {
  it('lists the codes and pointers of the invalid sample records, as the CLI does', async () => {
    const { page, errors } = await open('/playground/');
    await verdictOf(page);
    await page.locator('[data-test=sample]').selectOption('shipments.json');
    await expect
      .poll(() => page.locator('[data-test=verdict]').getAttribute('data-verdict'), { timeout: 20_000 })
      .toBe('invalid');
    const shown = await shownIssues(page);
    expect(shown).toEqual(expect.arrayContaining(['3 ACCEPTANCE_MISMATCH /lines/0/quantityAccepted']));
    expect(shown).toEqual((await cliIssues(join(SAMPLES, 'shipments.json'))).issues);
    // Clicking an issue selects the place it points at in the editor (which loads after the first verdict).
    await expect
      .poll(() => page.locator('[data-test=editor]').getAttribute('data-editor-ready'), { timeout: 20_000 })
      .toBe('true');
    await page.locator('[data-test=issues] tbody tr').first().click();
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(JSON.parse(selected)).toMatchObject({ value: 580, unit: '{pack}' }); // lines/0/quantityAccepted
    await page.screenshot({ path: join(ARTEFACTS, 'playground-invalid.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks nothing of any other host, and keeps validating and converting offline once loaded', async () => {
    const { page, errors } = await open('/playground/');
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.reload();
    await verdictOf(page);
    await expect
      .poll(() => page.locator('[data-test=editor]').getAttribute('data-offline-ready'), { timeout: 20_000 })
      .toBe('true');
    await context.setOffline(true);
    try {
      // A Shipment array and a CSV template: a schema and a reader the first verdict did not use.
      for (const file of ['shipments.json', 'csv/shipment.csv']) {
        const text = readFileSync(join(SAMPLES, file), 'utf8');
        await page.evaluate(
          (hash) => {
            location.hash = hash;
          },
          `doc=${base64url(text)}`,
        );
        await expect
          .poll(() => shownIssues(page).then((shown) => shown.join('\n')), { timeout: 20_000 })
          .toBe((await cliIssues(join(SAMPLES, file))).issues.join('\n'));
      }
      // The converters were loaded after the first verdict too.
      await page.locator('[data-test=target]').selectOption('fhir-r4');
      await page.locator('[data-test=convert]').click();
      await expect
        .poll(() => page.locator('[data-test=conversion]').getAttribute('data-state'), { timeout: 20_000 })
        .toBe('done');
    } finally {
      await context.setOffline(false);
    }
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${base}/`))).toEqual([]);
    // Offline, only the theme's prefetch of other pages' modules (the sidebar's links) may fail.
    expect(failed.filter((url) => !url.startsWith(`${base}/assets/`))).toEqual([]);
    expect(errors.filter((text) => !text.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await page.close();
  });

  const shared: [string, string][] = [
    ['a JSON array of shipments', readFileSync(join(SAMPLES, 'shipments.json'), 'utf8')],
    ['an NDJSON feed', readFileSync(join(SAMPLES, 'district-reports.ndjson'), 'utf8')],
    ['a CSV template', readFileSync(join(SAMPLES, 'csv', 'stock-report.csv'), 'utf8')],
    ['a document with a bad check digit, a bad unit and an unknown version', brokenDocument()],
    ['a truncated document', '{"schemaVersion": "1.0.0", "documentType": "StockReport", "lines": [1,'],
  ];
  it.each(shared)('opens a #doc= link of %s and shows the CLI verdict', async (name, text) => {
    const extension = name.includes('NDJSON') ? 'ndjson' : name.includes('CSV') ? 'csv' : 'json';
    const file = join(profile, `shared.${extension}`);
    writeFileSync(file, text);
    const expected = await cliIssues(file);
    if (name.includes('bad check digit'))
      expect(expected.issues.map((found) => found.split(' ')[1])).toEqual(
        expect.arrayContaining(['GS1_CHECK_DIGIT', 'UCUM_UNIT_INVALID', 'SCHEMA_VERSION_UNSUPPORTED']),
      );
    const { page, errors } = await open(`/playground/#doc=${base64url(text)}`);
    expect(await verdictOf(page)).toBe(expected.valid ? 'valid' : 'invalid');
    expect(await shownIssues(page)).toEqual(expected.issues);
    await page.screenshot({
      path: join(ARTEFACTS, `shared-${extension}-${shared.findIndex(([n]) => n === name)}.png`),
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The valid snapshot sample with a GTIN check digit changed, and a second record of an unknown release. */
function brokenDocument(): string {
  const snapshot = JSON.parse(readFileSync(join(SAMPLES, 'national-warehouse-snapshot.json'), 'utf8'));
  const text = JSON.stringify(snapshot, null, 2).replace(
    /("system": "https:\/\/www\.gs1\.org\/gtin",\s*"value": "\d+)(\d)"/,
    (_, head: string, digit: string) => `${head}${(Number(digit) + 1) % 10}"`,
  );
  if (!text.includes('gs1.org/gtin')) throw new Error('the snapshot sample has no GTIN to break');
  // Units beyond annotations go through ucum-lhc, which the page bundles: one valid, one not.
  const units = text
    .replace('"unit": "{dose}"', '"unit": "mL"')
    .replace('"unit": "{dose}"', '"unit": "mg/dosez"');
  return `[${units}, {"schemaVersion": "9.9.9", "documentType": "StockReport"}]`;
}

describe('the built playground page', () => {
  const html = () => readFileSync(join(SITE, 'playground', 'index.html'), 'utf8');

  it('preloads the engine, the schema index and the component', () => {
    const preloads = [...html().matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    for (const preload of preloads) expect(existsSync(join(SITE, preload))).toBe(true);
    const sources = preloads.map((preload) => readFileSync(join(SITE, preload), 'utf8'));
    expect(sources.some((source) => source.includes('no compiled schema module'))).toBe(true); // /standalone
    expect(
      sources.some((source) => source.includes('validateRecords') || source.includes('SCHEMA_VERSION')),
    ).toBe(true);
  });

  it('preloads the opening sample and its schema from the top of <head>, unless a #doc= link is opened', () => {
    const head = /<head>\s*<script>([^<]+)<\/script>/.exec(html());
    expect(head).not.toBeNull();
    expect(head![1]).toContain('doc=');
    const files = [...head![1]!.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(files.some((file) => /national-warehouse-snapshot\.[\w-]+\.js$/.test(file))).toBe(true);
    expect(files.some((file) => /StockReport\.[\w-]+\.js$/.test(file))).toBe(true);
    for (const file of files) expect(existsSync(join(SITE, file))).toBe(true);
  });
});
