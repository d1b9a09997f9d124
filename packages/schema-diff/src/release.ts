/**
 * Loading medsupply releases from disk for a diff (the only module of this package that does I/O).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_SCHEMA_FILES, SCHEMA_ID_BASE, schemasRoot } from '@medsupply/schema-registry';
import { SchemaDiffError } from './codes.js';
import { type DiffOptions, type SchemaChange, type SchemaDiffResult, diffSchemas } from './diff.js';
import { DIFF_RULES } from './rules.js';
import type { SchemaDocument } from './schema-set.js';

/** A release read from disk: every schema file by `$id`, and the document types it defines. */
export interface LoadedRelease {
  readonly version: string;
  readonly documents: readonly SchemaDocument[];
  /** Document type → `$id` of its schema. */
  readonly documentTypes: ReadonlyMap<string, string>;
}

/** Versions released under `root` (folders named like 1.2.3), oldest first. */
export function listReleases(root: string = schemasRoot()): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d+\.\d+\.\d+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort(compareVersions);
}

/** Orders semantic versions (major.minor.patch, numbers only). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Reads every `*.schema.json` of a release. Throws DIFF_UNKNOWN_RELEASE when there is no such folder. */
export function loadRelease(version: string, root: string = schemasRoot()): LoadedRelease {
  const dir = join(root, version);
  if (!/^\d+\.\d+\.\d+$/.test(version) || !existsSync(dir)) {
    throw new SchemaDiffError(
      'DIFF_UNKNOWN_RELEASE',
      '',
      `no release ${version} (releases: ${listReleases(root).join(', ') || 'none'})`,
    );
  }
  const documents: SchemaDocument[] = [];
  const visit = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.isDirectory()) visit(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.schema.json')) {
        const file = join(folder, entry.name);
        let schema: unknown;
        try {
          schema = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new SchemaDiffError('DIFF_NOT_A_SCHEMA', '', `${file}: ${(error as Error).message}`);
        }
        documents.push({ uri: `${SCHEMA_ID_BASE}${version}/${prefix}${entry.name}`, schema });
      }
    }
  };
  visit(dir, '');
  const documentTypes = new Map<string, string>();
  for (const [type, file] of Object.entries(DOCUMENT_SCHEMA_FILES)) {
    const uri = `${SCHEMA_ID_BASE}${version}/${file}`;
    if (documents.some((d) => d.uri === uri)) documentTypes.set(type, uri);
  }
  return { version, documents, documentTypes };
}

/**
 * Diffs two loaded releases document type by document type (`$ref`s resolved inside each release).
 * Each change names its document type; a type only one release has is a change of its own.
 */
export function diffReleases(
  older: LoadedRelease,
  newer: LoadedRelease,
  options: DiffOptions = {},
): SchemaDiffResult {
  const changes: SchemaChange[] = [];
  const types = [...new Set([...older.documentTypes.keys(), ...newer.documentTypes.keys()])].sort();
  for (const type of types) {
    const oldId = older.documentTypes.get(type);
    const newId = newer.documentTypes.get(type);
    if (!oldId || !newId) {
      const rule = oldId ? 'DOCUMENT_TYPE_REMOVED' : 'DOCUMENT_TYPE_ADDED';
      const info = DIFF_RULES[rule];
      changes.push({
        rule,
        oldPath: '',
        newPath: '',
        backward: info.backward,
        forward: info.forward === true,
        message: info.summary,
        document: type,
      });
      continue;
    }
    const pick = (
      release: LoadedRelease,
      id: string,
    ): { root: SchemaDocument; documents: SchemaDocument[] } => ({
      root: release.documents.find((d) => d.uri === id)!,
      documents: release.documents.filter((d) => d.uri !== id),
    });
    const before = pick(older, oldId);
    const pinned = releasePin(before.root.schema, older.version);
    if (
      pinned &&
      older.version !== newer.version &&
      releasePin(pick(newer, newId).root.schema, newer.version)
    ) {
      // Each document names its release in `schemaVersion` and is validated against that release;
      // the pin moving with the release is not a change to what documents may contain.
      const info = DIFF_RULES.RELEASE_VERSION_PIN_MOVED;
      changes.push({
        rule: 'RELEASE_VERSION_PIN_MOVED',
        oldPath: '/properties/schemaVersion/const',
        newPath: '/properties/schemaVersion/const',
        backward: info.backward,
        forward: info.forward === true,
        message: `${info.summary} (${older.version} → ${newer.version})`,
        document: type,
      });
      before.root = { uri: before.root.uri, schema: withPin(before.root.schema, newer.version) };
    }
    const result = diffSchemas(before, pick(newer, newId), options);
    for (const change of result.changes) changes.push({ ...change, document: type });
  }
  return {
    compatibility: { backward: changes.every((c) => c.backward), forward: changes.every((c) => c.forward) },
    changes,
  };
}

/** Whether a document schema pins `schemaVersion` to its own release (`"const": "<version>"`). */
function releasePin(schema: unknown, version: string): boolean {
  const properties = (schema as { properties?: Record<string, { const?: unknown }> } | null)?.properties;
  return properties?.schemaVersion?.const === version;
}

/** A copy of a document schema with its `schemaVersion` pin set to `version`. */
function withPin(schema: unknown, version: string): unknown {
  const record = schema as { properties: Record<string, Record<string, unknown>> };
  return {
    ...record,
    properties: {
      ...record.properties,
      schemaVersion: { ...record.properties.schemaVersion, const: version },
    },
  };
}
