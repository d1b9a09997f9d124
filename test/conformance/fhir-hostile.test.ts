/**
 * The FHIR mappings read untrusted input: whatever they are given, they return documents and issues
 * in the project's shape, never throw, and never take member names from the input.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type FhirVersion, canonicalToFhir, fhirToCanonical } from '@medsupply/fhir';
import type { MedsupplyDocument } from '@medsupply/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../support/shared.js';

const FOLDERS = ['stock-report', 'capacity-report', 'shipment', 'shortage-notice', 'demand-forecast'];
const documents: MedsupplyDocument[] = FOLDERS.flatMap((folder) => {
  const dir = join(repositoryRoot, 'schemas/fixtures/1.0.0', folder, 'valid');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
});
const bundles: Record<FhirVersion, unknown> = {
  '4': canonicalToFhir(documents, { fhirVersion: '4' }).bundle,
  '5': canonicalToFhir(documents, { fhirVersion: '5' }).bundle,
};

/** Every path to a value inside a JSON value, as lists of keys. */
function paths(
  value: unknown,
  prefix: Array<string | number> = [],
  found: Array<Array<string | number>> = [],
) {
  if (typeof value !== 'object' || value === null) return found;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    found.push(path);
    paths(child, path, found);
  }
  return found;
}

/** A copy of `value` with the member at `path` replaced (or deleted, for `undefined`). */
function mutate(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  // Deleting from an array removes the item (JSON has no holes).
  if (replacement === undefined && Array.isArray(node)) node.splice(Number(last), 1);
  else if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

const shapeOfIssue = {
  severity: expect.stringMatching(/^(error|warning|info)$/),
  code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/),
  path: expect.stringMatching(/^(\/.*)?$/),
  message: expect.any(String),
};

const replacement = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.constant({}),
  fc.constant([]),
  fc.constant('__proto__'),
  fc.constant({ reference: '#missing' }),
  fc.constant({ reference: 'Organization/__proto__' }),
);

describe('FHIR → canonical on mutated medsupply Bundles', () => {
  for (const version of ['4', '5'] as const) {
    const bundle = bundles[version];
    const where = paths(bundle);

    it(`R${version}: never throws and reports in the issue shape`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...where), replacement), { minLength: 1, maxLength: 4 }),
          (edits) => {
            let input = bundle;
            for (const [path, value] of edits) {
              try {
                input = mutate(input, path, value);
              } catch {
                // The path no longer exists after an earlier edit.
              }
            }
            const { documents: read, issues } = fhirToCanonical(input, { fhirVersion: version });
            for (const found of issues) expect(found).toMatchObject(shapeOfIssue);
            expect(Array.isArray(read)).toBe(true);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});

describe('FHIR → canonical on arbitrary JSON', () => {
  it('never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (input) => {
        const { issues } = fhirToCanonical(input, { fhirVersion: '5' });
        for (const found of issues) expect(found).toMatchObject(shapeOfIssue);
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonical → FHIR on mutated documents', () => {
  const where = documents.map((d) => paths(d));
  it('never throws on invalid documents', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: documents.length - 1 })
          .chain((index) => fc.tuple(fc.constant(index), fc.constantFrom(...where[index]!), replacement)),
        fc.constantFrom<FhirVersion>('4', '5'),
        ([index, path, value], version) => {
          const document = mutate(documents[index], path, value) as MedsupplyDocument;
          const { bundle, issues } = canonicalToFhir([document], { fhirVersion: version });
          expect(bundle.resourceType).toBe('Bundle');
          for (const found of issues) expect(found).toMatchObject(shapeOfIssue);
        },
      ),
      { numRuns: 300 },
    );
  });
});
