/** UTF-8 check for browser bundles (see utf8.ts): a fatal TextDecoder rejects what Node's isUtf8 rejects. */
const strict = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are well-formed UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
