/**
 * Keeps docs/guides/csv-templates.md true: its tables list exactly the template columns, and its
 * sample tables say what validating docs/samples/csv/*.csv really reports.
 */
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateRecords } from '../../engine/validate-stream.js';
import { createValidator } from '../../engine/validator.js';
import { csvTemplates, readCsvRecords } from './index.js';

const repository = new URL('../../../../', import.meta.url);
const guide = readFileSync(new URL('docs/guides/csv-templates.md', repository), 'utf8');
const samples = new URL('docs/samples/csv/', repository);

/** The table rows under a `### title` heading, as cells (pipes escaped as `\|` stay in their cell). */
function tableUnder(title: string): string[][] {
  const start = guide.indexOf(`\n### ${title}\n`);
  if (start === -1) return [];
  const end = guide.indexOf('\n#', start + 5);
  return guide
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| column') && !line.startsWith('| record'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.replace(/\\\|/g, '|')),
    );
}

describe('the CSV guide', () => {
  const envelope = tableUnder('Envelope columns (every template)').map(([name]) => name!.replace(/`/g, ''));

  for (const template of csvTemplates.values()) {
    it(`lists every ${template.documentType} column, in template order`, () => {
      const own = tableUnder(template.documentType).map(([name]) => name!.replace(/`/g, ''));
      expect([...envelope, ...own]).toEqual(template.columns.map((c) => c.name));
    });
  }

  it('describes every sample file', () => {
    const files = readdirSync(samples).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBe(csvTemplates.size);
    for (const file of files) expect(tableUnder(file).length, file).toBeGreaterThan(0);
  });
});

describe('the CSV samples', async () => {
  const validator = await createValidator();
  for (const file of readdirSync(samples).filter((f) => f.endsWith('.csv'))) {
    it(`${file} validates as the guide says`, async () => {
      const expected = tableUnder(file).map(([line, verdict, issues]) => ({
        line: Number(line),
        valid: verdict === 'valid',
        errors: [...issues!.matchAll(/`([A-Z0-9_]+)` at line (\d+)(?:, column (\w+))?/g)].map(
          ([, code, at, column]) => (column === undefined ? [code, Number(at)] : [code, Number(at), column]),
        ),
      }));
      const actual = [];
      const records = readCsvRecords(createReadStream(new URL(file, samples)), { source: file });
      for await (const result of validateRecords(records, validator)) {
        actual.push({
          line: result.line,
          valid: result.valid,
          errors: result.issues
            .filter((i) => i.severity === 'error')
            .map((i) =>
              i.params?.column === undefined
                ? [i.code, i.params?.line]
                : [i.code, i.params.line, i.params.column],
            ),
        });
      }
      expect(actual).toEqual(expected);
    });
  }
});
