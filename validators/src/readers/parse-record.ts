/**
 * Turns the bytes of one record into a value, or into issues: invalid UTF-8, too deep, not JSON.
 * Shared by the NDJSON and JSON readers so both report the same codes.
 */
import { type Issue, issue } from '../issue.js';
import { findDuplicateMember } from './duplicate-members.js';
import type { ReaderLimits } from './limits.js';
import { syntaxErrorOffset } from './syntax-error.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The outcome of parsing one record. */
export interface ParsedRecord {
  value?: unknown;
  issues: Issue[];
}

/**
 * Parses one record. `truncated` says the input ended inside it, so a syntax error is reported as
 * TRUNCATED_RECORD rather than JSON_SYNTAX.
 */
export function parseRecord(
  bytes: Uint8Array,
  limits: ReaderLimits,
  truncated = false,
  origin?: { line: number; column: number },
): ParsedRecord {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return {
      issues: [issue('error', 'INVALID_UTF8', '', `not valid UTF-8 (byte ${at})`, { byteOffset: at })],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    const position = syntaxErrorOffset(text) ?? /position (\d+)/.exec(detail)?.[1];
    const params: Record<string, unknown> = { detail };
    let where = '';
    if (position !== undefined) {
      params.position = Number(position);
      // Where that is in the file, as editors count: the record's own line and column are known.
      const at = fileLocation(text, Number(position), origin ?? { line: 1, column: 1 });
      params.line = at.line;
      params.column = at.column;
      where = ` at line ${at.line}, column ${at.column}`;
    }
    // EPCIS XML (or any XML) fed to the JSON reader: say what it is and what reads it.
    if (/^\s*</.test(text)) {
      where +=
        ' (this looks like XML; EPCIS XML is read by `medsupply convert --from epcis-xml --to canonical`)';
    }
    const code = truncated ? 'TRUNCATED_RECORD' : 'JSON_SYNTAX';
    const message = truncated
      ? `the input ends inside this record (${detail})`
      : `not well-formed JSON${where}: ${detail.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '')}`;
    return { issues: [issue('error', code, '', message, params)] };
  }
  // JSON.parse is iterative in V8, so depth is checked on the parsed value (far cheaper than scanning
  // the text first); what must not see deep values is our own code downstream. The same walk counts
  // members (for the duplicate check) and notices `__proto__` members.
  const shape = measure(value, limits.maxDepth);
  if (shape.tooDeep) {
    return {
      issues: [
        issue('error', 'JSON_TOO_DEEP', '', `nesting deeper than ${limits.maxDepth} levels`, {
          maxDepth: limits.maxDepth,
        }),
      ],
    };
  }
  if (shape.objects > 0) {
    const duplicate = findDuplicateMember(text, shape.keys);
    if (duplicate !== undefined) {
      const name = decodeLastToken(duplicate);
      return {
        issues: [
          issue(
            'error',
            'DUPLICATE_MEMBER',
            duplicate,
            `member "${name}" appears more than once in the same object; readers disagree on which one counts`,
            { name },
          ),
        ],
      };
    }
  }
  // JSON.parse makes `__proto__` an own member (no pollution), but no medsupply member has that name
  // and downstream code that copies objects could be fooled: refuse it outright.
  if (shape.forbiddenKey) {
    const path = findForbiddenKey(value);
    if (path !== undefined) {
      return {
        value,
        issues: [issue('error', 'FORBIDDEN_KEY', path, '"__proto__" is not allowed as a member name')],
      };
    }
  }
  return { value, issues: [] };
}

/** Line and column in the file of a character offset in a record that starts at `origin`. */
function fileLocation(
  text: string,
  position: number,
  origin: { line: number; column: number },
): { line: number; column: number } {
  let line = origin.line;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = position - lineStart + 1 + (line === origin.line ? origin.column - 1 : 0);
  return { line, column };
}

/** What one walk over a parsed value found. */
interface Shape {
  /** Arrays and objects nest deeper than the limit (the walk stopped there). */
  tooDeep: boolean;
  /** Objects in the value. */
  objects: number;
  /** Members over all its objects (for the duplicate member check). */
  keys: number;
  /** Some object has a `__proto__` member. */
  forbiddenKey: boolean;
}

/** Limits up to this deep are checked by recursion; deeper ones by an explicit stack (stack safety). */
const MAX_RECURSIVE_LIMIT = 1000;

/**
 * One walk over a parsed value: whether it nests deeper than `limit`, how many objects and keys it
 * holds, and whether a member is named `__proto__`. Recursive (the depth is bounded by `limit`), with
 * `for…in` over members: the value comes from JSON.parse, so its objects inherit only from
 * Object.prototype, whose members are not enumerable unless something polluted it (then Object.keys).
 */
function measure(root: unknown, limit: number): Shape {
  const shape: Shape = { tooDeep: false, objects: 0, keys: 0, forbiddenKey: false };
  if (root === null || typeof root !== 'object') return shape;
  const levels = Math.floor(limit);
  if (levels < 1) shape.tooDeep = true;
  else if (!(levels <= MAX_RECURSIVE_LIMIT) || hasEnumerableMembers(Object.prototype))
    measureIteratively(root, limit, shape);
  else if (!measureNode(root, levels - 1, shape)) shape.tooDeep = true;
  return shape;
}

/** Walks `node` with `room` more levels allowed below it; false as soon as the value nests too deep. */
function measureNode(node: object, room: number, shape: Shape): boolean {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (child !== null && typeof child === 'object' && (room <= 0 || !measureNode(child, room - 1, shape)))
        return false;
    }
    return true;
  }
  shape.objects++;
  let keys = 0;
  for (const key in node) {
    keys++;
    if (key === '__proto__') shape.forbiddenKey = true;
    const child: unknown = (node as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && (room <= 0 || !measureNode(child, room - 1, shape)))
      return false;
  }
  shape.keys += keys;
  return true;
}

function hasEnumerableMembers(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

/** {@link measure} with an explicit stack: for limits too large to recurse safely. */
function measureIteratively(root: object, limit: number, shape: Shape): void {
  const stack: Array<[object, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) {
      shape.tooDeep = true;
      return;
    }
    let children: unknown[];
    if (Array.isArray(node)) children = node;
    else {
      const keys = Object.keys(node);
      shape.objects++;
      shape.keys += keys.length;
      if (keys.includes('__proto__')) shape.forbiddenKey = true;
      children = keys.map((key) => (node as Record<string, unknown>)[key]);
    }
    for (const child of children)
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}

function decodeLastToken(pointer: string): string {
  return pointer
    .slice(pointer.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
}

/** True when arrays and objects nest deeper than `limit` (iterative: safe on any depth). */
export function deeperThan(root: unknown, limit: number): boolean {
  if (root === null || typeof root !== 'object') return false;
  const stack: Array<[object, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children)
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** The pointer of the first `__proto__` member, depth first in member order; undefined when there is none. */
export function findForbiddenKey(root: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === '__proto__') return childPath;
      stack.push([(node as Record<string, unknown>)[key], childPath]);
    }
  }
  return undefined;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Decode growing prefixes would be quadratic; walk the sequences instead.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}
