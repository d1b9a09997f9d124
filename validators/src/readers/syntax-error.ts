/**
 * Where a JSON text stops being well-formed. JSON.parse says why, but on Node 20 often not where
 * ("Unexpected token ',', "…" is not valid JSON"), so this strict scanner finds the offset, only
 * after JSON.parse has failed (never on the hot path).
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-2
 */

const State = { Value: 0, FirstValue: 1, Key: 2, FirstKey: 3, After: 4, End: 5 } as const;
type State = (typeof State)[keyof typeof State];

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Offset (in UTF-16 units) of the first character that makes `text` ill-formed JSON, or undefined. */
export function syntaxErrorOffset(text: string): number | undefined {
  const stack: string[] = [];
  const n = text.length;
  let i = 0;
  let state: State = State.Value;
  const afterValue = (): State => (stack.length === 0 ? State.End : State.After);
  /** Offset just past the string starting at `i`, or -(offset of the error) - 1. */
  const stringEnd = (start: number): number => {
    let j = start + 1;
    while (j < n) {
      const c = text[j]!;
      if (c === '"') return j + 1;
      if (c.charCodeAt(0) < 0x20) return -j - 1;
      if (c === '\\') {
        const e = text[j + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(j + 2, j + 6))) return -j - 1;
          j += 6;
        } else if (e !== undefined && ESCAPES.has(e)) j += 2;
        else return -j - 1;
      } else j++;
    }
    return -n - 1;
  };
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= n) return state === State.End ? undefined : n;
    const c = text[i]!;
    if (state === State.End) return i;
    if (state === State.After) {
      const top = stack[stack.length - 1];
      if (c === ',') state = top === '{' ? State.Key : State.Value;
      else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        stack.pop();
        state = afterValue();
      } else return i;
      i++;
      continue;
    }
    if (state === State.Key || state === State.FirstKey) {
      if (state === State.FirstKey && c === '}') {
        stack.pop();
        i++;
        state = afterValue();
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
      if (text[i] !== ':') return i;
      i++;
      state = State.Value;
      continue;
    }
    // A value is expected.
    if (state === State.FirstValue && c === ']') {
      stack.pop();
      i++;
      state = afterValue();
    } else if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      state = c === '{' ? State.FirstKey : State.FirstValue;
    } else if (c === '"') {
      const end = stringEnd(i);
      if (end < 0) return -end - 1;
      i = end;
      state = afterValue();
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      i += 4;
      state = afterValue();
    } else if (text.startsWith('false', i)) {
      i += 5;
      state = afterValue();
    } else {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number === null) return i;
      i += number[0].length;
      state = afterValue();
    }
  }
}
