/**
 * JSON Pointer helpers (RFC 6901, https://www.rfc-editor.org/rfc/rfc6901).
 */

/** Escapes one reference token: `~` becomes `~0`, `/` becomes `~1`. */
export function escapePointerToken(token: string | number): string {
  const text = String(token);
  // Most tokens need no escaping; skip the regex work for them (this runs for every visited member).
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a base pointer and further tokens into one pointer. */
export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  let out = base;
  for (const t of tokens) out += `/${escapePointerToken(t)}`;
  return out;
}
