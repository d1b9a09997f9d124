/**
 * uuid.ts for browsers: the same name-based UUIDs for documents derived from EPCIS, with SHA-1 from
 * @noble/hashes instead of node:crypto (WebCrypto digests only asynchronously; the mapping is synchronous).
 */
import { sha1 } from '@noble/hashes/legacy.js';

// The namespace of uuid.ts, as bytes.
const NAMESPACE = Uint8Array.from('2f0e4c1a7b5d4c399a8e6d1b3f5e9c20'.match(/../g)!, (pair) =>
  Number.parseInt(pair, 16),
);
const encoder = new TextEncoder();

/** A name-based UUID (RFC 9562 §5.5, version 5), identical to the Node version's. */
export function uuidFromName(name: string): string {
  const bytes = encoder.encode(name);
  const input = new Uint8Array(NAMESPACE.length + bytes.length);
  input.set(NAMESPACE);
  input.set(bytes, NAMESPACE.length);
  const hash = sha1(input);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = Array.from(hash.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
