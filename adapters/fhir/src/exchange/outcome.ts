import { arrayMember, isObject, member, stringMember } from './json.js';

/** Most issues of one OperationOutcome kept in a report, and most characters of each. */
const MAX_ISSUES = 10;
const MAX_TEXT = 500;

/**
 * The diagnostics of an OperationOutcome as short lines: `expression: text` per issue, errors
 * first, down to the `least` severity (https://hl7.org/fhir/R4/operationoutcome.html). Bounded in
 * count and length, since the text comes from the server.
 */
export function outcomeDiagnostics(
  outcome: unknown,
  least: 'information' | 'warning' = 'information',
): string[] {
  if (!isObject(outcome) || outcome.resourceType !== 'OperationOutcome') return [];
  const rank = (severity: unknown) =>
    severity === 'fatal' ? 0 : severity === 'error' ? 1 : severity === 'warning' ? 2 : 3;
  const issues = arrayMember(outcome, 'issue')
    .filter(isObject)
    .filter((item) => rank(item.severity) <= rank(least));
  const sorted = issues
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item.severity) - rank(b.item.severity) || a.index - b.index);
  const lines: string[] = [];
  for (const { item } of sorted.slice(0, MAX_ISSUES)) {
    const text =
      stringMember(item, 'diagnostics') ??
      stringMember(member(item, 'details'), 'text') ??
      stringMember(item, 'code');
    if (text === undefined) continue;
    const where = firstString(member(item, 'expression')) ?? firstString(member(item, 'location'));
    lines.push(clip(where === undefined ? text : `${where}: ${text}`));
  }
  if (issues.length > MAX_ISSUES) lines.push(`… and ${issues.length - MAX_ISSUES} more issues`);
  return lines;
}

/** True when an OperationOutcome holds only informational issues (a success outcome). */
export function isSuccessOutcome(outcome: unknown): boolean {
  const issues = arrayMember(outcome, 'issue');
  return issues.length > 0 && issues.every((item) => member(item, 'severity') === 'information');
}

const ENTRY_INDEX = /\bentry\s*\[\s*(\d{1,7})\s*\]/i;
const LEADING_TYPE = /^([A-Z][A-Za-z]{1,63})(?:\.|$)/;

/**
 * The entry a refused transaction blames, when the outcome says: `Bundle.entry[3]…` in an
 * expression, location or diagnostics, or else an expression rooted at a resource type that only
 * one entry has (servers such as Medplum name the resource, not the entry).
 */
export function blamedEntry(outcome: unknown, entryTypes: readonly string[]): number | undefined {
  if (!isObject(outcome)) return undefined;
  const issues = arrayMember(outcome, 'issue').filter(isObject).slice(0, MAX_ISSUES);
  for (const item of issues) {
    const texts = [
      ...stringsOf(member(item, 'expression')),
      ...stringsOf(member(item, 'location')),
      stringMember(item, 'diagnostics') ?? '',
      stringMember(member(item, 'details'), 'text') ?? '',
    ];
    for (const text of texts) {
      const match = ENTRY_INDEX.exec(text.slice(0, MAX_TEXT));
      if (match !== null && Number(match[1]) < entryTypes.length) return Number(match[1]);
    }
  }
  for (const item of issues) {
    for (const expression of stringsOf(member(item, 'expression'))) {
      const type = LEADING_TYPE.exec(expression)?.[1];
      if (type === undefined || type === 'Bundle') continue;
      const matches = entryTypes.flatMap((entryType, index) => (entryType === type ? [index] : []));
      if (matches.length === 1) return matches[0];
    }
  }
  return undefined;
}

/** The status code of a Bundle entry response (`"201 Created"`, `"201"`). */
export function entryStatusCode(status: unknown): number | undefined {
  if (typeof status !== 'string') return undefined;
  const match = /^\s*(\d{3})\b/.exec(status.slice(0, 64));
  return match === null ? undefined : Number(match[1]);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string').slice(0, MAX_ISSUES)
    : [];
}

function firstString(value: unknown): string | undefined {
  return stringsOf(value)[0];
}

function clip(text: string): string {
  const oneLine = text
    .slice(0, MAX_TEXT * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT - 1)}…` : oneLine;
}
