import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalToFhir, fhirToCanonical } from '../index.js';
import type { FhirBundle, FhirResource, FhirVersion } from '../types.js';

const SEA = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL(
        '../../../../schemas/fixtures/1.0.0/shipment/valid/sea-freight-in-transit.json',
        import.meta.url,
      ),
    ),
    'utf8',
  ),
);

function bundleOf(version: FhirVersion): FhirBundle {
  return canonicalToFhir([SEA], { fhirVersion: version }).bundle;
}

/** The same delivery with another shipper's shipment number: the same document id, other content. */
function otherShipmentNumber(resource: FhirResource): FhirResource {
  const identifier = (resource.identifier as { system: string; value: string }[]).map((id) =>
    id.system.includes('sahyadripharma') ? { ...id, value: `${id.value}-B` } : id,
  );
  return { ...resource, identifier };
}

const copy = <T>(value: T): T => structuredClone(value);
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe.each(['4', '5'] as const)('a Bundle that repeats entries (R%s)', (version) => {
  it('reads an identical repetition once and emits one document', () => {
    const bundle = bundleOf(version);
    const twice = { ...bundle, entry: [...bundle.entry!, ...copy(bundle.entry!)] };
    const once = fhirToCanonical(bundle, { fhirVersion: version });
    const result = fhirToCanonical(twice, { fhirVersion: version });
    expect(result.documents).toEqual(once.documents);
    expect(result.documents).toHaveLength(1);
    expect(codes(result.issues)).toContain('FHIR_DUPLICATE_ENTRY');
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('emits no document for a resource given twice with different content, and says why', () => {
    const bundle = bundleOf(version);
    const entries = copy(bundle.entry!);
    const delivery = entries.find((e) => e.resource?.resourceType === 'SupplyDelivery')!;
    delivery.resource = { ...delivery.resource!, status: 'abandoned' };
    const result = fhirToCanonical(
      { ...bundle, entry: [...bundle.entry!, delivery] },
      { fhirVersion: version },
    );
    expect(result.documents).toEqual([]);
    const conflict = result.issues.find((i) => i.code === 'FHIR_CONFLICTING_ENTRY');
    expect(conflict).toMatchObject({ severity: 'error', path: `/entry/${bundle.entry!.length}/resource` });
    expect(conflict?.params?.first).toMatch(/^\/entry\/\d+\/resource$/);
  });

  it('never emits two different documents with one documentId, even from resources with different fullUrls', () => {
    const bundle = bundleOf(version);
    const again = copy(bundle.entry!).map((entry) => ({
      ...entry,
      fullUrl: `${entry.fullUrl}-copy`,
      resource:
        entry.resource?.resourceType === 'SupplyDelivery'
          ? otherShipmentNumber(entry.resource)
          : entry.resource,
    }));
    const result = fhirToCanonical(
      { ...bundle, entry: [...bundle.entry!, ...again] },
      { fhirVersion: version },
    );
    const ids = result.documents.map((d) => d.documentId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.documents).toEqual([]);
    expect(codes(result.issues)).toContain('FHIR_CONFLICTING_DOCUMENT');
  });
});
