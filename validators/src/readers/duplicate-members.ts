/**
 * Duplicate member names (`{"documentType":"StockReport","documentType":"Shipment"}`). RFC 8259 §4
 * says names SHOULD be unique and that receivers then disagree (JSON.parse keeps the last, other
 * parsers the first), so a document could be validated as one type and read by a partner as
 * another. Readers refuse such records. The check is cheap on the common path: it compares how
 * many member names the text can hold at most with how many keys the parsed value has, and scans
 * the text token by token only when the two differ.
 */

/**
 * Returns the JSON Pointer (RFC 6901) of the first member whose name repeats an earlier one in the
 * same object, or undefined. `text` must be well-formed JSON whose parsed value has `keyCount` keys
 * over all its objects.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-4
 */
export function findDuplicateMember(text: string, keyCount: number): string | undefined {
  return namesProvablyUnique(text, keyCount) ? undefined : scanForDuplicate(text);
}

/**
 * The cheap proof, run on every record: true only when `text` cannot hold a repeated member name.
 * Every member name is a string followed, maybe after white space, by `:`, so the colons that have a
 * `"` just before them (white space skipped) number at least the member names; other strings only
 * add to that count (a `":` inside a value is `\":`). A count equal to the parsed value's keys, which
 * are never more than the names, therefore proves that no object lost a member to a repeated name.
 * Single-character `indexOf` is a native scan, several times cheaper than searching for the
 * two-character `":` or running a regular expression over the text.
 */
export function namesProvablyUnique(text: string, keyCount: number): boolean {
  let names = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) {
    let before = at - 1;
    let c = text.charCodeAt(before);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(--before);
    if (c === 0x22) names++;
  }
  return names === keyCount;
}

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

/**
 * The slow, exact path: walks the tokens of well-formed JSON keeping each object's names; the
 * pointer of the first repeated name, or undefined. Exported for the tests that hold the cheap proof
 * against it.
 */
export function scanForDuplicate(text: string): string | undefined {
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
