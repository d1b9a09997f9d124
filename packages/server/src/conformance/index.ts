/**
 * The conformance kit: runs the contract suite against any implementation of the exchange API (ours
 * or a vendor's) and reports each case as passed or failed with the requirement it checks.
 */
import { randomUUID } from 'node:crypto';
import { type Validator, createValidator } from '@medsupply/validators';
import { type ResponseChecker, createResponseChecker } from '../openapi-check.js';
import { CASES, type CaseResult, Failed } from './cases.js';

export type { CaseResult } from './cases.js';
export { CASES } from './cases.js';
export { formatJson, formatJunit, formatText, tally } from './report.js';

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  token?: string;
  /** Only these case ids. */
  only?: readonly string[];
  bulkTimeoutMs?: number;
  validator?: Validator;
  checker?: ResponseChecker;
}

/** Thrown when the server cannot be reached at all (the CLI exits 2). */
export class Unreachable extends Error {}

/** Runs the suite against `base` (e.g. `http://127.0.0.1:8080`). */
export async function runConformance(base: string, options: ConformanceOptions = {}): Promise<CaseResult[]> {
  try {
    await fetch(new URL('/v1/health', base), { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new Unreachable(`cannot reach ${base}: ${(error as Error).message}`);
  }
  const context = {
    base,
    ...(options.token ? { token: options.token } : {}),
    sender: `conformance-${randomUUID()}`,
    validator: options.validator ?? (await createValidator()),
    checker: options.checker ?? createResponseChecker(),
    bulkTimeoutMs: options.bulkTimeoutMs ?? 60_000,
  };
  const results: CaseResult[] = [];
  for (const testCase of CASES) {
    if (options.only && !options.only.includes(testCase.id)) continue;
    const problems: string[] = [];
    const started = performance.now();
    const failures: string[] = [];
    try {
      await testCase.run(context, problems);
    } catch (error) {
      failures.push(error instanceof Failed ? error.message : `error: ${(error as Error).message}`);
    }
    failures.push(...problems);
    results.push({
      id: testCase.id,
      requirement: testCase.requirement,
      passed: failures.length === 0,
      failures,
      ms: Math.round(performance.now() - started),
    });
  }
  return results;
}
