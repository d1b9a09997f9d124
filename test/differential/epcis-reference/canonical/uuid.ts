import { createHash } from 'node:crypto';

// A fixed namespace for medsupply documents derived from EPCIS (a random UUID, chosen once).
const NAMESPACE = '2f0e4c1a-7b5d-4c39-9a8e-6d1b3f5e9c20';
// The hash state after the namespace, made once and copied for each name.
const NAMESPACED = createHash('sha1').update(Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex'));

/**
 * A name-based UUID (RFC 9562 §5.5, version 5): the same EPCIS shipment always converts to the same
 * documentId, so re-running a conversion updates records instead of duplicating them.
 */
export function uuidFromName(name: string): string {
  const hash = NAMESPACED.copy().update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
