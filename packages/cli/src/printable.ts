/**
 * Text printed for people may come from the input (file names, member names, values) or from a
 * server (diagnostics, headers). Control characters in it could move the cursor, clear the screen,
 * recolour or hide text and print a fake summary; bidirectional overrides can reorder what is read.
 * Every such character is shown as a visible escape instead. Machine formats (JSON, SARIF, JUnit)
 * do not use this: their own encoders keep the exact value.
 */

// C0 controls (tab and newline too: one message stays one line), DEL, C1 controls, the Arabic letter
// mark, LRM/RLM, line and paragraph separators, bidi embeddings/overrides (U+202A–E) and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Returns `text` with every control and bidi-control character written as `\xHH` (below U+0100) or
 * `\uHHHH`, so it prints as the characters it holds and cannot steer the terminal.
 * @see https://unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The same for JSON text printed on a terminal: JSON.stringify already escapes C0 controls, so the
 * characters it leaves raw (DEL, C1 controls, bidi controls, separators) become `\uXXXX` escapes,
 * which keep the JSON valid and equal to what it was.
 */
export function printableJson(json: string): string {
  return json.replace(JSON_RAW, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
