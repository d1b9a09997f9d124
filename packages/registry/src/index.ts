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

/** One recommended identifier or code system (see `identifier-systems.json` in a release). */
export interface IdentifierSystem {
  /** Short stable key, also the `{scheme}` of local systems when `ownerKey` is true. */
  key: string;
  /** The system URI to write in `Identifier.system` or `Coding.system`. */
  system: string;
  name: string;
  /** What it identifies: product, party, location, logisticUnit, substance, classification, document, any. */
  kind: string[];
  /** `global`, or the ISO 3166-1 alpha-2 country (or EU) where it applies. */
  scope: string;
  authority: string;
  /** What the validator checks of a value in this system. */
  checked: string;
  example: string;
  /** True when an organisation's identifier in this system may root a local system. */
  ownerKey: boolean;
  /** Other spellings of the same system seen in the wild; validators suggest `system` instead. */
  aliases: string[];
}

/** A release's registry of recommended identifier systems and its rule for local systems. */
export interface IdentifierSystemRegistry {
  version: string;
  localSystems: {
    description: string;
    /** Regular expression with the named groups scheme, owner and codeSet. */
    pattern: string;
    template: string;
    /** Keys allowed as `{scheme}`: `dns` and every system with `ownerKey`. */
    schemes: string[];
    examples: Array<{ system: string; meaning: string }>;
  };
  systems: IdentifierSystem[];
  lmis: { description: string; codeSets: Array<{ codeSet: string; for: string; example: string }> };
}

const identifierRegistries = new Map<string, IdentifierSystemRegistry | undefined>();

/**
 * The registry of recommended identifier systems of a release (from 1.1.0), or undefined for a
 * release that has none. Read once per version.
 */
export function identifierSystems(version: string = latestVersion()): IdentifierSystemRegistry | undefined {
  if (!identifierRegistries.has(version)) {
    const path = join(schemasRoot(), version, 'identifier-systems.json');
    identifierRegistries.set(
      version,
      /^\d+\.\d+\.\d+$/.test(version) && existsSync(path)
        ? (JSON.parse(readFileSync(path, 'utf8')) as IdentifierSystemRegistry)
        : undefined,
    );
  }
  return identifierRegistries.get(version);
}
