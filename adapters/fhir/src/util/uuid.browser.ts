/**
 * uuid.ts for browsers: the same name-based UUIDs, with SHA-1 from @noble/hashes instead of
 * node:crypto (browsers' WebCrypto digests only asynchronously, and the mapping is synchronous).
 */
import { sha1 } from '@noble/hashes/legacy.js';

// The namespace of uuid.ts (5b0b7d3e-9c2f-4a8e-8f6d-2c1a0e9b7f41), as bytes.
const NAMESPACE = Uint8Array.from('5b0b7d3e9c2f4a8e8f6d2c1a0e9b7f41'.match(/../g)!, (pair) =>
  Number.parseInt(pair, 16),
);
const encoder = new TextEncoder();

/** A name-based (version 5, SHA-1) UUID, identical to the Node version's (RFC 9562 §5.5). */
export function nameBasedUuid(name: string): string {
  const bytes = encoder.encode(name);
  const input = new Uint8Array(NAMESPACE.length + bytes.length);
  input.set(NAMESPACE);
  input.set(bytes, NAMESPACE.length);
  const hash = sha1(input);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = Array.from(hash.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its usual 8-4-4-4-12 hexadecimal form. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
