/**
 * The one shape every problem takes, whatever found it: the JSON Schema layer, a format check,
 * a business rule, a reader of NDJSON/CSV/XML, or an adapter. Mappers turn it into CLI lines,
 * JSON, SARIF, JUnit and FHIR OperationOutcome; nothing else builds messages.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a document or an input stream, as plain data. */
export interface Issue {
  /** `error` makes the record invalid; `warning` and `info` do not. */
  severity: Severity;
  /** A stable, documented code such as `GS1_CHECK_DIGIT` (see docs/reference/issue-codes.md). */
  code: string;
  /** JSON Pointer (RFC 6901) into the record; `""` is the whole record. */
  path: string;
  /** A short sentence for people; never parse it, use `code` and `params`. */
  message: string;
  /** Machine-readable details (expected/actual values, limits, positions). */
  params?: Record<string, unknown>;
}

/** Describes one issue code: what it means and how severe it is by default. */
export interface IssueCodeInfo {
  severity: Severity;
  /** One sentence for the reference list. */
  description: string;
  /** The release of the standard from which documents can raise the code (absent: 1.0.0). */
  since?: string;
}

/** A table of issue codes owned by one package; the docs generator merges every table. */
export type IssueCodeTable = Readonly<Record<string, IssueCodeInfo>>;

/** Builds an issue; keeps call sites short and the property order stable in output. */
export function issue(
  severity: Severity,
  code: string,
  path: string,
  message: string,
  params?: Record<string, unknown>,
): Issue {
  return params === undefined ? { severity, code, path, message } : { severity, code, path, message, params };
}

/** True when any issue is an error (the record is invalid). */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
