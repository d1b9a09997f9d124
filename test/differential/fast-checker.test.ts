/**
 * Differential test of the schema engine: the generated fast checker (dist/standalone/<v>/<Type>.js,
 * export `check`) against a reference Ajv compiled here from the schemas with the options the engine
 * has always used (validators/scripts/ajv-options.mjs, without the explainer's own), on fast-check
 * mutations of every fixture. The verdicts must be equal on every case; where the checker rejects
 * (and the engine falls back to its standalone explainer, <Type>.ajv.js), the engine's whole result
 * (verdict, codes, JSON Pointers, messages) must equal that of an engine that runs the reference Ajv
 * alone, as before the checker, and the explainer's own verdict must be the reference's.
 *
 * DIFFERENTIAL_CASES (default 100 000) sets the total; DIFFERENTIAL_SEED replays a run (every failure
 * prints its seed and path; fast-check shrinks it to a small case first).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Validator, createValidator, formats } from '@medsupply/validators';
import type { CompiledSchema, SchemaSource } from '@medsupply/validators/browser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a build script without type declarations
import { AJV_OPTIONS } from '../../validators/scripts/ajv-options.mjs';
import { repositoryRoot } from '../support/shared.js';
import { type Step, ValuePool, mutate, stepsArbitrary } from './mutations.js';

const TOTAL = Number(process.env.DIFFERENTIAL_CASES ?? 100_000);
const SEED = Number(process.env.DIFFERENTIAL_SEED ?? Date.now() % 2 ** 31);
// A group of 20 000 cases takes 5-10 s on an idle 2-core machine; leave room for a loaded one.
const GROUP_TIMEOUT = Math.max(120_000, TOTAL * 1.5);
const ISSUES_EVERY = Number(process.env.DIFFERENTIAL_ISSUES_EVERY ?? 4);
const STANDALONE = join(repositoryRoot, 'validators', 'dist', 'standalone');
const FOLDERS: Record<string, string> = {
  'stock-report': 'StockReport',
  'capacity-report': 'CapacityReport',
  shipment: 'Shipment',
  'shortage-notice': 'ShortageNotice',
  'demand-forecast': 'DemandForecast',
};

type Check = (data: unknown) => boolean;
interface AjvValidate {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
interface Fixture {
  file: string;
  text: string;
  version: string;
  documentType: string;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    });
}

/** Every fixture, with the schema the engine would pick for it (its own version and type when known). */
function fixtures(): Fixture[] {
  const root = join(repositoryRoot, 'schemas', 'fixtures');
  return jsonFiles(root).map((file) => {
    const [version, folder] = file.slice(root.length + 1).split('/');
    const text = readFileSync(file, 'utf8');
    const document = JSON.parse(text);
    const versions = readdirSync(root);
    return {
      file: file.slice(root.length + 1),
      text,
      version: versions.includes(document.schemaVersion) ? document.schemaVersion : version!,
      documentType: Object.values(FOLDERS).includes(document.documentType)
        ? document.documentType
        : FOLDERS[folder!]!,
    };
  });
}

/**
 * The reference: Ajv compiled here from a release's schemas with the options the engine has always
 * validated with (not the explainer's), one validate function per document type.
 */
function referenceAjv(version: string): Map<string, AjvValidate> {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, formats });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  const root = join(repositoryRoot, 'schemas', version);
  for (const file of jsonFiles(root).filter((f) => f.endsWith('.schema.json')))
    ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')));
  const byType = new Map<string, AjvValidate>();
  for (const [folder, type] of Object.entries(FOLDERS)) {
    const validate = ajv.getSchema(`https://schemas.medsupply.org/${version}/${folder}.schema.json`);
    if (!validate) throw new Error(`no ${folder} schema in ${version}`);
    byType.set(type, validate as AjvValidate);
  }
  return byType;
}

/** The compiled schemas as before the checker: the reference Ajv only, under the engine's manifest. */
function referenceSource(): SchemaSource {
  const manifest = JSON.parse(readFileSync(join(STANDALONE, 'manifest.json'), 'utf8')) as {
    versions: Record<string, Record<string, string>>;
  };
  const modules = new Map<string, CompiledSchema>();
  for (const [version, types] of Object.entries(manifest.versions)) {
    const reference = referenceAjv(version);
    for (const [type, file] of Object.entries(types))
      modules.set(file, reference.get(type) as CompiledSchema);
  }
  return {
    manifest,
    load: async (file) => ({ default: modules.get(file)! }),
  };
}

const all = fixtures();
/**
 * Runs per fixture. A mutation of an invalid fixture is rejected for the fixture's own error before the
 * edit is even reached, so valid fixtures (where one edit is the only error) get four times the runs.
 */
const weight = (f: Fixture) => (f.file.includes('/valid/') ? 4 : 1);
const unit = TOTAL / all.reduce((sum, f) => sum + weight(f), 0);
const runsOf = (f: Fixture) => Math.ceil(unit * weight(f));
const runsOfAll = (fs: Fixture[]) => fs.reduce((sum, f) => sum + runsOf(f), 0);
const checks = new Map<string, { check: Check; ajv: AjvValidate; explain: AjvValidate }>();
const pool = new ValuePool();
let engine: Validator;
let ajvEngine: Validator;

beforeAll(async () => {
  const references = new Map<string, Map<string, AjvValidate>>();
  for (const f of all) {
    pool.add(JSON.parse(f.text));
    const key = `${f.documentType}@${f.version}`;
    if (checks.has(key)) continue;
    if (!references.has(f.version)) references.set(f.version, referenceAjv(f.version));
    const base = join(STANDALONE, f.version, f.documentType);
    const fast = await import(pathToFileURL(`${base}.js`).href);
    const explain = await import(pathToFileURL(`${base}.ajv.js`).href);
    checks.set(key, {
      check: fast.check,
      ajv: references.get(f.version)!.get(f.documentType)!,
      explain: explain.default,
    });
  }
  engine = await createValidator();
  ajvEngine = await createValidator({ source: referenceSource() });
});

describe(`the fast checker agrees with Ajv (seed ${SEED}, ${runsOfAll(all)} cases)`, () => {
  it('on every fixture as it is', () => {
    expect(all.length).toBeGreaterThan(100);
    for (const f of all) {
      const { check, ajv } = checks.get(`${f.documentType}@${f.version}`)!;
      const document = JSON.parse(f.text);
      expect(check(document), f.file).toBe(ajv(document));
    }
  });

  const groups = new Map<string, Fixture[]>();
  for (const f of all) {
    const key = f.file.split('/').slice(0, 2).join('/');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [group, members] of groups) {
    it(
      `on ${runsOfAll(members)} mutations of the ${group} fixtures, with the same issues where it falls back`,
      async () => {
        let rejected = 0;
        let accepted = 0;
        for (const [index, f] of members.entries()) {
          // Let the test runner's messages through between fixtures.
          await new Promise((resolve) => setImmediate(resolve));
          const { check, ajv, explain } = checks.get(`${f.documentType}@${f.version}`)!;
          const choice = { documentType: f.documentType, schemaVersion: f.version };
          fc.assert(
            fc.property(stepsArbitrary, (steps: Step[]) => {
              const document = mutate(JSON.parse(f.text), steps, pool);
              const fast = check(document);
              const reference = ajv(document);
              if (fast !== reference)
                throw new Error(
                  `${f.file}: checker says ${fast}, Ajv says ${reference} for ${JSON.stringify(document)}`,
                );
              if (fast) accepted++;
              else {
                rejected++;
                // The whole engine twice (rules included) costs more than both checks: every 4th
                // rejected case is enough to catch a fallback that loses or changes an issue.
                if (rejected % ISSUES_EVERY === 0) {
                  expect(explain(document)).toBe(false);
                  expect(engine.validate(document, choice)).toEqual(ajvEngine.validate(document, choice));
                }
              }
            }),
            { seed: SEED + index, numRuns: runsOf(f), endOnFailure: false },
          );
        }
        // The mutations must reach both verdicts, or the comparison proves little.
        expect(rejected).toBeGreaterThan(0);
        expect(accepted).toBeGreaterThan(0);
      },
      GROUP_TIMEOUT,
    );
  }
});
