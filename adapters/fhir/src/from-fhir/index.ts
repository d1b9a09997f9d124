import type { MedsupplyDocument } from '@medsupply/types';
import { type Issue, issue } from '@medsupply/validators';
import { isInventoryReportBasic } from '../crossversion.js';
import type { FhirVersion } from '../types.js';
import { isObject, own } from '../util/json.js';
import { basicDocumentType, capacityReportFromFhir, shortageNoticeFromFhir } from './basic-documents.js';
import { FromFhirContext, type Located, Resolver } from './context.js';
import { demandForecastFromFhir, groupRequests } from './demand-forecast.js';
import { collectResources } from './input.js';
import { VALUE_READERS } from './readers.js';
import { groupDeliveries, shipmentFromFhir } from './shipment.js';
import { stockReportFromFhir } from './stock-report.js';

/** Options of {@link fhirToCanonical}. */
export interface FhirToCanonicalOptions {
  /** The FHIR version the input is expected in; resources of the other version are read, with a warning. */
  fhirVersion: FhirVersion;
}

/** The result of {@link fhirToCanonical}. */
export interface FhirToCanonicalResult {
  /** Documents mapped without errors (a document lacking required data is left out and reported). */
  documents: MedsupplyDocument[];
  /** Problems, with paths into the FHIR input (`/entry/2/resource/supplier`). */
  issues: Issue[];
  /** Resources (or groups of them) in the input that map to a document; `documents` holds those mapped. */
  attempted: number;
}

// Resources read only when a document refers to them, so they are not reported as skipped.
const REFERENCED_TYPES = new Set([
  'Organization',
  'Location',
  'Medication',
  'InventoryItem',
  'Practitioner',
  'PractitionerRole',
  'OperationOutcome',
]);

/**
 * A FHIR Bundle (any type: transaction, batch, searchset, collection, history), a single resource, or
 * an array of resources (for example NDJSON lines) → canonical documents. InventoryReport (or its R4
 * cross-version Basic) gives StockReports, SupplyDelivery Shipments (R4 deliveries of one shipment are
 * grouped back), SupplyRequest DemandForecasts, medsupply Basics CapacityReports and ShortageNotices.
 * Nothing is invented: a document whose required data the FHIR content lacks is not produced, and each
 * missing member is reported (FHIR_REQUIRED_DATA_MISSING with `params.canonicalPath`).
 */
export function fhirToCanonical(input: unknown, options: FhirToCanonicalOptions): FhirToCanonicalResult {
  const early: Issue[] = [];
  const located = collectResources(input, (severity, code, path, message, params) =>
    early.push(issue(severity, code, path, message, params)),
  );
  if (located === undefined) return { documents: [], issues: early, attempted: 0 };
  const ctx = new FromFhirContext(options.fhirVersion, new Resolver(located), VALUE_READERS);
  ctx.issues.push(...early);
  const jobs: Array<{ order: number; run: () => MedsupplyDocument | undefined }> = [];
  const deliveries: Located[] = [];
  const requests: Located[] = [];
  located.forEach((at, order) => {
    const type = at.resource.resourceType;
    checkVersion(ctx, at);
    if (type === 'InventoryReport') jobs.push({ order, run: () => stockReportFromFhir(ctx, at) });
    else if (type === 'SupplyDelivery') deliveries.push(at);
    else if (type === 'SupplyRequest') requests.push(at);
    else if (type === 'Basic' && basicDocumentType(at) === 'CapacityReport') {
      jobs.push({ order, run: () => capacityReportFromFhir(ctx, at) });
    } else if (type === 'Basic' && basicDocumentType(at) === 'ShortageNotice') {
      jobs.push({ order, run: () => shortageNoticeFromFhir(ctx, at) });
    } else if (type === 'Basic' && isInventoryReportBasic(at.resource)) {
      jobs.push({ order, run: () => stockReportFromFhir(ctx, at) });
    } else if (!REFERENCED_TYPES.has(type)) {
      ctx.report('info', 'FHIR_RESOURCE_SKIPPED', at.path, `${type} maps to no medsupply document`, {
        resourceType: type,
      });
    }
  });
  for (const group of groupDeliveries(ctx, deliveries)) {
    jobs.push({ order: located.indexOf(group.head), run: () => shipmentFromFhir(ctx, group) });
  }
  for (const group of groupRequests(ctx, requests)) {
    jobs.push({ order: located.indexOf(group.head), run: () => demandForecastFromFhir(ctx, group) });
  }
  if (jobs.length === 0) {
    ctx.report(
      'info',
      'FHIR_NO_DOCUMENT',
      '',
      'the input holds no resource that maps to a medsupply document',
    );
  }
  jobs.sort((a, b) => a.order - b.order);
  const documents: MedsupplyDocument[] = [];
  for (const job of jobs) {
    const document = job.run();
    if (document !== undefined) documents.push(document);
  }
  return { documents, issues: ctx.issues, attempted: jobs.length };
}

/** Warns when a resource has the shape of the other FHIR version (it is read anyway). */
function checkVersion(ctx: FromFhirContext, at: Located): void {
  const type = at.resource.resourceType;
  let other = false;
  if (ctx.version === '4') {
    other =
      type === 'InventoryReport' ||
      type === 'InventoryItem' ||
      Array.isArray(own(at.resource, 'suppliedItem'));
  } else {
    other =
      (type === 'SupplyDelivery' && isObject(own(at.resource, 'suppliedItem'))) ||
      own(at.resource, 'itemReference') !== undefined;
  }
  if (other) {
    ctx.report(
      'warning',
      'FHIR_VERSION_MISMATCH',
      at.path,
      `this ${type} has the shape of FHIR R${ctx.version === '4' ? '5' : '4'}`,
    );
  }
}
