/**
 * The FHIR mappings over records read from an input, with every issue handed back against the record
 * it belongs to instead of a path into an array. This is the conversion step `medsupply convert` and
 * the browser playground share; each reads and validates its records and writes the output its own way.
 */
import type { MedsupplyDocument } from '@medsupply/types';
import type { Issue } from '@medsupply/validators';
import { fhirToCanonical } from './from-fhir/index.js';
import { canonicalToFhir } from './to-fhir/index.js';
import type { FhirBundle, FhirVersion } from './types.js';

/** An issue of a mapping and the record it belongs to (absent when it belongs to none). */
export interface RecordIssue<Origin> {
  issue: Issue;
  origin?: Origin;
}

/** The transaction Bundle of some records, their issues, and how many records could not be mapped. */
export interface RecordsToFhirResult<Origin> {
  bundle: FhirBundle;
  issues: RecordIssue<Origin>[];
  /** Records with a mapping error; they are left out of the Bundle. */
  failed: number;
}

// A path into the mapped array: `/3/lines/0` is record 3, path `/lines/0` within it.
const INDEXED_PATH = /^\/(\d+)(.*)$/;

/**
 * Maps canonical documents to one FHIR transaction Bundle (`canonicalToFhir`), reporting each issue
 * against the record the document came from: `origins[i]` is where `documents[i]` was read, and the
 * issue's path loses its `/i` prefix.
 *
 * @example
 * const { bundle, issues, failed } = canonicalRecordsToFhir(documents, records, { fhirVersion: '5' });
 * for (const { issue, origin } of issues) report(issue, origin?.line);
 */
export function canonicalRecordsToFhir<Origin>(
  documents: readonly MedsupplyDocument[],
  origins: readonly Origin[],
  options: { fhirVersion: FhirVersion },
): RecordsToFhirResult<Origin> {
  const { bundle, issues } = canonicalToFhir(documents, options);
  const failedDocuments = new Set<number>();
  const located: RecordIssue<Origin>[] = [];
  for (const found of issues) {
    const match = INDEXED_PATH.exec(found.path);
    const origin = match === null ? undefined : origins[Number(match[1])];
    located.push({
      issue: { ...found, path: match === null ? found.path : match[2]! },
      ...(origin === undefined ? {} : { origin }),
    });
    if (found.severity === 'error' && match !== null) failedDocuments.add(Number(match[1]));
  }
  return { bundle, issues: located, failed: failedDocuments.size };
}

/** The canonical documents of some FHIR records and their issues. */
export interface RecordsToCanonicalResult<Origin> {
  documents: MedsupplyDocument[];
  issues: RecordIssue<Origin>[];
  /** Resources (or groups of them) that map to a document; `documents` holds those mapped. */
  attempted: number;
}

/**
 * Maps FHIR records to canonical documents (`fhirToCanonical`). One record that is the whole input (at
 * index 0, not an array) is mapped as it is (a Bundle or a resource); several are mapped as an array
 * of resources, and an issue at `/i/…` is reported against `origins[i]` with the rest of the path.
 *
 * @example
 * const { documents, issues, attempted } = fhirRecordsToCanonical(values, records, (record) => record.index,
 *   { fhirVersion: '4', schemaVersion: '1.1.0' });
 */
export function fhirRecordsToCanonical<Origin>(
  values: readonly unknown[],
  origins: readonly Origin[],
  indexOf: (origin: Origin) => number,
  options: Parameters<typeof fhirToCanonical>[1],
): RecordsToCanonicalResult<Origin> {
  const first = origins[0];
  const single =
    values.length === 1 && first !== undefined && indexOf(first) === 0 && !Array.isArray(values[0]);
  const { documents, issues, attempted } = fhirToCanonical(single ? values[0] : values, options);
  const located: RecordIssue<Origin>[] = [];
  for (const found of issues) {
    const match = single ? null : INDEXED_PATH.exec(found.path);
    // The single record holds every issue; of several, an issue with no record index belongs to none.
    const origin = single ? first : match === null ? undefined : origins[Number(match[1])];
    located.push({
      issue: { ...found, path: match === null ? found.path : match[2]! },
      ...(origin === undefined ? {} : { origin }),
    });
  }
  return { documents, issues: located, attempted };
}
