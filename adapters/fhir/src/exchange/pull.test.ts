import { describe, expect, it } from 'vitest';
import { checkSince, referencesOf } from './pull.js';

describe('referencesOf', () => {
  const base = 'https://fhir.example.org/R4';

  it('finds relative and same-server absolute references, without versions or duplicates', () => {
    const delivery = {
      resourceType: 'SupplyDelivery',
      supplier: { reference: 'Organization/abc' },
      destination: { reference: `${base}/Location/l-1/_history/3` },
      suppliedItem: { itemReference: { reference: 'Medication/m.1' } },
      extension: [{ url: 'x', valueReference: { reference: 'Organization/abc' } }],
    };
    expect(referencesOf(delivery, base).sort()).toEqual([
      'Location/l-1',
      'Medication/m.1',
      'Organization/abc',
    ]);
  });

  it('leaves out contained, urn:, other servers and malformed references', () => {
    const resource = {
      resourceType: 'SupplyDelivery',
      contained: [{ resourceType: 'Organization', id: 'c', partOf: { reference: 'Organization/inside' } }],
      supplier: { reference: '#c' },
      receiver: [
        { reference: 'urn:uuid:7f9d7d3a-0c3e-4a43-9b0a-123456789abc' },
        { reference: 'https://other.example/R4/Organization/x' },
      ],
      destination: { reference: 'Location/../../etc/passwd' },
    };
    expect(referencesOf(resource, base)).toEqual([]);
  });

  it('stops at a bounded depth on hostile nesting', () => {
    let deep: Record<string, unknown> = { reference: 'Organization/deep' };
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    expect(referencesOf({ resourceType: 'Basic', deep }, base)).toEqual([]);
  });
});

describe('checkSince', () => {
  it('accepts FHIR dates and date-times', () => {
    for (const value of [
      '2025',
      '2025-03',
      '2025-03-01',
      '2025-03-01T08:30:00Z',
      '2025-03-01T08:30:00.123+03:00',
    ]) {
      expect(checkSince(value)).toBe(value);
    }
  });

  it('refuses anything else', () => {
    for (const value of [
      'yesterday',
      '2025-13-01',
      '2025-03-01T08:30',
      '01/03/2025',
      '2025-03-01 08:30:00Z',
      '',
    ]) {
      expect(() => checkSince(value)).toThrow(/--since/);
    }
  });
});
