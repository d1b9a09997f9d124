import type { FhirCodeableConcept, FhirExtension, FhirResource } from './types.js';
import { INVENTORY_REPORT_CROSS_VERSION_PROFILE, inventoryReportCrossVersionUrl } from './urls.js';
import { compact, isObject, own, ownArray, ownString } from './util/json.js';

/**
 * R4 has no InventoryReport. HL7's cross-version extensions carry an R5 InventoryReport in an R4
 * Basic: every R5 element becomes the extension `http://hl7.org/fhir/5.0/StructureDefinition/extension-InventoryReport.<element>`,
 * backbone elements become complex extensions whose parts are named after their child elements
 * (https://hl7.org/fhir/uv/xver-r5.r4/). These two functions translate between the shapes, so one
 * mapping serves both versions.
 */

/** The Basic.code of a cross-version InventoryReport. */
export const INVENTORY_REPORT_BASIC_CODE: FhirCodeableConcept = {
  coding: [{ system: 'http://hl7.org/fhir/fhir-types', code: 'InventoryReport' }],
};

const SIMPLE_ELEMENTS: ReadonlyArray<[string, string]> = [
  ['status', 'valueCode'],
  ['countType', 'valueCode'],
  ['operationType', 'valueCodeableConcept'],
  ['operationTypeReason', 'valueCodeableConcept'],
  ['reportedDateTime', 'valueDateTime'],
  ['reporter', 'valueReference'],
  ['reportingPeriod', 'valuePeriod'],
];

/** An R5 InventoryReport (as JSON) → an R4 Basic with cross-version extensions. */
export function inventoryReportToBasic(report: FhirResource): FhirResource {
  const extension: FhirExtension[] = [...((report.extension as FhirExtension[] | undefined) ?? [])];
  for (const [element, valueKey] of SIMPLE_ELEMENTS) {
    const value = own(report, element);
    if (value !== undefined)
      extension.push({ url: inventoryReportCrossVersionUrl(element), [valueKey]: value });
  }
  for (const listing of ownArray(report, 'inventoryListing')) {
    const parts: FhirExtension[] = [...(ownArray(listing, 'extension') as FhirExtension[])];
    pushPart(parts, 'location', 'valueReference', own(listing, 'location'));
    pushPart(parts, 'itemStatus', 'valueCodeableConcept', own(listing, 'itemStatus'));
    pushPart(parts, 'countingDateTime', 'valueDateTime', own(listing, 'countingDateTime'));
    for (const item of ownArray(listing, 'item')) {
      const itemParts: FhirExtension[] = [...(ownArray(item, 'extension') as FhirExtension[])];
      pushPart(itemParts, 'category', 'valueCodeableConcept', own(item, 'category'));
      pushPart(itemParts, 'quantity', 'valueQuantity', own(item, 'quantity'));
      const reference = own(own(item, 'item'), 'reference');
      if (reference !== undefined) pushPart(itemParts, 'item', 'valueReference', reference);
      else pushPart(itemParts, 'item', 'valueCodeableConcept', own(own(item, 'item'), 'concept'));
      parts.push({ url: 'item', extension: itemParts });
    }
    extension.push({ url: inventoryReportCrossVersionUrl('inventoryListing'), extension: parts });
  }
  for (const note of ownArray(report, 'note')) {
    extension.push({ url: inventoryReportCrossVersionUrl('note'), valueAnnotation: note });
  }
  const meta = isObject(report.meta) ? report.meta : {};
  return compact({
    resourceType: 'Basic',
    contained: report.contained,
    meta: { ...meta, profile: [INVENTORY_REPORT_CROSS_VERSION_PROFILE] },
    extension,
    identifier: own(report, 'identifier'),
    code: INVENTORY_REPORT_BASIC_CODE,
  });
}

function pushPart(parts: FhirExtension[], url: string, valueKey: string, value: unknown): void {
  if (value !== undefined) parts.push({ url, [valueKey]: value });
}

/** True when a Basic carries a cross-version InventoryReport (by code, profile or extensions). */
export function isInventoryReportBasic(basic: FhirResource): boolean {
  const codes = ownArray(own(basic, 'code'), 'coding');
  if (codes.some((c) => ownString(c, 'code') === 'InventoryReport')) return true;
  if (ownArray(own(basic, 'meta'), 'profile').includes(INVENTORY_REPORT_CROSS_VERSION_PROFILE)) return true;
  return ownArray(basic, 'extension').some((e) =>
    (ownString(e, 'url') ?? '').startsWith(inventoryReportCrossVersionUrl('')),
  );
}

/**
 * An R4 Basic with cross-version extensions → the R5 InventoryReport shape. Extensions that are not
 * cross-version ones stay as extensions at their level, so medsupply extensions read the same in both
 * versions. Unknown or ill-typed parts are dropped silently here; the mapper reports missing data.
 */
export function basicToInventoryReport(basic: FhirResource): FhirResource {
  const report: FhirResource = { resourceType: 'InventoryReport' };
  const other: unknown[] = [];
  const listings: unknown[] = [];
  const notes: unknown[] = [];
  const prefix = inventoryReportCrossVersionUrl('');
  for (const extension of ownArray(basic, 'extension')) {
    const url = ownString(extension, 'url') ?? '';
    if (!url.startsWith(prefix)) {
      other.push(extension);
      continue;
    }
    const element = url.slice(prefix.length);
    const simple = SIMPLE_ELEMENTS.find(([name]) => name === element);
    if (simple !== undefined) report[element] = own(extension, simple[1]);
    else if (element === 'inventoryListing')
      listings.push(listingFromParts(ownArray(extension, 'extension')));
    else if (element === 'note') notes.push(own(extension, 'valueAnnotation'));
  }
  return compact({
    ...report,
    id: own(basic, 'id') as string | undefined,
    meta: own(basic, 'meta'),
    contained: own(basic, 'contained'),
    extension: other,
    identifier: own(basic, 'identifier'),
    inventoryListing: listings,
    note: notes.filter((n) => n !== undefined),
  }) as FhirResource;
}

function listingFromParts(parts: unknown[]): Record<string, unknown> {
  const extension: unknown[] = [];
  const items: unknown[] = [];
  let location: unknown;
  let itemStatus: unknown;
  let countingDateTime: unknown;
  for (const part of parts) {
    const url = ownString(part, 'url');
    if (url === 'location') location = own(part, 'valueReference');
    else if (url === 'itemStatus') itemStatus = own(part, 'valueCodeableConcept');
    else if (url === 'countingDateTime') countingDateTime = own(part, 'valueDateTime');
    else if (url === 'item') items.push(itemFromParts(ownArray(part, 'extension')));
    else extension.push(part);
  }
  return compact({ extension, location, itemStatus, countingDateTime, item: items });
}

function itemFromParts(parts: unknown[]): Record<string, unknown> {
  const extension: unknown[] = [];
  let category: unknown;
  let quantity: unknown;
  let item: unknown;
  for (const part of parts) {
    const url = ownString(part, 'url');
    if (url === 'category') category = own(part, 'valueCodeableConcept');
    else if (url === 'quantity') quantity = own(part, 'valueQuantity');
    else if (url === 'item') {
      const reference = own(part, 'valueReference');
      item = reference !== undefined ? { reference } : { concept: own(part, 'valueCodeableConcept') };
    } else extension.push(part);
  }
  return compact({ extension, category, quantity, item });
}
