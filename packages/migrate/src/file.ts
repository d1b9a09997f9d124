/**
 * Migration files: one per release (schemas/migrations/<version>.json), saying as data how documents
 * of the release before become documents of this one. Format: schemas/migrations/migration.schema.json;
 * the reasons for it: docs/decisions/0009-migration-files.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemasRoot } from '@medsupply/schema-registry';

/** One change of a release. Paths are JSON Pointers; a `*` token stands for every item of an array. */
export type Change =
  | { op: 'rename'; path: string; to: string; note?: string }
  | { op: 'move'; from: string; to: string; note?: string }
  | { op: 'mapValues'; path: string; map: Record<string, string>; note?: string }
  | { op: 'setDefault'; path: string; value: unknown; note?: string }
  | { op: 'added' | 'removed'; path: string; lossless?: boolean; note?: string }
  | { op: 'addedValues'; path: string; values: string[]; note?: string }
  | { op: 'relaxed'; path: string; note?: string };

/** The migration file of one release. */
export interface MigrationFile {
  fileFormat: '1.0.0';
  from: string;
  to: string;
  description?: string;
  /** Changes by document type; `*` applies to every type (and runs first). */
  changes: Record<string, Change[]>;
}

const VERSION = /^(?:0|[1-9][0-9]{0,5})\.(?:0|[1-9][0-9]{0,5})\.(?:0|[1-9][0-9]{0,5})$/;
const OPS = new Set([
  'rename',
  'move',
  'mapValues',
  'setDefault',
  'added',
  'removed',
  'addedValues',
  'relaxed',
]);

/** The folder of the migration files in the schemas package. */
export function migrationsRoot(): string {
  return join(schemasRoot(), 'migrations');
}

/**
 * Reads every migration file (`<version>.json`) of a folder, checked with {@link checkMigrationFile}.
 * Throws on a malformed file: migration files are part of the release, not user input.
 */
export function loadMigrationFiles(dir: string = migrationsRoot()): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d+\.\d+\.\d+\.json$/.test(name))
    .map((name) => {
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as MigrationFile;
      const problems = checkMigrationFile(file);
      if (name !== `${file.to}.json`) problems.push(`file name ${name} differs from its "to" (${file.to})`);
      if (problems.length > 0) throw new Error(`${join(dir, name)}: ${problems.join('; ')}`);
      return file;
    });
}

/**
 * What is wrong with a migration file beyond its JSON Schema: versions in order, paths that are
 * pointers, renames to plain names, moves with matching wildcards, value maps that can be reversed.
 * Empty when it is fine.
 */
export function checkMigrationFile(file: MigrationFile): string[] {
  const problems: string[] = [];
  if (file?.fileFormat !== '1.0.0') problems.push('fileFormat must be 1.0.0');
  if (!VERSION.test(String(file?.from)) || !VERSION.test(String(file?.to)))
    problems.push('from and to must be versions');
  else if (compareVersions(file.from, file.to) >= 0) problems.push('from must be before to');
  for (const [type, changes] of Object.entries(file?.changes ?? {})) {
    if (!Array.isArray(changes)) {
      problems.push(`changes.${type} must be an array`);
      continue;
    }
    changes.forEach((change, i) => {
      const where = `changes.${type}[${i}]`;
      if (!OPS.has(change?.op)) return problems.push(`${where}: unknown op ${String(change?.op)}`);
      const paths = change.op === 'move' ? [change.from, change.to] : [change.path];
      for (const path of paths)
        if (typeof path !== 'string' || !path.startsWith('/'))
          problems.push(`${where}: ${String(path)} is not a JSON Pointer`);
      if (change.op === 'rename' && (typeof change.to !== 'string' || /[/*]/.test(change.to) || !change.to))
        problems.push(`${where}: rename needs a plain member name in to`);
      if (change.op === 'move' && wildcards(change.from) !== wildcards(change.to))
        problems.push(`${where}: from and to must have the same number of * tokens`);
      if (change.op === 'mapValues') {
        const targets = Object.values(change.map ?? {});
        if (new Set(targets).size !== targets.length) problems.push(`${where}: map is not reversible`);
      }
      if (change.op === 'addedValues' && (!Array.isArray(change.values) || change.values.length === 0))
        problems.push(`${where}: addedValues needs values`);
    });
  }
  return problems;
}

function wildcards(path: string): number {
  return typeof path === 'string' ? path.split('/').filter((t) => t === '*').length : -1;
}

/** Orders semantic versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
