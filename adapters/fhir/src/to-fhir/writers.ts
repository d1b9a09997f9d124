import type { ValueWriters } from './context.js';
import { periodToFhir, quantityToFhir } from './measures.js';
import { locationReference, partyReference, productReference, supplySourceReference } from './shared.js';

/** The writers of nested values, handed to every conversion's context (see ValueWriters). */
export const VALUE_WRITERS: ValueWriters = {
  party: partyReference,
  location: locationReference,
  product: productReference,
  supplySource: supplySourceReference,
  quantity: quantityToFhir,
  period: periodToFhir,
};
