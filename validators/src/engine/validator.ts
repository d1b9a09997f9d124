/**
 * The validation engine: picks the schema from the document's own `documentType` and `schemaVersion`
 * (or from the caller), runs the compiled schema, then the business rules, and returns one list of issues.
 */
import { type Issue, hasErrors, issue } from '../issue.js';
import { runBusinessRules } from '../rules/index.js';
import { type CompiledSchema, CompiledSchemas, type SchemaSource } from './compiled-schemas.js';
import { schemaErrorsToIssues } from './schema-errors.js';

/** The verdict on one document. */
export interface ValidationResult {
  /** The document type validated against, or null when none could be chosen. */
  documentType: string | null;
  /** The schema version validated against, or null when none could be chosen. */
  schemaVersion: string | null;
  /** True when no issue is an error. */
  valid: boolean;
  /** Every problem found, errors and warnings, in document order of discovery. */
  issues: Issue[];
}

/** Forces a schema instead of reading it from the document (`--schema TYPE[@VERSION]`). */
export interface SchemaChoice {
  documentType?: string;
  schemaVersion?: string;
}

/** Options of {@link createValidator}. */
export interface ValidatorOptions {
  /** Load every compiled schema up front (default true). Streams pass false and load on demand. */
  preload?: boolean;
  /** Where the compiled schemas come from (default: this package's files on disk, Node only). */
  source?: SchemaSource;
}

/** A ready validator. `validate` is synchronous once the schema it needs is loaded. */
export interface Validator {
  /** Released schema versions, oldest first. */
  versions(): string[];
  /** Document types of a version (default: the latest). */
  documentTypes(version?: string): string[];
  /** Chooses the schema for a document, or explains why none fits. */
  select(document: unknown, choice?: SchemaChoice): Selection;
  /** Loads the compiled schema of a document type and version (no-op when loaded). */
  prepare(documentType: string, schemaVersion: string): Promise<void>;
  /** Validates one parsed document. Throws if its schema has not been loaded (see `preload`, `prepare`). */
  validate(document: unknown, choice?: SchemaChoice): ValidationResult;
  /** Loads what the document needs, then validates it. */
  validateAsync(document: unknown, choice?: SchemaChoice): Promise<ValidationResult>;
}

/** The schema chosen for a document, or the issues explaining why none was. */
export type Selection =
  | { ok: true; documentType: string; schemaVersion: string }
  | { ok: false; documentType: string | null; schemaVersion: string | null; issues: Issue[] };

/**
 * Creates a validator over the schemas compiled at build time.
 *
 * @example
 * const validator = await createValidator();
 * const { valid, issues } = validator.validate(JSON.parse(text));
 */
export async function createValidator(options: ValidatorOptions = {}): Promise<Validator> {
  // Imported on demand so that browser bundles, which always pass a source, never load node:fs.
  const source = options.source ?? (await import('./node-schema-source.js')).nodeSchemaSource();
  const compiled = new CompiledSchemas(source);
  if (options.preload ?? true) {
    for (const version of compiled.versions()) {
      for (const type of compiled.documentTypes(version)) await compiled.load(type, version);
    }
  }

  const select = (document: unknown, choice: SchemaChoice = {}): Selection => {
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      const what = document === null ? 'null' : Array.isArray(document) ? 'an array' : typeof document;
      return fail(
        null,
        null,
        issue('error', 'NOT_AN_OBJECT', '', `a document must be a JSON object, not ${what}`),
      );
    }
    const record = document as Record<string, unknown>;
    if (
      typeof record.documentType !== 'string' &&
      choice.documentType === undefined &&
      looksLikeEpcis(record)
    ) {
      const known = compiled.documentTypes(compiled.versions().at(-1) ?? '');
      return fail(
        null,
        null,
        issue(
          'error',
          'DOCUMENT_TYPE_UNKNOWN',
          '/documentType',
          'this looks like an EPCIS document, not a medsupply one: convert it first with `medsupply convert --from epcis-json --to canonical`',
          { known, looksLike: 'epcis' },
        ),
      );
    }
    const ownVersion = record.schemaVersion;
    const schemaVersion =
      choice.schemaVersion ?? (typeof ownVersion === 'string' ? ownVersion : compiled.latestVersion());
    if (!compiled.hasVersion(schemaVersion)) {
      return fail(
        null,
        schemaVersion,
        issue(
          'error',
          'SCHEMA_VERSION_UNSUPPORTED',
          '/schemaVersion',
          `schema version ${JSON.stringify(schemaVersion)} is not supported (known: ${compiled.versions().join(', ')})`,
          {
            supported: compiled.versions(),
          },
        ),
      );
    }
    const ownType = record.documentType;
    const documentType = choice.documentType ?? (typeof ownType === 'string' ? ownType : undefined);
    if (documentType === undefined || !compiled.has(documentType, schemaVersion)) {
      const known = compiled.documentTypes(schemaVersion);
      const message =
        documentType === undefined
          ? `documentType is missing; expected one of ${known.join(', ')}`
          : `${JSON.stringify(documentType)} is not a document type of ${schemaVersion} (${known.join(', ')})`;
      return fail(
        null,
        schemaVersion,
        issue('error', 'DOCUMENT_TYPE_UNKNOWN', '/documentType', message, { known }),
      );
    }
    return { ok: true, documentType, schemaVersion };
  };

  const run = (
    schema: CompiledSchema,
    document: unknown,
    documentType: string,
    schemaVersion: string,
  ): ValidationResult => {
    // A schema-valid document (most of a feed) reuses the rules' own list: no extra array, no copy.
    const schemaIssues = schema(document) ? undefined : schemaErrorsToIssues(schema.errors ?? [], document);
    let issues = runBusinessRules(document, documentType, schemaVersion);
    if (schemaIssues !== undefined) {
      for (const ruleIssue of issues) schemaIssues.push(ruleIssue);
      issues = schemaIssues;
    }
    return { documentType, schemaVersion, valid: issues.length === 0 || !hasErrors(issues), issues };
  };

  /** Validates with a selection already made (and its schema loaded), without selecting again. */
  const validateWith = (document: unknown, selection: Selection): ValidationResult => {
    if (!selection.ok) return { ...selection, valid: false };
    const schema = compiled.get(selection.documentType, selection.schemaVersion);
    if (!schema)
      throw new Error(
        `schema ${selection.documentType}@${selection.schemaVersion} is not loaded; call prepare() first`,
      );
    return run(schema, document, selection.documentType, selection.schemaVersion);
  };

  const validator: Validator = {
    versions: () => compiled.versions(),
    documentTypes: (version = compiled.latestVersion()) => compiled.documentTypes(version),
    select,
    prepare: async (documentType, schemaVersion) => {
      await compiled.load(documentType, schemaVersion);
    },
    validate(document, choice) {
      return validateWith(document, select(document, choice));
    },
    async validateAsync(document, choice) {
      const selection = select(document, choice);
      if (!selection.ok) return { ...selection, valid: false };
      const schema = await compiled.load(selection.documentType, selection.schemaVersion);
      return run(schema, document, selection.documentType, selection.schemaVersion);
    },
  };
  selectedValidation.set(validator, validateWith);
  return validator;
}

/** Validators made by {@link createValidator}, with their validate-this-selection path. */
const selectedValidation = new WeakMap<
  Validator,
  (document: unknown, selection: Selection) => ValidationResult
>();

/**
 * Validates a document with the selection `validator.select(document, choice)` already returned, so a
 * stream that selected a record (to load its schema) does not select it again. Validators not made by
 * {@link createValidator} are asked through their public `validate`. Internal to this package.
 */
export function validateSelected(
  validator: Validator,
  document: unknown,
  selection: Selection,
  choice?: SchemaChoice,
): ValidationResult {
  const validateWith = selectedValidation.get(validator);
  return validateWith ? validateWith(document, selection) : validator.validate(document, choice);
}

function fail(documentType: string | null, schemaVersion: string | null, problem: Issue): Selection {
  return { ok: false, documentType, schemaVersion, issues: [problem] };
}

/** An EPCIS 2.0 JSON(-LD) document or event, fed to the canonical validator by mistake. */
function looksLikeEpcis(record: Record<string, unknown>): boolean {
  const type = record.type;
  return (
    (typeof type === 'string' && /^(EPCISDocument|EPCISQueryDocument|\w+Event)$/.test(type)) ||
    Object.hasOwn(record, 'epcisBody') ||
    (Array.isArray(record['@context']) && JSON.stringify(record['@context']).includes('epcis'))
  );
}
