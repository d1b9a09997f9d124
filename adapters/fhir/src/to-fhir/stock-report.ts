import { inventoryReportToBasic } from '../crossversion.js';
import {
  STOCK_LINE_FIELDS,
  STOCK_LISTING_FIELDS,
  STOCK_REPORT_FIELDS,
  fieldUrl,
} from '../extensions/specs.js';
import type { FhirCodeableConcept, FhirResource } from '../types.js';
import { DISPOSITION_SYSTEM, OPERATION_TYPE_SYSTEM } from '../urls.js';
import { toFhirDateTime } from '../util/dates.js';
import { compact, own, ownArray, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { codeConcept, extensionsOrUndefined } from './datatypes.js';
import {
  documentEntry,
  documentIdentifiers,
  documentMeta,
  envelopeExtensions,
  isCancel,
} from './envelope.js';
import { writeFields } from './fields.js';
import { lineItem } from './line-item.js';
import { periodToFhir, quantityToFhir } from './measures.js';
import { locationReference } from './shared.js';

/**
 * StockReport → R5 InventoryReport (https://hl7.org/fhir/R5/inventoryreport.html), or in R4 the
 * same content as a cross-version Basic. FHIR states the item status per listing, the canonical
 * model per line, so each canonical listing becomes one FHIR listing per run of lines sharing a
 * disposition; an extension keeps the canonical listing index so the split can be undone.
 */
export function stockReportToFhir(ctx: ToFhirContext, report: unknown, path: string): void {
  const holder: Holder = { contained: [] };
  const asOf = ownString(report, 'asOf');
  const period = own(report, 'period');
  const inventoryListing = ownArray(report, 'listings').flatMap((listing, listingIndex) =>
    listingToFhir(ctx, listing, listingIndex, asOf, `${path}/listings/${listingIndex}`, holder),
  );
  const extension = [
    ...envelopeExtensions(ctx, report, path, holder, { nativeCreatedAt: true }),
    ...writeFields(ctx, report, STOCK_REPORT_FIELDS, fieldUrl('StockReport'), path, holder),
  ];
  const createdAt = ownString(report, 'createdAt');
  const inventoryReport: FhirResource = compact({
    resourceType: 'InventoryReport',
    contained: holder.contained,
    meta: documentMeta(report),
    extension,
    identifier: documentIdentifiers(report, 0),
    status: isCancel(report) ? 'entered-in-error' : 'active',
    countType: ownString(report, 'countType'),
    operationType: operationType(report),
    reportedDateTime: createdAt === undefined ? undefined : toFhirDateTime(createdAt),
    reportingPeriod: period === undefined ? undefined : periodToFhir(ctx, period, `${path}/period`, holder),
    inventoryListing,
  });
  const resource = ctx.version === '4' ? inventoryReportToBasic(inventoryReport) : inventoryReport;
  const { fullUrl, request } = documentEntry(report, resource.resourceType, 0);
  ctx.addDocumentEntry({ fullUrl, resource, request });
}

function listingToFhir(
  ctx: ToFhirContext,
  listing: unknown,
  listingIndex: number,
  asOf: string | undefined,
  path: string,
  holder: Holder,
): Record<string, unknown>[] {
  const location = own(listing, 'location');
  const runs: Array<{ disposition: string | undefined; lines: Array<[unknown, number]> }> = [];
  ownArray(listing, 'lines').forEach((line, lineIndex) => {
    const disposition = ownString(line, 'disposition');
    const last = runs[runs.length - 1];
    if (last !== undefined && last.disposition === disposition) last.lines.push([line, lineIndex]);
    else runs.push({ disposition, lines: [[line, lineIndex]] });
  });
  if (runs.length === 0) runs.push({ disposition: undefined, lines: [] });
  return runs.map((run) =>
    compact({
      extension: writeFields(
        ctx,
        { index: listingIndex },
        STOCK_LISTING_FIELDS,
        fieldUrl('StockReport.listings'),
        path,
        holder,
      ),
      location:
        location === undefined ? undefined : locationReference(ctx, location, `${path}/location`, holder),
      itemStatus:
        run.disposition === undefined ? undefined : codeConcept(DISPOSITION_SYSTEM, run.disposition),
      countingDateTime: asOf === undefined ? undefined : toFhirDateTime(asOf),
      item: run.lines.map(([line, lineIndex]) => lineToFhir(ctx, line, `${path}/lines/${lineIndex}`, holder)),
    }),
  );
}

function lineToFhir(
  ctx: ToFhirContext,
  line: unknown,
  path: string,
  holder: Holder,
): Record<string, unknown> {
  const item = lineItem(ctx, line, path, holder);
  const leftovers = {
    lot: item.lot,
    balanceMethod: own(line, 'balanceMethod'),
    movements: own(line, 'movements'),
    periodTotals: own(line, 'periodTotals'),
    averageMonthlyConsumption: own(line, 'averageMonthlyConsumption'),
  };
  const quantity = own(line, 'quantity');
  return compact({
    extension: extensionsOrUndefined(
      writeFields(ctx, leftovers, STOCK_LINE_FIELDS, fieldUrl('StockReport.listings.lines'), path, holder),
    ),
    quantity: quantity === undefined ? undefined : quantityToFhir(ctx, quantity, `${path}/quantity`, holder),
    item: { reference: item.reference() },
  });
}

/** addition or subtraction when every movement of a difference report goes the same way. */
function operationType(report: unknown): FhirCodeableConcept | undefined {
  if (own(report, 'countType') !== 'difference') return undefined;
  const directions = new Set<unknown>();
  for (const listing of ownArray(report, 'listings')) {
    for (const line of ownArray(listing, 'lines')) {
      for (const movement of ownArray(line, 'movements')) directions.add(own(movement, 'direction'));
    }
  }
  if (directions.size !== 1) return undefined;
  const [direction] = directions;
  if (direction === 'credit') return codeConcept(OPERATION_TYPE_SYSTEM, 'addition');
  if (direction === 'debit') return codeConcept(OPERATION_TYPE_SYSTEM, 'subtraction');
  return undefined;
}
