/**
 * The playground against the CLI, in headless Chromium on the built site: for a spread of documents
 * (valid and invalid, releases 1.0.0 and 1.1.0, JSON, NDJSON and CSV) a `#doc=` link shows the verdict,
 * codes, severities and pointers of `medsupply validate --format json`; converting to FHIR R4/R5 and
 * EPCIS JSON-LD gives the text and the issues of `medsupply convert`, and so does the way back to
 * canonical. Also measures the first verdict (navigation start → verdict shown) and the JavaScript
 * the page loads, printed and kept in .artifacts/site/playground-figures.json; neither is a timed
 * assertion.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { ARTEFACTS, SAMPLES, type Site, base64url, open, startSite, verdictOf } from './harness.js';

let site: Site;

beforeAll(async () => {
  site = await startSite();
}, 240_000);

afterAll(async () => {
  await site?.close();
});

/** One issue as both sides can say it: line, record (1-based, as the CLI prints), severity, code, pointer, message. */
type Row = string;

/** The issues of a playground table, as rows. */
async function tableRows(page: Page, table: 'issues' | 'conversion-issues'): Promise<Row[]> {
  return page.locator(`[data-test=${table}] tbody tr`).evaluateAll((rows) =>
    rows.map((row) => {
      const record = row.getAttribute('data-record');
      const cells = (row as HTMLTableRowElement).cells;
      return [
        row.getAttribute('data-line') ?? '',
        record === null ? '' : String(Number(record) + 1),
        cells[1]?.textContent?.trim(),
        row.getAttribute('data-code'),
        row.getAttribute('data-pointer') || '/',
        cells[4]?.textContent?.trim(),
      ].join(' | ');
    }),
  );
}

/** `medsupply validate --format json`: the verdict and the issues as rows (no lines: the table has none). */
async function cliVerdict(file: string): Promise<{ verdict: string; rows: Row[] }> {
  const run = await runCli(['validate', '--format', 'json', file]);
  expect(run.code, run.stderr).toBeLessThan(2);
  const report = JSON.parse(run.stdout) as {
    summary: { invalid: number };
    results: { index: number; issues: { severity: string; code: string; path: string; message: string }[] }[];
  };
  return {
    verdict: report.summary.invalid === 0 ? 'valid' : 'invalid',
    rows: report.results.flatMap((result) =>
      result.issues.map((found) =>
        ['', result.index + 1, found.severity, found.code, found.path || '/', found.message].join(' | '),
      ),
    ),
  };
}

/** `medsupply convert`: the output, the issue rows of stderr, and its closing count. */
async function cliConvert(from: string, to: string, file: string) {
  const run = await runCli(['convert', '--from', from, '--to', to, file]);
  expect(run.code, run.stderr).toBeLessThan(2);
  const lines = run.stderr.trimEnd().split('\n');
  const count = lines.pop() ?? '';
  const rows = lines.map((line) => {
    const at = line.startsWith(file) ? line.slice(file.length) : line;
    const match = /^(?::(\d+))?(?: record (\d+))?: (error|warning|info) (\S+) (\S+) (.*)$/.exec(at);
    expect(match, line).not.toBeNull();
    const [, lineNumber = '', record = '', severity, code, path, message] = match!;
    return [lineNumber, record, severity, code, path, message].join(' | ');
  });
  return { text: run.stdout, rows, count };
}

/** The playground's rows without lines, for comparison with `validate --format json`, which has none. */
const withoutLines = (rows: Row[]) => rows.map((row) => row.replace(/^[^|]*\|/, ' |'));

/** Opens `text` as a `#doc=` link in the page (a new page when none) and waits for its verdict. */
async function openShared(page: Page | undefined, text: string): Promise<{ page: Page; errors: string[] }> {
  const hash = `doc=${base64url(text)}`;
  if (page === undefined) {
    const opened = await open(site, `/playground/#${hash}`);
    await verdictOf(opened.page);
    return opened;
  }
  const verdict = page.locator('[data-test=verdict]');
  const before = Number(await verdict.getAttribute('data-runs'));
  await page.evaluate((value) => {
    location.hash = value;
  }, hash);
  await expect
    .poll(async () => Number(await verdict.getAttribute('data-runs')), { timeout: 30_000 })
    .toBeGreaterThan(before);
  return { page, errors: [] };
}

/** Converts the editor's document in the page and waits for the result. */
async function convertIn(page: Page, button: 'convert' | 'back', to: string): Promise<string> {
  const state = page.locator('[data-test=conversion]');
  await page.locator(`[data-test=${button}]`).click();
  await expect
    .poll(async () => `${await state.getAttribute('data-state')} ${await state.getAttribute('data-to')}`, {
      timeout: 30_000,
    })
    .toMatch(new RegExp(`^(done ${to}|error .*)$`));
  expect(await state.getAttribute('data-state'), (await state.textContent()) ?? '').toBe('done');
  // What the user downloads is what the page converted.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test=download]').click(),
  ]);
  return readFileSync(await download.path(), 'utf8');
}

/** Every bundled sample the playground offers, and documents of release 1.1.0 made from them. */
function fixtures(): { name: string; file: string }[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(json|ndjson|csv)$/.test(entry.name)) files.push(path);
    }
  };
  walk(SAMPLES);
  return files.sort().map((file) => ({ name: relative(SAMPLES, file), file }));
}

describe('the playground, measured', () => {
  it('gives its first verdict and reports how fast and how much JavaScript it loads', async () => {
    const runs: { firstVerdictMs: number; scriptsBeforeVerdict: number; gzipBeforeVerdict: number }[] = [];
    let everything = { files: 0, gzip: 0 };
    for (let attempt = 0; attempt < 3; attempt++) {
      const page = await site.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const scripts: { url: string; gzip: Promise<number> }[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script')
          scripts.push({
            url: response.url(),
            gzip: response.body().then(
              (body) => gzipSync(body).length,
              () => 0,
            ),
          });
      });
      // No HTTP cache between runs: every run loads the page as a first visit does.
      const session = await site.context.newCDPSession(page);
      await session.send('Network.setCacheDisabled', { cacheDisabled: true });
      await page.goto(`${site.base}/playground/`);
      expect(await verdictOf(page)).toBe('valid'); // opens on the first JSON sample
      const firstVerdictMs = Number(
        await page.locator('[data-test=verdict]').getAttribute('data-first-verdict-ms'),
      );
      // Scripts that finished loading before the verdict was shown.
      const before = await page.evaluate(
        (at) =>
          performance
            .getEntriesByType('resource')
            .filter(
              (entry) => entry.name.endsWith('.js') && (entry as PerformanceResourceTiming).responseEnd <= at,
            )
            .map((entry) => entry.name),
        firstVerdictMs,
      );
      const sizes = await Promise.all(
        scripts.map(async (script) => ({ ...script, gzip: await script.gzip })),
      );
      runs.push({
        firstVerdictMs,
        scriptsBeforeVerdict: before.length,
        gzipBeforeVerdict: sizes.filter((s) => before.includes(s.url)).reduce((sum, s) => sum + s.gzip, 0),
      });
      if (attempt === 0) {
        // Everything the page can load: the editor, every compiled schema, the CSV reader, the converters.
        await expect
          .poll(() => page.locator('[data-test=editor]').getAttribute('data-offline-ready'), {
            timeout: 30_000,
          })
          .toBe('true');
        const all = await Promise.all(scripts.map((script) => script.gzip));
        everything = { files: all.length, gzip: all.reduce((sum, size) => sum + size, 0) };
        await page.screenshot({ path: join(ARTEFACTS, 'playground-valid.png'), fullPage: true });
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    // A shared link: the document and its schema are known only from the address, not from the HTML.
    const link = await site.context.newPage();
    const linkSession = await site.context.newCDPSession(link);
    await linkSession.send('Network.setCacheDisabled', { cacheDisabled: true });
    await link.goto(
      `${site.base}/playground/#doc=${base64url(readFileSync(join(SAMPLES, 'shipments.json'), 'utf8'))}`,
    );
    expect(await verdictOf(link)).toBe('invalid');
    const linkVerdictMs = Number(
      await link.locator('[data-test=verdict]').getAttribute('data-first-verdict-ms'),
    );
    await link.close();
    const times = runs.map((run) => run.firstVerdictMs).sort((a, b) => a - b);
    const figures = {
      measuredAt: new Date().toISOString(),
      loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
      firstVerdictMs: { runs: runs.map((run) => run.firstVerdictMs), median: times[1] },
      firstVerdictOfSharedShipmentsLinkMs: linkVerdictMs,
      javascriptBeforeFirstVerdict: {
        files: runs[0]!.scriptsBeforeVerdict,
        gzipKiB: Math.round(runs[0]!.gzipBeforeVerdict / 1024),
      },
      javascriptOfflineReady: { files: everything.files, gzipKiB: Math.round(everything.gzip / 1024) },
    };
    writeFileSync(join(ARTEFACTS, 'playground-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(
      `playground: first verdict ${figures.firstVerdictMs.runs.join(' / ')} ms after navigation start ` +
        `(median ${figures.firstVerdictMs.median} ms, load ${figures.loadAverage[0]}; a #doc= link of shipments.json ${linkVerdictMs} ms); JavaScript before it ` +
        `${figures.javascriptBeforeFirstVerdict.gzipKiB} KiB gzipped in ${figures.javascriptBeforeFirstVerdict.files} files, ` +
        `all of it with converters and every schema ${figures.javascriptOfflineReady.gzipKiB} KiB in ${figures.javascriptOfflineReady.files} files`,
    );
    // The issue's budget for the playground's JavaScript.
    expect(everything.gzip).toBeGreaterThan(0);
    expect(everything.gzip).toBeLessThan(1.5 * 1024 * 1024);
  }, 180_000);
});

describe('the playground gives the verdict of medsupply validate', () => {
  it('for every bundled sample, documents of release 1.1.0 made from them, and broken variants, opened as #doc= links', async () => {
    const cases = fixtures().map(({ name, file }) => ({ name, file, text: readFileSync(file, 'utf8') }));
    // Release 1.1.0: the samples migrated by the CLI (valid ones only), then broken on purpose.
    const migrated = join(site.scratch, 'migrated-1.1.0.ndjson');
    const migration = await runCli([
      'migrate',
      '--to',
      '1.1.0',
      '-o',
      migrated,
      join(SAMPLES, 'national-warehouse-snapshot.json'),
      join(SAMPLES, 'shipments.json'),
      join(SAMPLES, 'district-reports.ndjson'),
    ]);
    expect(migration.code, migration.stderr).toBeLessThan(2);
    const lines = readFileSync(migrated, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(JSON.parse(lines[0]!).schemaVersion).toBe('1.1.0');
    const broken = lines.map((line, index) => {
      const document = JSON.parse(line);
      if (index % 3 === 0) document.createdAt = '2025-02-30T10:00:00Z'; // no such day
      if (index % 3 === 1) delete document.sender;
      if (index % 3 === 2) document.documentStatus = 'draft';
      return JSON.stringify(document);
    });
    cases.push(
      { name: '1.1.0 documents (NDJSON)', file: 'migrated.ndjson', text: `${lines.join('\n')}\n` },
      { name: '1.1.0 documents as a JSON array', file: 'migrated.json', text: `[${lines.join(',\n')}]\n` },
      { name: 'broken 1.1.0 documents', file: 'broken.ndjson', text: `${broken.join('\n')}\n` },
      {
        name: 'a CSV template with a bad row',
        file: 'bad-row.csv',
        text: readFileSync(join(SAMPLES, 'csv', 'stock-report.csv'), 'utf8').replace(
          /,120,\{pack\},/,
          ',-5,{pakc},',
        ),
      },
      {
        name: 'NDJSON with an unreadable line',
        file: 'unreadable.ndjson',
        text: `${lines[0]}\n{"schemaVersion": \n${lines[1]}\n`,
      },
    );
    let page: Page | undefined;
    let errors: string[] = [];
    const mismatches: string[] = [];
    for (const fixture of cases) {
      const file = join(site.scratch, fixture.name.replace(/[^\w.-]+/g, '_'));
      const path = `${file}${fixture.file.slice(fixture.file.lastIndexOf('.'))}`;
      writeFileSync(path, fixture.text);
      const expected = await cliVerdict(path);
      if (page === undefined) ({ page, errors } = await openShared(undefined, fixture.text));
      else await openShared(page, fixture.text);
      const verdict = await page.locator('[data-test=verdict]').getAttribute('data-verdict');
      const rows = withoutLines(await tableRows(page, 'issues'));
      if (verdict !== expected.verdict || JSON.stringify(rows) !== JSON.stringify(expected.rows))
        mismatches.push(
          `${fixture.name}: ${verdict} ${JSON.stringify(rows)} ≠ ${expected.verdict} ${JSON.stringify(expected.rows)}`,
        );
      if (fixture.name.startsWith('broken'))
        await page.screenshot({ path: join(ARTEFACTS, 'playground-broken-1.1.0.png'), fullPage: true });
    }
    expect(mismatches).toEqual([]);
    expect(cases.length).toBeGreaterThan(15);
    expect(errors).toEqual([]);
    await page?.close();
  }, 600_000);
});

describe('the playground converts as medsupply convert does', () => {
  const conversions: [string, 'fhir-r4' | 'fhir-r5' | 'epcis-json'][] = [
    ['national-warehouse-snapshot.json', 'fhir-r4'],
    ['national-warehouse-snapshot.json', 'fhir-r5'],
    ['shipments.json', 'fhir-r5'],
    ['shipments.json', 'epcis-json'],
    ['district-reports.ndjson', 'fhir-r4'],
    ['csv/capacity-report.csv', 'fhir-r5'],
    ['csv/shortage-notice.csv', 'fhir-r4'],
    ['csv/demand-forecast.csv', 'fhir-r5'],
    ['csv/shipment.csv', 'epcis-json'],
  ];
  // EPCIS documents carry the time they were made; everything else must be equal to the byte.
  const timeless = (text: string) => text.replace(/"creationDate": "[^"]+"/, '"creationDate": "…"');

  it.each(conversions)(
    '%s to %s, and back to canonical',
    async (sample, target) => {
      const input = join(SAMPLES, sample);
      const { page, errors } = await openShared(undefined, readFileSync(input, 'utf8'));
      await page.locator('[data-test=target]').selectOption(target);
      const converted = await convertIn(page, 'convert', target);
      const cli = await cliConvert('canonical', target, input);
      expect(cli.text.length).toBeGreaterThan(0);
      // The shipments sample has invalid records: their issues must be listed, not merely equal to none.
      if (sample === 'shipments.json') expect(cli.rows.length).toBeGreaterThan(0);
      expect(timeless(converted)).toBe(timeless(cli.text));
      expect(await tableRows(page, 'conversion-issues')).toEqual(cli.rows);
      expect(await page.locator('[data-test=conversion]').textContent()).toContain(cli.count);

      // The way back, from the page's own output, which the CLI reads from a file.
      const output = join(site.scratch, `${sample.replace(/\W+/g, '_')}.${target}.json`);
      writeFileSync(output, converted);
      const back = await convertIn(page, 'back', 'canonical');
      const cliBack = await cliConvert(target, 'canonical', output);
      expect(back).toBe(cliBack.text);
      expect(back.trimEnd().split('\n').length).toBeGreaterThan(0);
      expect(await tableRows(page, 'conversion-issues')).toEqual(cliBack.rows);
      expect(await page.locator('[data-test=conversion]').textContent()).toContain(cliBack.count);
      if (sample === 'shipments.json')
        await page.screenshot({
          path: join(ARTEFACTS, `playground-${target}-round-trip.png`),
          fullPage: true,
        });
      expect(errors).toEqual([]);
      await page.close();
    },
    120_000,
  );
});
