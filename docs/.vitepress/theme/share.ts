/** `#doc=` links: the document's UTF-8 text as base64url (RFC 4648 §5, no padding). */

/** Encodes text as base64url of its UTF-8 bytes. */
export function encodeDocument(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes base64url (padding optional) to text; undefined when it is not valid base64url or UTF-8. */
export function decodeDocument(encoded: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(encoded)) return undefined;
  try {
    const base64 = encoded.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The `doc` parameter of a location hash (`#doc=…`), if any. */
export function documentFromHash(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('doc');
  return value === null ? undefined : decodeDocument(value);
}
