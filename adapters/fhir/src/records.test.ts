import type { MedsupplyDocument } from '@medsupply/types';
import { describe, expect, it } from 'vitest';
import { canonicalRecordsToFhir, fhirRecordsToCanonical } from './records.js';

describe('canonicalRecordsToFhir', () => {
  it('reports a document that cannot be mapped against the record it came from, path relative to it', () => {
    const documents = [{ documentType: 'NotAType', documentId: 'x' } as unknown as MedsupplyDocument];
    const { issues, failed } = canonicalRecordsToFhir(documents, [{ line: 4 }], { fhirVersion: '5' });
    expect(failed).toBe(1);
    expect(issues).toEqual([
      expect.objectContaining({
        issue: expect.objectContaining({ code: 'FHIR_DOCUMENT_INVALID', path: '' }),
        origin: { line: 4 },
      }),
    ]);
  });
});

describe('fhirRecordsToCanonical', () => {
  it('maps several records as an array and puts each issue on its record', () => {
    const values = [{ resourceType: 'Patient', id: 'a' }, 'not a resource'];
    const origins = [{ index: 0 }, { index: 1 }];
    const { issues } = fhirRecordsToCanonical(values, origins, (origin) => origin.index, {
      fhirVersion: '4',
    });
    for (const { issue, origin } of issues) {
      // Paths lose the record's index: whatever an issue says, it says within its record.
      if (origin !== undefined) expect(issue.path.startsWith(`/${origin.index}`)).toBe(false);
    }
    expect(issues.some(({ origin }) => origin?.index === 1)).toBe(true);
  });

  it('maps one whole value as the input itself and puts every issue on that record', () => {
    const bundle = { resourceType: 'Bundle', type: 'batch', entry: [{ resource: 'not a resource' }] };
    const { issues } = fhirRecordsToCanonical([bundle], [{ index: 0 }], (origin) => origin.index, {
      fhirVersion: '4',
    });
    expect(issues.length).toBeGreaterThan(0);
    for (const { origin } of issues) expect(origin).toEqual({ index: 0 });
  });
});
