/**
 * Percent-encoding of Digital Link path segments and query values (RFC 3986 §2.1, GS1 Digital Link
 * §4.6): only unreserved characters stay as they are; in query values a space is `+`.
 */

const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);

/**
 * Decodes `s[start, end)`. `%hh` becomes the byte hh (kept as one character, as barcode data is
 * bytes); a `%` not followed by two hex digits stays literal; `+` is a space only in query values.
 * Returns `undefined` when a `%00` would put NUL into the value.
 */
export function uriUnescape(s: string, start: number, end: number, query: boolean): string | undefined {
  let out = '';
  let chunk = start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < end && isHexDigit(s.charCodeAt(i + 1)) && isHexDigit(s.charCodeAt(i + 2))) {
      const byte = hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2));
      if (byte === 0) return undefined;
      out += s.slice(chunk, i) + String.fromCharCode(byte);
      i += 2;
      chunk = i + 1;
    } else if (c === 43 && query) {
      out += `${s.slice(chunk, i)} `;
      chunk = i + 1;
    }
  }
  return chunk === start ? s.slice(start, end) : out + s.slice(chunk, end);
}

const HEX = '0123456789ABCDEF';
const UTF8 = new TextEncoder();

/** Unreserved characters (RFC 3986 §2.3), which are never encoded. */
const UNRESERVED = (() => {
  const t = new Uint8Array(128);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
})();

const isUnreserved = (c: number) => c < 128 && UNRESERVED[c] === 1;

/** Encodes a value for a path segment (`query` false) or a query value (`query` true). */
export function uriEscape(value: string, query: boolean): string {
  let first = 0;
  while (first < value.length && isUnreserved(value.charCodeAt(first))) first++;
  if (first === value.length) return value;
  let out = value.slice(0, first);
  let chunk = first;
  for (let i = first; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isUnreserved(c)) continue;
    out += value.slice(chunk, i);
    chunk = i + 1;
    if (c === 32 && query) out += '+';
    else if (c < 128) out += `%${HEX[c >> 4]}${HEX[c & 15]}`;
    else {
      // UTF-8 bytes of the code point; a lone surrogate becomes U+FFFD.
      const point = value.codePointAt(i) ?? 0xfffd;
      if (point > 0xffff) i++;
      chunk = i + 1;
      for (const byte of UTF8.encode(String.fromCodePoint(point)))
        out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
    }
  }
  return chunk === 0 ? value : out + value.slice(chunk);
}
