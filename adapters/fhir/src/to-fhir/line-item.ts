import type { FhirReference } from '../types.js';
import { own } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { lotReference, productReference } from './shared.js';

/** What a canonical line's `product` and `lot` become in FHIR. */
export interface LineItem {
  /** The lot still to be written as an extension; undefined when the item reference already carries it. */
  lot: unknown;
  /** Builds the item reference (adding its shared resources to the Bundle). */
  reference: () => FhirReference;
}

/**
 * The item of a Shipment or StockReport line. R5 has InventoryItem, so a line with a lot refers to
 * that lot's InventoryItem; R4 (or a line without a lot) refers to the Medication and keeps the lot
 * as an extension. The reference is built on demand so callers can write the line's extensions
 * first: both add shared resources, and the Bundle keeps the order in which they were added.
 */
export function lineItem(ctx: ToFhirContext, line: unknown, path: string, holder: Holder): LineItem {
  const product = own(line, 'product');
  const lot = own(line, 'lot');
  const inventoryItem = ctx.version === '5' && lot !== undefined;
  return {
    lot: inventoryItem ? undefined : lot,
    reference: () =>
      inventoryItem
        ? lotReference(ctx, product, lot, path, holder)
        : productReference(ctx, product, `${path}/product`, holder),
  };
}
