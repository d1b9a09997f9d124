/**
 * The bundled schemas (schemas/bundled/<version>/<type>.schema.json) are self-contained and say what the
 * engine says: each compiles in a fresh Ajv that knows no other schema, and gives the engine's schema
 * verdict (and the same failing locations) on every fixture of its release. The catalog lists them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formats } from '@medsupply/validators';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const schemasDir = join(repositoryRoot, 'schemas');
const bundledDir = join(schemasDir, 'bundled');
const standalone = join(repositoryRoot, 'validators', 'dist', 'standalone');
const FOLDERS: Record<string, string> = {
  'stock-report': 'StockReport',
  'capacity-report': 'CapacityReport',
  shipment: 'Shipment',
  'shortage-notice': 'ShortageNotice',
  'demand-forecast': 'DemandForecast',
};
const releases = readdirSync(schemasDir).filter((n) => /^\d+\.\d+\.\d+$/.test(n));

type EngineSchema = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string }> | null };

function compileAlone(schema: object): ValidateFunction {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    strictTypes: false,
    allowUnionTypes: true,
    formats,
  });
  return ajv.compile(schema);
}

function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, found);
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refs(value, found);
    }
  return found;
}

/** Every document of a release's fixtures (valid ones and the documents of invalid ones), by folder. */
function fixtureDocuments(version: string, folder: string): Array<[string, unknown]> {
  return (['valid', 'invalid'] as const).flatMap((kind) => {
    const dir = join(schemasDir, 'fixtures', version, folder, kind);
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    return names.sort().map((f) => {
      const content = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return [`${kind}/${f}`, kind === 'valid' ? content : content.document] as [string, unknown];
    });
  });
}

const locations = (errors: Array<{ instancePath: string }> | null | undefined) =>
  [...new Set((errors ?? []).map((e) => e.instancePath))].sort();

describe.each(releases)('bundled schemas of %s', (version) => {
  it.each(Object.entries(FOLDERS))(
    '%s is self-contained, generated, and agrees with the engine',
    async (folder, documentType) => {
      const bundle = JSON.parse(readFileSync(join(bundledDir, version, `${folder}.schema.json`), 'utf8'));
      expect(bundle.$comment).toMatch(/^GENERATED FILE - DO NOT EDIT/);
      expect(bundle.$id).toBe(`https://schemas.medsupply.org/bundled/${version}/${folder}.schema.json`);
      for (const ref of refs(bundle)) expect(ref, 'every $ref points inside the bundle').toMatch(/^#/);
      const validate = compileAlone(bundle);
      const manifest = JSON.parse(readFileSync(join(standalone, 'manifest.json'), 'utf8'));
      const engine = (
        await import(pathToFileURL(join(standalone, manifest.versions[version][documentType])).href)
      ).default as EngineSchema;
      // The release's own fixtures, and those of earlier releases as migrated (schemaVersion bumped).
      const documents = releases.flatMap((other) =>
        other === version
          ? fixtureDocuments(version, folder)
          : other.localeCompare(version, 'en', { numeric: true }) < 0
            ? fixtureDocuments(other, folder).map(([name, doc]): [string, unknown] => [
                `${other}/${name}`,
                doc && typeof doc === 'object' ? { ...doc, schemaVersion: version } : doc,
              ])
            : [],
      );
      expect(documents.length).toBeGreaterThan(0);
      for (const [name, document] of documents) {
        const engineVerdict = engine(document);
        const bundleVerdict = validate(document);
        expect(bundleVerdict, `${folder}/${name}`).toBe(engineVerdict);
        expect(locations(validate.errors), `${folder}/${name}`).toEqual(locations(engine.errors));
      }
    },
  );
});

describe('the catalog', () => {
  const catalog = JSON.parse(readFileSync(join(schemasDir, 'catalog.json'), 'utf8'));

  it('lists every document type, its latest bundle as url and one bundle per release', () => {
    expect(catalog.schemas.map((s: { name: string }) => s.name).sort()).toEqual(
      Object.values(FOLDERS)
        .map((t) => `medsupply ${t}`)
        .sort(),
    );
    const latest = releases.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
    for (const entry of catalog.schemas) {
      expect(entry.url).toMatch(new RegExp(`/bundled/${latest}/`));
      expect(Object.keys(entry.versions).sort()).toEqual([...releases].sort());
      for (const url of Object.values(entry.versions) as string[]) {
        const path = join(schemasDir, url.replace('https://schemas.medsupply.org/', ''));
        expect(JSON.parse(readFileSync(path, 'utf8')).$id).toBe(url);
      }
      expect(entry.fileMatch.length).toBeGreaterThan(0);
    }
  });
});
