import { describe, expect, it } from 'vitest';
import type { PushDocumentReport } from './push.js';
import {
  addToPushSummary,
  createPushSummary,
  formatIssue,
  formatPushReport,
  formatPushSummary,
  redactSecrets,
} from './report.js';

const report: PushDocumentReport = {
  source: 'shipments.ndjson',
  index: 3,
  line: 4,
  documentType: 'Shipment',
  documentId: 'd-1',
  bundleType: 'transaction',
  attempts: 2,
  stored: false,
  entries: [
    {
      entry: 0,
      resourceType: 'Organization',
      identifier: 'https://www.gs1.org/gln|0614141000005',
      request: 'POST Organization',
      status: 400,
      outcome: 'rolled-back',
      diagnostics: ['rolled back: entry 1 failed'],
    },
    {
      entry: 1,
      resourceType: 'SupplyDelivery',
      identifier: 'urn:x|d-1',
      request: 'POST SupplyDelivery',
      status: 400,
      outcome: 'failed',
      diagnostics: ['SupplyDelivery.status: Invalid code'],
    },
  ],
  issues: [
    {
      severity: 'error',
      code: 'FHIR_TRANSACTION_REJECTED',
      path: '',
      message: 'the server refused the transaction (HTTP 400)',
    },
  ],
};

describe('formatPushReport', () => {
  it('gives one line per entry with index, type, identifier, request, status and outcome, then diagnostics', () => {
    expect(formatPushReport(report)).toEqual([
      'shipments.ndjson:4 Shipment d-1 (transaction, 2 attempts)',
      '  entry 0 Organization https://www.gs1.org/gln|0614141000005 POST Organization: 400 rolled-back',
      '  entry 1 SupplyDelivery urn:x|d-1 POST SupplyDelivery: 400 failed',
      '    SupplyDelivery.status: Invalid code',
      '  error FHIR_TRANSACTION_REJECTED / the server refused the transaction (HTTP 400)',
    ]);
  });

  it('shows a reason shared by every entry once', () => {
    const shared = {
      ...report,
      entries: report.entries.map((e) => ({
        ...e,
        outcome: 'failed' as const,
        diagnostics: ['Too many entries'],
      })),
    };
    expect(formatPushReport(shared).filter((l) => l.includes('Too many entries'))).toHaveLength(1);
  });
});

describe('push summary', () => {
  it('counts documents, entries by outcome and requests', () => {
    const summary = createPushSummary();
    addToPushSummary(summary, report);
    addToPushSummary(summary, {
      ...report,
      stored: true,
      attempts: 1,
      entries: [{ ...report.entries[0]!, outcome: 'created', status: 201 }],
    });
    expect(summary).toMatchObject({ documents: 2, documentsStored: 1, entries: 3, attempts: 3 });
    expect(formatPushSummary(summary)).toBe(
      'pushed 1 of 2 documents: 1 of 3 entries stored (1 created, 0 already there); 1 failed, 1 rolled back; 3 requests',
    );
  });
});

describe('formatIssue', () => {
  it('names the FHIR resource of a pull issue', () => {
    expect(
      formatIssue({
        severity: 'warning',
        code: 'X',
        path: '/status',
        message: 'm',
        params: { resource: 'SupplyDelivery/1' },
      }),
    ).toBe('warning X SupplyDelivery/1 /status m');
  });
});

describe('redactSecrets', () => {
  it('removes every occurrence of the token', () => {
    expect(redactSecrets('Bearer abc.def echoed: abc.def', ['abc.def'])).toBe('Bearer *** echoed: ***');
    expect(redactSecrets('nothing here', [])).toBe('nothing here');
  });

  const token = 'eyJhbGciOi.Secret_Token-42';

  it('removes the token with its letters in another case', () => {
    expect(redactSecrets(`got ${token.toUpperCase()} and ${token.toLowerCase()}`, [token])).toBe(
      'got *** and ***',
    );
  });

  it('removes the token URL-encoded, in part or whole, with hex digits in either case', () => {
    const whole = [...token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    expect(redactSecrets(`token=${whole}&x=1`, [token])).toBe('token=***&x=1');
    expect(redactSecrets(`token=${whole.toUpperCase()}`, [token])).toBe('token=***');
    expect(redactSecrets(`t=${encodeURIComponent(`${token}/é`)}`, [`${token}/é`])).toBe('t=***');
  });

  it('removes the token base64-encoded alone or inside a longer encoded text, at every alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'Bearer ', 'user:']) {
      const encoded = Buffer.from(`${prefix}${token} trailing`).toString('base64');
      const redacted = redactSecrets(`echo ${encoded}`, [token]);
      expect(redacted).toContain('***');
      // What is left cannot be decoded back to the token.
      const rest = redacted.replace('echo ', '').split('***');
      expect(rest.map((part) => Buffer.from(part, 'base64').toString('latin1')).join('')).not.toContain(
        'Secret_Token',
      );
    }
    const url = Buffer.from(token).toString('base64url');
    expect(redactSecrets(url, [token])).not.toContain(url.slice(2, -2));
  });
});
