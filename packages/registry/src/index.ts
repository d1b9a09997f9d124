/**
 * The schema registry: which releases exist, which document types each has, and where their schema
 * files are. Released folders never change; a new release is a new folder.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Base of every schema `$id`. */
export const SCHEMA_ID_BASE = 'https://schemas.medsupply.org/';

/** Document types and the file name of their schema, in every release so far. */
export const DOCUMENT_SCHEMA_FILES: Readonly<Record<string, string>> = {
  StockReport: 'stock-report.schema.json',
  CapacityReport: 'capacity-report.schema.json',
  Shipment: 'shipment.schema.json',
  ShortageNotice: 'shortage-notice.schema.json',
  DemandForecast: 'demand-forecast.schema.json',
};

/** Absolute path of the schemas package root. */
export function schemasRoot(): string {
  return dirname(require.resolve('@medsupply/schemas/package.json'));
}

/** Released versions, oldest first. */
export function releasedVersions(): string[] {
  return readdirSync(schemasRoot())
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The newest release. */
export function latestVersion(): string {
  return releasedVersions().at(-1) ?? '';
}

/** Document types defined in a release. */
export function documentTypes(version: string = latestVersion()): string[] {
  return Object.entries(DOCUMENT_SCHEMA_FILES)
    .filter(([, file]) => existsSync(join(schemasRoot(), version, file)))
    .map(([type]) => type);
}

/** The `$id` of a document type's schema in a release. */
export function schemaId(documentType: string, version: string = latestVersion()): string {
  const file = DOCUMENT_SCHEMA_FILES[documentType];
  if (!file) throw new Error(`unknown document type ${documentType}`);
  return `${SCHEMA_ID_BASE}${version}/${file}`;
}

/** Local path of a schema given its `$id` (or undefined when it is not one of ours). */
export function schemaPathForId(id: string): string | undefined {
  if (!id.startsWith(SCHEMA_ID_BASE)) return undefined;
  const relative = id.slice(SCHEMA_ID_BASE.length).split('#')[0]!;
  if (relative.split('/').includes('..')) return undefined;
  return join(schemasRoot(), relative);
}

/** Loads a schema by `$id`. */
export function loadSchema(id: string): Record<string, unknown> {
  const path = schemaPathForId(id);
  if (!path || !existsSync(path)) throw new Error(`no local schema for ${id}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Every schema file of a release (documents and definitions), as `$id` → path. */
export function schemaFiles(version: string = latestVersion()): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.schema.json'))
        found.set(`${SCHEMA_ID_BASE}${version}/${prefix}${entry.name}`, join(dir, entry.name));
    }
  };
  visit(join(schemasRoot(), version), '');
  return found;
}
