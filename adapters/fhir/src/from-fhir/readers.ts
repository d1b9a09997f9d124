import type { ValueReaders } from './context.js';
import { locationFromReference, supplySourceFromReference } from './location.js';
import { periodFromFhir, quantityFromFhir } from './measures.js';
import { partyFromReference } from './party.js';
import { productFromReference } from './product.js';

/** The readers of nested values, handed to every conversion's context (see ValueReaders). */
export const VALUE_READERS: ValueReaders = {
  party: partyFromReference,
  location: locationFromReference,
  product: productFromReference,
  supplySource: supplySourceFromReference,
  quantity: quantityFromFhir,
  period: periodFromFhir,
};
