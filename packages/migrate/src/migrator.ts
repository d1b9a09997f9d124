/**
 * Moves documents between releases: finds the chain of migration files from the document's
 * `schemaVersion` to the target, applies them (forward or in reverse), and, with a validator, checks
 * that what comes out validates under the target release.
 */
import { SCHEMA_ID_BASE, releasedVersions } from '@medsupply/schema-registry';
import { type Issue, type Validator, issue, schemaIssueCodes } from '@medsupply/validators';
import { type Direction, applyChange } from './apply.js';
import { type Change, type MigrationFile, compareVersions, loadMigrationFiles } from './file.js';
import { underPattern } from './paths.js';

/** The outcome for one document. */
export interface MigrationResult {
  /** The document's own release, or null when it has none we know. */
  from: string | null;
  to: string;
  /** The migrated document; absent when an error stops it (it must not be written). */
  document?: Record<string, unknown>;
  /** False when the document already followed the target release. */
  changed: boolean;
  /** Errors that stopped the document, one per problem, with JSON Pointers into the input. */
  issues: Issue[];
}

/** Options of {@link createMigrator}. */
export interface MigratorOptions {
  /** Migration files (default: the schemas package's). */
  files?: MigrationFile[];
  /** Releases, in any order (default: the schemas package's). */
  versions?: string[];
}

/** Moves documents between releases. */
export interface Migrator {
  /** Releases it knows, oldest first. */
  versions(): string[];
  /** Migrates one document without checking the result (see {@link migrateChecked}). */
  migrate(document: unknown, to: string): MigrationResult;
}

/**
 * Creates a migrator over the released versions and their migration files.
 *
 * @example
 * const migrator = createMigrator();
 * const { document, issues } = migrator.migrate(doc, '1.1.0');
 */
export function createMigrator(options: MigratorOptions = {}): Migrator {
  const versions = [...(options.versions ?? releasedVersions())].sort(compareVersions);
  const byTarget = new Map((options.files ?? loadMigrationFiles()).map((f) => [f.to, f]));
  return {
    versions: () => [...versions],
    migrate(document, to) {
      if (document === null || typeof document !== 'object' || Array.isArray(document)) {
        return fail(null, to, issue('error', 'NOT_AN_OBJECT', '', 'a document must be a JSON object'));
      }
      const input = document as Record<string, unknown>;
      const from = typeof input.schemaVersion === 'string' ? input.schemaVersion : null;
      if (from === null || !versions.includes(from)) {
        return fail(
          null,
          to,
          issue(
            'error',
            'MIGRATION_SOURCE_VERSION_UNKNOWN',
            '/schemaVersion',
            from === null
              ? 'the document has no schemaVersion, so its release is unknown'
              : `schemaVersion ${JSON.stringify(from)} is not a release (known: ${versions.join(', ')})`,
            { known: versions },
          ),
        );
      }
      if (from === to) return { from, to, document: input, changed: false, issues: [] };
      const steps = chain(versions, byTarget, from, to);
      if (!steps.ok) {
        return fail(
          from,
          to,
          issue(
            'error',
            'MIGRATION_PATH_MISSING',
            '/schemaVersion',
            `no migration file for ${steps.missing}`,
            {
              from,
              to,
            },
          ),
        );
      }
      const output = structuredClone(input);
      const type = typeof input.documentType === 'string' ? input.documentType : '';
      const issues: Issue[] = [];
      for (const { file, direction } of steps.steps) {
        const changes = [...(file.changes['*'] ?? []), ...(file.changes[type] ?? [])];
        const ordered = direction === 'up' ? changes : [...changes].reverse();
        const step = { from: file.from, to: file.to };
        const found = ordered.map((change) => applyChange(output, change, direction, step));
        // Reported in the file's order of changes, whichever way they were applied.
        issues.push(...(direction === 'up' ? found : found.reverse()).flat());
        output.schemaVersion = direction === 'up' ? file.to : file.from;
      }
      retargetSchemaUrl(output, from, to);
      if (issues.length > 0) return { from, to, changed: true, issues };
      return { from, to, document: output, changed: true, issues };
    },
  };
}

/**
 * Migrates one document and validates the result under the target release: a document that does not
 * validate is not returned, and each error of the validator becomes a `MIGRATION_OUTPUT_INVALID`
 * issue (with the note of the release change that explains it, when one does).
 */
export async function migrateChecked(
  migrator: Migrator,
  validator: Validator,
  document: unknown,
  to: string,
  files: MigrationFile[] = loadMigrationFiles(),
): Promise<MigrationResult> {
  const result = migrator.migrate(document, to);
  if (!result.document) return result;
  const verdict = await validator.validateAsync(result.document);
  const errors = verdict.issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return result;
  const notes = relevantChanges(files, result.from ?? to, to, String(result.document.documentType ?? ''));
  const issues = errors.map((e) => {
    // A release change explains schema errors at its path (a business rule's error has its own reason).
    const note = Object.hasOwn(schemaIssueCodes, e.code)
      ? notes.find((c) => underPattern(e.path, changePath(c)))?.note
      : undefined;
    return issue(
      'error',
      'MIGRATION_OUTPUT_INVALID',
      e.path,
      `after migration to ${to}: ${e.message} (${e.code})${note ? `; ${note}` : ''}`,
      { code: e.code, ...(e.params ? { params: e.params } : {}) },
    );
  });
  return { from: result.from, to, changed: result.changed, issues };
}

function changePath(change: Change): string {
  return change.op === 'move' ? change.to : change.path;
}

/** The changes of every file between two releases, for one document type. */
function relevantChanges(files: MigrationFile[], a: string, b: string, type: string): Change[] {
  const [low, high] = compareVersions(a, b) <= 0 ? [a, b] : [b, a];
  return files
    .filter((f) => compareVersions(f.from, low) >= 0 && compareVersions(f.to, high) <= 0)
    .flatMap((f) => [...(f.changes['*'] ?? []), ...(f.changes[type] ?? [])]);
}

type Chain =
  | { ok: true; steps: Array<{ file: MigrationFile; direction: Direction }> }
  | { ok: false; missing: string };

/** The migration files from one release to another, in the order to apply them. */
function chain(versions: string[], byTarget: Map<string, MigrationFile>, from: string, to: string): Chain {
  const i = versions.indexOf(from);
  const j = versions.indexOf(to);
  const steps: Array<{ file: MigrationFile; direction: Direction }> = [];
  const up = i < j;
  for (let k = up ? i + 1 : i; up ? k <= j : k > j; k += up ? 1 : -1) {
    const file = byTarget.get(versions[k]!);
    if (!file || file.from !== versions[k - 1])
      return { ok: false, missing: `${versions[k - 1]} → ${versions[k]}` };
    steps.push({ file, direction: up ? 'up' : 'down' });
  }
  return { ok: true, steps };
}

/** A `$schema` that names one of our schemas (or bundles) of the old release is pointed at the new one. */
function retargetSchemaUrl(document: Record<string, unknown>, from: string, to: string): void {
  const url = document.$schema;
  if (typeof url !== 'string') return;
  for (const base of [SCHEMA_ID_BASE, `${SCHEMA_ID_BASE}bundled/`]) {
    if (url.startsWith(`${base}${from}/`)) {
      document.$schema = `${base}${to}/${url.slice(`${base}${from}/`.length)}`;
      return;
    }
  }
}

function fail(from: string | null, to: string, problem: Issue): MigrationResult {
  return { from, to, changed: false, issues: [problem] };
}
