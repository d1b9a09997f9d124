import type { MedsupplyDocument } from '@medsupply/types';
import type { Issue } from '@medsupply/validators';
import type { FhirBundle, FhirVersion } from '../types.js';
import { isObject, stableStringify } from '../util/json.js';
import { capacityReportToFhir, shortageNoticeToFhir } from './basic-documents.js';
import { ToFhirContext } from './context.js';
import { demandForecastToFhir } from './demand-forecast.js';
import { shipmentToFhir } from './shipment.js';
import { stockReportToFhir } from './stock-report.js';
import { VALUE_WRITERS } from './writers.js';

/** Options of {@link canonicalToFhir}. */
export interface CanonicalToFhirOptions {
  /** `4` for R4 (4.0.1), `5` for R5 (5.0.0). */
  fhirVersion: FhirVersion;
}

/** The result of {@link canonicalToFhir}. */
export interface CanonicalToFhirResult {
  bundle: FhirBundle;
  /** Problems, with paths into the `documents` array (`/0/lines/2/lot`). */
  issues: Issue[];
}

const MAPPERS: Readonly<Record<string, (ctx: ToFhirContext, document: unknown, path: string) => void>> = {
  StockReport: stockReportToFhir,
  Shipment: shipmentToFhir,
  DemandForecast: demandForecastToFhir,
  CapacityReport: capacityReportToFhir,
  ShortageNotice: shortageNoticeToFhir,
};

/**
 * Canonical documents → one FHIR transaction Bundle (https://hl7.org/fhir/R5/bundle.html#transaction).
 * Entries use `urn:uuid` fullUrls (name-based, so the same input gives the same Bundle); shared
 * organisations, locations, products and lots are conditional creates on their first identifier,
 * documents on their documentId (a replace or cancel is a conditional update of the superseded one),
 * so sending the Bundle twice stores nothing twice. A documentId given twice is converted once (and
 * reported when the two contents differ). Documents should be valid (`medsupply validate`);
 * the mapping is documented field by field in docs/reference/fhir-mapping.md.
 */
export function canonicalToFhir(
  documents: readonly MedsupplyDocument[],
  options: CanonicalToFhirOptions,
): CanonicalToFhirResult {
  const ctx = new ToFhirContext(options.fhirVersion, VALUE_WRITERS);
  const seen = new Map<string, unknown>();
  documents.forEach((document, index) => {
    const documentType = isObject(document) ? document.documentType : undefined;
    const mapper =
      typeof documentType === 'string' && Object.hasOwn(MAPPERS, documentType)
        ? MAPPERS[documentType]
        : undefined;
    if (mapper === undefined) {
      ctx.report(
        'error',
        'FHIR_DOCUMENT_INVALID',
        `/${index}`,
        'not a medsupply document with a known documentType',
        {
          documentType: typeof documentType === 'string' ? documentType : null,
        },
      );
      return;
    }
    // One Bundle cannot hold two resources with the same fullUrl and conditional key.
    const documentId = String((document as { documentId?: unknown }).documentId);
    const earlier = seen.get(documentId);
    if (earlier !== undefined) {
      if (stableStringify(earlier) !== stableStringify(document)) {
        ctx.report(
          'error',
          'FHIR_DUPLICATE_DOCUMENT_ID',
          `/${index}/documentId`,
          `documentId ${documentId} was already given with other content`,
          {
            documentId,
          },
        );
      }
      return;
    }
    seen.set(documentId, document);
    mapper(ctx, document, `/${index}`);
  });
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry: ctx.entries }, issues: ctx.issues };
}
