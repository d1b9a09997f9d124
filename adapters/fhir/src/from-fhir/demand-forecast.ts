import type { MedsupplyDocument } from '@medsupply/types';
import { DEMAND_FORECAST_FIELDS, fieldUrl } from '../extensions/specs.js';
import { FORECAST_MEASURE_SYSTEM, FORECAST_PARAMETER_SYSTEM } from '../urls.js';
import { compact, own, ownArray } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { codesIn, dateFromFhir, dateTimeFromFhir } from './datatypes.js';
import { checkElements, requireMembers } from './document.js';
import { carriedDocumentId, readEnvelope } from './envelope.js';
import { readFields } from './fields.js';
import { locationFromReference } from './location.js';
import { periodFromFhir, quantityFromFhir } from './measures.js';
import { partyFromReference } from './party.js';
import { productFromConcept, productFromReference } from './product.js';
import { type DocumentGroup, partNumber } from './shipment.js';

const MEASURES = new Set(['demand', 'constrainedDemand', 'plannedSupply', 'committedSupply']);
const MAPPED = [
  'identifier',
  'status',
  'category',
  'item',
  'itemReference',
  'itemCodeableConcept',
  'quantity',
  'parameter',
  'occurrencePeriod',
  'occurrenceDateTime',
  'authoredOn',
  'requester',
  'deliverTo',
];

/**
 * Groups SupplyRequests into forecasts: medsupply requests with `<documentId>/<n>` identifiers join
 * the request carrying that documentId; any other request stands alone. Parts whose head is not in
 * the input are reported and left out.
 */
export function groupRequests(ctx: FromFhirContext, requests: readonly Located[]): DocumentGroup[] {
  const groups: DocumentGroup[] = [];
  const byDocumentId = new Map<string, DocumentGroup>();
  const parts: Located[] = [];
  for (const request of requests) {
    if (partNumber(request) !== undefined) {
      parts.push(request);
      continue;
    }
    const group: DocumentGroup = { head: request, parts: [] };
    groups.push(group);
    const documentId = carriedDocumentId(request);
    if (documentId !== undefined && !byDocumentId.has(documentId)) byDocumentId.set(documentId, group);
  }
  for (const part of parts) {
    const { documentId } = partNumber(part)!;
    const group = byDocumentId.get(documentId);
    if (group === undefined) {
      ctx.report(
        'warning',
        'FHIR_STALE_PART_IGNORED',
        part.path,
        `period of document ${documentId}, whose first request is not in the input`,
      );
    } else group.parts.push(part);
  }
  for (const group of groups) group.parts.sort((a, b) => partNumber(a)!.part - partNumber(b)!.part);
  return groups;
}

/**
 * SupplyRequest (one per series period) → DemandForecast (https://hl7.org/fhir/R5/supplyrequest.html).
 * Only medsupply requests carry the measure, jurisdiction and horizon a forecast needs; other requests
 * are orders, and are reported as lacking them.
 */
export function demandForecastFromFhir(
  ctx: FromFhirContext,
  group: DocumentGroup,
): MedsupplyDocument | undefined {
  const before = ctx.errorCount;
  const head = group.head;
  const resource = head.resource;
  const path = head.path;
  checkElements(ctx, head, MAPPED);
  const envelope = readEnvelope(ctx, head, 'DemandForecast', {
    sender: { reference: own(resource, 'requester'), path: `${path}/requester` },
  });
  if (envelope === undefined) return undefined;
  const fields = readFields(
    ctx,
    ownArray(resource, 'extension'),
    DEMAND_FORECAST_FIELDS,
    fieldUrl('DemandForecast'),
    head,
    path,
  );
  const scopeFields = (fields.scope ?? {}) as Record<string, unknown>;
  const deliverTo = own(resource, 'deliverTo');
  const scope = compact({
    jurisdiction: scopeFields.jurisdiction,
    location:
      deliverTo === undefined ? undefined : locationFromReference(ctx, deliverTo, head, `${path}/deliverTo`),
    program: scopeFields.program,
  });
  requireMembers(ctx, scope, ['jurisdiction'], path, '/scope');
  const measure = codesIn(own(resource, 'category'), FORECAST_MEASURE_SYSTEM).find((c) => MEASURES.has(c));
  const authoredOn = own(resource, 'authoredOn');
  const document = compact({
    ...envelope,
    forecaster: partyFromReference(ctx, own(resource, 'requester'), head, `${path}/requester`),
    scope,
    product: productOf(ctx, head),
    measure,
    method: fields.method,
    issuedAt: authoredOn === undefined ? undefined : dateTimeFromFhir(ctx, authoredOn, `${path}/authoredOn`),
    horizon: fields.horizon,
    series: [head, ...group.parts].map((part, index) => seriesEntry(ctx, part, `/series/${index}`)),
    basedOn: fields.basedOn,
  });
  requireMembers(ctx, document, ['forecaster', 'product', 'measure', 'issuedAt', 'horizon'], path);
  return ctx.errorCount === before ? (document as unknown as MedsupplyDocument) : undefined;
}

function productOf(ctx: FromFhirContext, head: Located): unknown {
  const resource = head.resource;
  const item = own(resource, 'item');
  const reference = own(resource, 'itemReference') ?? own(item, 'reference');
  if (reference !== undefined) return productFromReference(ctx, reference, head, `${head.path}/item`);
  const concept = own(resource, 'itemCodeableConcept') ?? own(item, 'concept');
  return concept === undefined ? undefined : productFromConcept(ctx, concept, `${head.path}/item`);
}

function seriesEntry(ctx: FromFhirContext, part: Located, canonicalPath: string): Record<string, unknown> {
  const resource = part.resource;
  const day = own(resource, 'occurrenceDateTime');
  let period: unknown;
  if (own(resource, 'occurrencePeriod') !== undefined) {
    period = periodFromFhir(ctx, own(resource, 'occurrencePeriod'), part, `${part.path}/occurrencePeriod`);
  } else if (day !== undefined) {
    const date = dateFromFhir(ctx, day, `${part.path}/occurrenceDateTime`);
    period = date === undefined ? undefined : { start: date, end: date, granularity: 'day' };
  }
  const bounds: Record<string, unknown> = {};
  ownArray(resource, 'parameter').forEach((parameter, index) => {
    const bound = codesIn(own(parameter, 'code'), FORECAST_PARAMETER_SYSTEM).find(
      (c) => c === 'lower' || c === 'upper',
    );
    if (bound === undefined) return;
    bounds[bound] = quantityFromFhir(
      ctx,
      own(parameter, 'valueQuantity'),
      part,
      `${part.path}/parameter/${index}/valueQuantity`,
    );
  });
  const entry = compact({
    period,
    quantity: quantityFromFhir(ctx, own(resource, 'quantity'), part, `${part.path}/quantity`),
    lower: bounds.lower,
    upper: bounds.upper,
  });
  requireMembers(ctx, entry, ['period', 'quantity'], part.path, canonicalPath);
  return entry;
}
