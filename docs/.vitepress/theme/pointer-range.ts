/**
 * Where a JSON Pointer points in the text of a record, for highlighting: JSON (one document or an
 * array, whose element `index` holds the record), NDJSON (the record's line) or CSV (the whole line).
 */
import { type Node, findNodeAtLocation, parseTree } from 'jsonc-parser';

/** A character range in the editor's text. */
export interface TextRange {
  from: number;
  to: number;
}

/** The segments of a JSON Pointer (`/a/0/b~1c` → `a`, `0`, `b/c`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The node at a pointer below `root`, or its deepest existing ancestor. */
function nodeAt(root: Node, pointer: string): Node {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    const key = node.type === 'array' && /^\d+$/.test(segment) ? Number(segment) : segment;
    const child = findNodeAtLocation(node, [key]);
    if (!child) break;
    node = child;
  }
  return node;
}

/** Offsets of the starts of each line (line 1 at index 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The range of one line, without its line break. */
function lineRange(text: string, line: number): TextRange | undefined {
  const starts = lineStarts(text);
  const from = starts[line - 1];
  if (from === undefined) return undefined;
  const end = text.indexOf('\n', from);
  return { from, to: end === -1 ? text.length : end };
}

/** The range an issue of one record points at, or undefined when it cannot be placed. */
export function rangeOf(
  text: string,
  format: 'json' | 'ndjson' | 'csv',
  record: { index: number; line?: number },
  pointer: string,
): TextRange | undefined {
  if (format === 'csv') return record.line === undefined ? undefined : lineRange(text, record.line);
  if (format === 'ndjson') {
    const line = record.line === undefined ? undefined : lineRange(text, record.line);
    if (!line) return undefined;
    const root = parseTree(text.slice(line.from, line.to));
    if (!root) return line;
    const node = nodeAt(root, pointer);
    return { from: line.from + node.offset, to: line.from + node.offset + node.length };
  }
  const tree = parseTree(text);
  if (!tree) return undefined;
  const root = tree.type === 'array' ? tree.children?.[record.index] : tree;
  if (!root) return undefined;
  const node = nodeAt(root, pointer);
  return { from: node.offset, to: node.offset + node.length };
}
