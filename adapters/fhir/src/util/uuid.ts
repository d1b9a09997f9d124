import { createHash } from 'node:crypto';

// A fixed namespace for medsupply name-based UUIDs (itself a random v4 UUID).
const NAMESPACE = Buffer.from('5b0b7d3e9c2f4a8e8f6d2c1a0e9b7f41', 'hex');

/**
 * A name-based (version 5, SHA-1) UUID: the same name always gives the same UUID, so a Bundle
 * built twice from the same documents is byte-identical (RFC 9562 §5.5).
 */
export function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its usual 8-4-4-4-12 hexadecimal form. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
