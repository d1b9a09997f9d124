import type { Issue } from '@medsupply/validators';
import type { PullResult } from './pull.js';
import type { PushDocumentReport, PushEntryOutcome } from './push.js';

/** Counts over a whole push run. */
export interface PushSummary {
  documents: number;
  /** Documents whose every entry is stored. */
  documentsStored: number;
  entries: number;
  /** Entries by outcome. */
  outcomes: Record<PushEntryOutcome, number>;
  /** HTTP attempts, retries and batch fallbacks included. */
  attempts: number;
}

/** An empty summary, to fill with {@link addToPushSummary}. */
export function createPushSummary(): PushSummary {
  return {
    documents: 0,
    documentsStored: 0,
    entries: 0,
    outcomes: {
      created: 0,
      exists: 0,
      updated: 0,
      deleted: 0,
      stored: 0,
      failed: 0,
      'rolled-back': 0,
      'not-sent': 0,
      unknown: 0,
    },
    attempts: 0,
  };
}

/** Adds one document's report to a summary. */
export function addToPushSummary(summary: PushSummary, report: PushDocumentReport): void {
  summary.documents++;
  if (report.stored) summary.documentsStored++;
  summary.entries += report.entries.length;
  summary.attempts += report.attempts;
  for (const entry of report.entries) summary.outcomes[entry.outcome]++;
}

/**
 * One document's report as text lines: a heading, one line per entry (index, resource type,
 * business identifier, request, HTTP status, outcome, location or diagnostics), then its issues.
 */
export function formatPushReport(report: PushDocumentReport): string[] {
  const where =
    report.line === undefined ? `${report.source}#${report.index}` : `${report.source}:${report.line}`;
  const what = [report.documentType, report.documentId].filter((p) => p !== undefined).join(' ');
  const how =
    report.bundleType === undefined
      ? 'not sent'
      : `${report.bundleType}, ${report.attempts} ${report.attempts === 1 ? 'attempt' : 'attempts'}`;
  const lines = [`${where}${what === '' ? '' : ` ${what}`} (${how})`];
  let previous = '';
  for (const entry of report.entries) {
    const status = entry.status === undefined ? '---' : String(entry.status);
    const detail = entry.location ?? '';
    const identifier = entry.identifier ?? '-';
    lines.push(
      `  entry ${entry.entry} ${entry.resourceType} ${identifier} ${entry.request}: ${status} ${entry.outcome}${detail === '' ? '' : ` ${detail}`}`,
    );
    // Entries that failed for one shared reason (a refused request) show it once.
    const diagnostics = entry.diagnostics.join('\n');
    if (entry.outcome !== 'rolled-back' && diagnostics !== previous) {
      for (const text of entry.diagnostics) lines.push(`    ${text}`);
      previous = diagnostics;
    }
  }
  for (const found of report.issues) lines.push(`  ${formatIssue(found)}`);
  return lines;
}

/** The closing line of a push run. */
export function formatPushSummary(summary: PushSummary): string {
  const o = summary.outcomes;
  const stored = o.created + o.exists + o.updated + o.deleted + o.stored;
  const parts = [`${o.created} created`, `${o.exists} already there`];
  if (o.updated > 0) parts.push(`${o.updated} updated`);
  if (o.deleted > 0) parts.push(`${o.deleted} deleted`);
  if (o.stored > 0) parts.push(`${o.stored} other`);
  const problems = [
    o.failed > 0 ? `${o.failed} failed` : '',
    o['rolled-back'] > 0 ? `${o['rolled-back']} rolled back` : '',
    o['not-sent'] > 0 ? `${o['not-sent']} not sent` : '',
    o.unknown > 0 ? `${o.unknown} unconfirmed` : '',
  ].filter((p) => p !== '');
  return (
    `pushed ${summary.documentsStored} of ${summary.documents} documents: ${stored} of ${summary.entries} entries stored (${parts.join(', ')})` +
    (problems.length > 0 ? `; ${problems.join(', ')}` : '') +
    `; ${summary.attempts} requests`
  );
}

/** An issue as one line: `severity CODE [resource] path message`. */
export function formatIssue(found: Issue): string {
  const resource = typeof found.params?.resource === 'string' ? ` ${found.params.resource}` : '';
  return `${found.severity} ${found.code}${resource} ${found.path || '/'} ${found.message}`;
}

/** The closing line of a pull run. */
export function formatPullSummary(result: PullResult): string {
  const type = result.search.documentType ?? result.search.resourceType;
  const state = result.complete ? '' : ' (incomplete, nothing written)';
  return `pulled ${result.documents.length} ${type} documents from ${result.matched} ${result.search.resourceType} resources (${result.pages} pages, ${result.referencesRead} referenced resources read)${state}`;
}

/**
 * Replaces every occurrence of the secrets (the bearer token) in a text with `***`, in the forms a
 * server may echo them: as given, with its letters' case changed, URL-encoded (any characters as
 * `%XX`, hex in either case), and base64 or base64url-encoded, also inside a longer encoded text
 * (`Basic …`, a JWT segment): whatever a server echoes back, the token never reaches a report.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const { literal, base64 } = secretPatterns(secret);
    out = out.replace(literal, '***');
    if (base64 !== undefined) out = out.replace(base64, '***');
  }
  return out;
}

const patternCache = new Map<string, { literal: RegExp; base64: RegExp | undefined }>();

function secretPatterns(secret: string): { literal: RegExp; base64: RegExp | undefined } {
  const cached = patternCache.get(secret);
  if (cached !== undefined) return cached;
  // Each character as itself or percent-encoded (its UTF-8 bytes), case-insensitively: every
  // alternative has a fixed length, so matching stays linear.
  const literal = new RegExp(
    [...secret]
      .map((char) => {
        const encoded = [...Buffer.from(char, 'utf8')]
          .map((byte) => `%${byte.toString(16).padStart(2, '0')}`)
          .join('');
        return `(?:${escapeRegExp(char)}|${encoded})`;
      })
      .join(''),
    'gi',
  );
  // Base64 of the secret at each of the three byte alignments within a longer text: the characters
  // that depend on the secret's bytes alone.
  const cores = new Set<string>();
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    const core = encoded.slice(start, end);
    if (core.length >= 4) {
      cores.add(core);
      cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  const base64 = cores.size === 0 ? undefined : new RegExp([...cores].map(escapeRegExp).join('|'), 'g');
  const patterns = { literal, base64 };
  patternCache.set(secret, patterns);
  return patterns;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
