import type { Issue } from '../issue.js';
import type { RuleRelease } from './release.js';
import type { JsonObject } from './values.js';

/** Collects the issues of one document's rules. */
export class RuleReport {
  readonly issues: Issue[] = [];

  /** Adds an error (or another severity) at a JSON Pointer. */
  add(
    code: string,
    path: string,
    message: string,
    params?: Record<string, unknown>,
    severity: Issue['severity'] = 'error',
  ): void {
    this.issues.push(
      params === undefined ? { severity, code, path, message } : { severity, code, path, message, params },
    );
  }

  /** Adds a warning at a JSON Pointer. */
  warn(code: string, path: string, message: string, params?: Record<string, unknown>): void {
    this.add(code, path, message, params, 'warning');
  }
}

/**
 * A business rule set for one document type: reads the document, reports into `report`, following the
 * rules of `release` (see release.ts).
 */
export type DocumentRules = (document: JsonObject, report: RuleReport, release: RuleRelease) => void;
