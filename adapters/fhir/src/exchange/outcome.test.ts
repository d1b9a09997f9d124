import { describe, expect, it } from 'vitest';
import { blamedEntry, entryStatusCode, isSuccessOutcome, outcomeDiagnostics } from './outcome.js';

const outcome = (...issue: unknown[]) => ({ resourceType: 'OperationOutcome', issue });

describe('outcomeDiagnostics', () => {
  it('gives expression and text per issue, errors first', () => {
    const lines = outcomeDiagnostics(
      outcome(
        { severity: 'warning', code: 'business-rule', diagnostics: 'Unusual quantity' },
        {
          severity: 'error',
          code: 'structure',
          details: { text: 'Invalid type' },
          expression: ['SupplyDelivery.quantity'],
        },
      ),
    );
    expect(lines).toEqual(['SupplyDelivery.quantity: Invalid type', 'Unusual quantity']);
  });

  it('can leave out informational issues (success outcomes)', () => {
    const created = outcome({ severity: 'information', code: 'informational', details: { text: 'Created' } });
    expect(outcomeDiagnostics(created)).toEqual(['Created']);
    expect(outcomeDiagnostics(created, 'warning')).toEqual([]);
    expect(isSuccessOutcome(created)).toBe(true);
    expect(isSuccessOutcome(outcome({ severity: 'error', code: 'x' }))).toBe(false);
  });

  it('is bounded: at most ten issues, each clipped to one short line', () => {
    const many = outcome(
      ...Array.from({ length: 30 }, (_, i) => ({
        severity: 'error',
        code: 'x',
        diagnostics: `issue ${i}\n${'x'.repeat(5000)}`,
      })),
    );
    const lines = outcomeDiagnostics(many);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('… and 20 more issues');
    expect(lines.every((l) => l.length <= 500 && !l.includes('\n'))).toBe(true);
  });

  it('returns nothing for what is not an OperationOutcome', () => {
    expect(outcomeDiagnostics({ resourceType: 'Bundle' })).toEqual([]);
    expect(outcomeDiagnostics('HTTP 500')).toEqual([]);
    expect(outcomeDiagnostics(outcome('not an issue', null))).toEqual([]);
  });
});

describe('blamedEntry', () => {
  const types = ['Organization', 'Location', 'Location', 'SupplyDelivery'];

  it('reads Bundle.entry[n] from an expression, location or text', () => {
    expect(
      blamedEntry(outcome({ severity: 'error', expression: ['Bundle.entry[2].resource.status'] }), types),
    ).toBe(2);
    expect(blamedEntry(outcome({ severity: 'error', location: ['Bundle.entry[ 1 ]'] }), types)).toBe(1);
    expect(
      blamedEntry(outcome({ severity: 'error', diagnostics: 'Failed at entry[3]: bad code' }), types),
    ).toBe(3);
  });

  it('ignores an index beyond the Bundle', () => {
    expect(
      blamedEntry(outcome({ severity: 'error', expression: ['Bundle.entry[9]'] }), types),
    ).toBeUndefined();
  });

  it('falls back to an expression rooted at a resource type only one entry has', () => {
    expect(
      blamedEntry(outcome({ severity: 'error', expression: ['SupplyDelivery.suppliedItem'] }), types),
    ).toBe(3);
    expect(blamedEntry(outcome({ severity: 'error', expression: ['Location.name'] }), types)).toBeUndefined();
    expect(
      blamedEntry(outcome({ severity: 'error', diagnostics: 'too many entries' }), types),
    ).toBeUndefined();
  });
});

describe('entryStatusCode', () => {
  it('reads the code of a Bundle entry response status', () => {
    expect(entryStatusCode('201 Created')).toBe(201);
    expect(entryStatusCode('200')).toBe(200);
    expect(entryStatusCode(' 412 Precondition Failed')).toBe(412);
    expect(entryStatusCode('OK')).toBeUndefined();
    expect(entryStatusCode(200)).toBeUndefined();
  });
});
