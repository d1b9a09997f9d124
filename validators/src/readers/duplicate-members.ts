/**
 * Duplicate member names (`{"documentType":"StockReport","documentType":"Shipment"}`). RFC 8259 §4
 * says names SHOULD be unique and that receivers then disagree (JSON.parse keeps the last, other
 * parsers the first), so a document could be validated as one type and read by a partner as
 * another. Readers refuse such records. The check is cheap on the common path: it compares how
 * many member names the text holds with how many keys the parsed value has, and scans the text
 * token by token only when the two could differ.
 */

/**
 * Returns the JSON Pointer (RFC 6901) of the first member whose name repeats an earlier one in the
 * same object, or undefined. `text` must be well-formed JSON whose parsed value has `keyCount` keys
 * over all its objects.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-4
 */
export function findDuplicateMember(text: string, keyCount: number): string | undefined {
  // Each member name ends with `":`, except where white space sits before the colon; `":` inside a
  // string value is always `\":` and only makes the count larger. So a count equal to the keys
  // (and no spaced colon) proves there is no duplicate.
  let names = 0;
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) names++;
  if (names === keyCount && !SPACED_COLON.test(text)) return undefined;
  return scanForDuplicate(text);
}

const SPACED_COLON = /"[ \t\r\n]+:/;

interface Container {
  /** Member names seen so far (objects), or undefined for arrays. */
  names: Set<string> | undefined;
  /** Pointer of this container. */
  path: string;
  /** Next array index. */
  index: number;
  /** Name of the member whose value comes next (objects). */
  pending: string | undefined;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The slow, exact path: walks the tokens of well-formed JSON keeping each object's names. */
function scanForDuplicate(text: string): string | undefined {
  const stack: Container[] = [];
  let expectName = false;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return '';
    if (top.names === undefined) return `${top.path}/${top.index}`;
    return `${top.path}/${escapePointer(top.pending ?? '')}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: find its end, then decide whether it is a member name.
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectName && top?.names !== undefined) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        top.pending = name;
        if (top.names.has(name)) return `${top.path}/${escapePointer(name)}`;
        top.names.add(name);
        expectName = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      const path = childPath();
      stack.push({ names: c === 0x7b ? new Set() : undefined, path, index: 0, pending: undefined });
      expectName = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top?.names === undefined && top !== undefined) top.index++;
      expectName = top?.names !== undefined;
    }
  }
  return undefined;
}
