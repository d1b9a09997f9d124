/**
 * Makes text safe to print on a terminal: C0 and C1 control characters, DEL and the Unicode
 * bidirectional overrides are written as visible escapes (`\x1B`, `\u202E`), so that a server's
 * diagnostic or a Location header cannot move the cursor, clear the screen or reorder what is shown.
 * One printed line stays one line: a line break inside becomes `\n`.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    return code <= 0xff
      ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
      : `\\u${code.toString(16).toUpperCase()}`;
  });
}

// C0 controls, DEL, C1 controls, bidi embeddings/overrides (U+202A-202E) and isolates (U+2066-2069).
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The same for JSON text: JSON.stringify already escapes C0 controls, so the characters it leaves raw
 * (DEL, C1 controls, bidi controls) become `\uXXXX` escapes, which keep the JSON valid and equal.
 */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(
    JSON_RAW,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

const JSON_RAW = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
