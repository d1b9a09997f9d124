/** Conformance reports: text for people, JSON for tools, JUnit XML for CI. Each ends with the tally. */
import type { CaseResult } from './cases.js';

/** `N passed, N failed`. */
export function tally(results: readonly CaseResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `${passed} passed, ${results.length - passed} failed`;
}

/** Strips control characters: a vendor's answers must not write terminal escapes. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/** One line per case (and its failures), then `N passed, N failed`. */
export function formatText(results: readonly CaseResult[], base: string): string {
  const lines = [`conformance of ${clean(base)}`];
  for (const r of results) {
    lines.push(`${r.passed ? 'passed' : 'FAILED'}  ${r.id}: ${r.requirement}`);
    for (const failure of r.failures) lines.push(`        - ${clean(failure)}`);
  }
  lines.push(tally(results));
  return `${lines.join('\n')}\n`;
}

/**
 * `{"server","cases":[…],"summary":{passed,failed,tally}}`: pure JSON, so the tally line goes to
 * stderr (the CLI prints {@link tally} there) and sits in `summary.tally`.
 */
export function formatJson(results: readonly CaseResult[], base: string): string {
  const passed = results.filter((r) => r.passed).length;
  const summary = { passed, failed: results.length - passed, tally: tally(results) };
  return `${JSON.stringify({ server: base, cases: results, summary }, null, 2)}\n`;
}

const xml = (text: string) =>
  clean(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** JUnit XML (one testcase per case), then the tally as an XML comment on the last line. */
export function formatJunit(results: readonly CaseResult[], base: string): string {
  const failed = results.filter((r) => !r.passed).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="medsupply conformance" tests="${results.length}" failures="${failed}">`,
    `  <testsuite name="${xml(base)}" tests="${results.length}" failures="${failed}">`,
  ];
  for (const r of results) {
    lines.push(
      `    <testcase classname="conformance" name="${xml(`${r.id}: ${r.requirement}`)}" time="${(r.ms / 1000).toFixed(3)}">`,
    );
    if (!r.passed)
      lines.push(
        `      <failure message="${xml(r.failures[0] ?? '')}">${xml(r.failures.join('\n'))}</failure>`,
      );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', `<!-- ${tally(results)} -->`);
  return `${lines.join('\n')}\n`;
}
