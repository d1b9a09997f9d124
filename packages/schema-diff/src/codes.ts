/**
 * Problems that stop a schema diff, as plain data with stable codes (the shape every medsupply package
 * uses: `{ severity, code, path, message }`).
 */
export interface DiffIssueCodeInfo {
  readonly severity: 'error' | 'warning' | 'info';
  readonly description: string;
}

/** Stable codes; a code is never renamed or reused. */
export const schemaDiffIssueCodes: Readonly<Record<string, DiffIssueCodeInfo>> = {
  DIFF_NOT_A_SCHEMA: {
    severity: 'error',
    description: 'The input is not a JSON Schema (a schema is an object or a boolean).',
  },
  DIFF_REF_UNRESOLVED: {
    severity: 'error',
    description:
      'A `$ref` names a schema that is not part of the input (only local and release refs resolve).',
  },
  DIFF_TOO_DEEP: { severity: 'error', description: 'The schema nests deeper than the diff accepts.' },
  DIFF_TOO_LARGE: { severity: 'error', description: 'The schema has more subschemas than the diff accepts.' },
  DIFF_BUDGET_EXCEEDED: {
    severity: 'error',
    description:
      'Comparing the two schemas needs more steps than the diff allows (deeply combined branches).',
  },
  DIFF_UNKNOWN_RELEASE: { severity: 'error', description: 'No release with that version exists.' },
};

/** A problem that stops a diff; `path` is a JSON Pointer into the schema named by `source`. */
export class SchemaDiffError extends Error {
  override name = 'SchemaDiffError';
  readonly severity = 'error' as const;
  constructor(
    readonly code: keyof typeof schemaDiffIssueCodes & string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
