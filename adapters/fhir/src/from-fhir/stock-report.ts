import type { MedsupplyDocument } from '@medsupply/types';
import { basicToInventoryReport } from '../crossversion.js';
import {
  STOCK_LINE_FIELDS,
  STOCK_LISTING_FIELDS,
  STOCK_REPORT_FIELDS,
  fieldUrl,
} from '../extensions/specs.js';
import { DISPOSITION_SYSTEM } from '../urls.js';
import { compact, own, ownArray, ownString, stableStringify } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { codesIn, dateTimeFromFhir } from './datatypes.js';
import { checkElements, requireMembers } from './document.js';
import { readEnvelope } from './envelope.js';
import { readFields } from './fields.js';
import { locationFromReference } from './location.js';
import { periodFromFhir, quantityFromFhir } from './measures.js';
import { partyFromReference } from './party.js';
import { itemFromReference, productFromConcept } from './product.js';

const DISPOSITIONS = new Set([
  'available',
  'quarantine',
  'damaged',
  'expired',
  'recalled',
  'inTransit',
  'reserved',
]);
const MAPPED = [
  'identifier',
  'status',
  'countType',
  'operationType',
  'reportedDateTime',
  'reporter',
  'reportingPeriod',
  'inventoryListing',
];

/**
 * InventoryReport (R5), or a cross-version Basic (R4), → StockReport. FHIR listings that came from
 * one canonical listing (medsupply listing index, or the same location one after another) are joined
 * again; the listing's itemStatus becomes each line's disposition.
 */
export function stockReportFromFhir(ctx: FromFhirContext, at: Located): MedsupplyDocument | undefined {
  const before = ctx.errorCount;
  const report = at.resource.resourceType === 'Basic' ? basicToInventoryReport(at.resource) : at.resource;
  const view: Located = { ...at, resource: report };
  checkElements(ctx, view, MAPPED);
  const envelope = readEnvelope(ctx, view, 'StockReport', {
    createdAt: { value: own(report, 'reportedDateTime'), path: `${at.path}/reportedDateTime` },
    sender: { reference: own(report, 'reporter'), path: `${at.path}/reporter` },
  });
  if (envelope === undefined) return undefined;
  const fields = readFields(
    ctx,
    ownArray(report, 'extension'),
    STOCK_REPORT_FIELDS,
    fieldUrl('StockReport'),
    view,
    at.path,
  );
  const countType = ownString(report, 'countType');
  const listings = ownArray(report, 'inventoryListing');
  const document = compact({
    ...envelope,
    countType: countType === 'snapshot' || countType === 'difference' ? countType : undefined,
    // InventoryReport.reporter cannot be an Organization; a PractitionerRole gives its organisation.
    reporter:
      fields.reporter ??
      (own(report, 'reporter') === undefined
        ? undefined
        : partyFromReference(ctx, own(report, 'reporter'), view, `${at.path}/reporter`)),
    asOf: asOf(ctx, listings, at.path),
    period:
      own(report, 'reportingPeriod') === undefined
        ? undefined
        : periodFromFhir(ctx, own(report, 'reportingPeriod'), view, `${at.path}/reportingPeriod`),
    program: fields.program,
    listings: readListings(ctx, view, listings),
  });
  requireMembers(ctx, document, ['countType', 'reporter', 'listings'], at.path);
  return ctx.errorCount === before ? (document as unknown as MedsupplyDocument) : undefined;
}

/** The counting time: every listing of a canonical report has the same one; the first is used. */
function asOf(ctx: FromFhirContext, listings: unknown[], path: string): string | undefined {
  const times = listings.map((l) => own(l, 'countingDateTime')).filter((t) => t !== undefined);
  if (times.length === 0) return undefined;
  if (new Set(times).size > 1) {
    ctx.report(
      'warning',
      'FHIR_VALUE_UNMAPPED',
      `${path}/inventoryListing`,
      'listings were counted at different times; asOf is the first',
    );
  }
  const index = listings.findIndex((l) => own(l, 'countingDateTime') !== undefined);
  return dateTimeFromFhir(ctx, times[0], `${path}/inventoryListing/${index}/countingDateTime`);
}

function readListings(ctx: FromFhirContext, view: Located, listings: unknown[]): Record<string, unknown>[] {
  const groups: Array<{ key: string; members: Array<[unknown, number]> }> = [];
  listings.forEach((listing, index) => {
    const fields = readFields(
      ctx,
      ownArray(listing, 'extension'),
      STOCK_LISTING_FIELDS,
      fieldUrl('StockReport.listings'),
      view,
      `${view.path}/inventoryListing/${index}`,
    );
    const key =
      fields.index !== undefined
        ? `#${String(fields.index)}`
        : `@${stableStringify(own(listing, 'location') ?? null)}`;
    const last = groups[groups.length - 1];
    if (last !== undefined && last.key === key) last.members.push([listing, index]);
    else groups.push({ key, members: [[listing, index]] });
  });
  return groups.map((group, listingIndex) => {
    const [first, firstIndex] = group.members[0]!;
    const path = `${view.path}/inventoryListing/${firstIndex}`;
    const location = locationFromReference(ctx, own(first, 'location'), view, `${path}/location`);
    if (location === undefined)
      ctx.missing(
        path,
        `/listings/${listingIndex}/location`,
        `no value for /listings/${listingIndex}/location`,
      );
    const lines: Record<string, unknown>[] = [];
    for (const [listing, index] of group.members) {
      const disposition = dispositionOf(
        ctx,
        own(listing, 'itemStatus'),
        `${view.path}/inventoryListing/${index}/itemStatus`,
      );
      ownArray(listing, 'item').forEach((item, itemIndex) => {
        const canonicalPath = `/listings/${listingIndex}/lines/${lines.length}`;
        lines.push(
          readLine(
            ctx,
            view,
            item,
            disposition,
            `${view.path}/inventoryListing/${index}/item/${itemIndex}`,
            canonicalPath,
          ),
        );
      });
    }
    if (lines.length === 0)
      ctx.missing(path, `/listings/${listingIndex}/lines`, `no value for /listings/${listingIndex}/lines`);
    return compact({ location, lines });
  });
}

function dispositionOf(ctx: FromFhirContext, itemStatus: unknown, path: string): string | undefined {
  if (itemStatus === undefined) return undefined;
  const ours = codesIn(itemStatus, DISPOSITION_SYSTEM).find((c) => DISPOSITIONS.has(c));
  if (ours !== undefined) return ours;
  const same = ownArray(itemStatus, 'coding')
    .map((c) => ownString(c, 'code'))
    .find((c) => c !== undefined && DISPOSITIONS.has(c));
  if (same !== undefined) return same;
  ctx.report(
    'error',
    'FHIR_DISPOSITION_UNMAPPED',
    path,
    'the item status is not one of the medsupply dispositions',
  );
  return undefined;
}

function readLine(
  ctx: FromFhirContext,
  view: Located,
  item: unknown,
  disposition: string | undefined,
  path: string,
  canonicalPath: string,
): Record<string, unknown> {
  const reference = own(own(item, 'item'), 'reference');
  const read =
    reference !== undefined
      ? itemFromReference(ctx, reference, view, `${path}/item/reference`)
      : { product: productFromConcept(ctx, own(own(item, 'item'), 'concept'), `${path}/item/concept`) };
  const extras = readFields(
    ctx,
    ownArray(item, 'extension'),
    STOCK_LINE_FIELDS,
    fieldUrl('StockReport.listings.lines'),
    view,
    path,
  );
  const quantity = quantityFromFhir(ctx, own(item, 'quantity'), view, `${path}/quantity`);
  const line = compact({
    product: read.product,
    lot: extras.lot ?? read.lot,
    quantity,
    disposition,
    balanceMethod: extras.balanceMethod,
    movements: extras.movements,
    periodTotals: extras.periodTotals,
    averageMonthlyConsumption: extras.averageMonthlyConsumption,
  });
  requireMembers(ctx, line, ['product', 'quantity'], path, canonicalPath);
  return line;
}
