/**
 * Where a change applies: a JSON Pointer whose `*` tokens stand for every item of an array, resolved
 * against one document into the concrete members it names.
 */

/** One member a path names: its container, its key, and the array indexes its `*` tokens took. */
export interface Slot {
  container: Record<string, unknown> | unknown[];
  key: string;
  captures: string[];
}

/** The reference tokens of a JSON Pointer (`~1` is `/`, `~0` is `~`). */
export function pointerTokens(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a JSON Pointer from tokens. */
export function tokensPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Replaces the `*` tokens of a path with captured indexes, in order. */
export function fill(tokens: readonly string[], captures: readonly string[]): string[] {
  let next = 0;
  return tokens.map((t) => (t === '*' ? (captures[next++] ?? '*') : t));
}

/** True when a concrete pointer lies at or under a path pattern (`*` matches any one token). */
export function underPattern(pointer: string, pattern: string): boolean {
  const concrete = pointerTokens(pointer);
  const wanted = pointerTokens(pattern);
  if (concrete.length < wanted.length) return false;
  return wanted.every((t, i) => t === '*' || t === concrete[i]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The members a path names in a document, whether they are present or not (their container exists).
 * `*` visits every item of an array; anything else that is not there ends that branch.
 */
export function resolveSlots(root: unknown, tokens: readonly string[]): Slot[] {
  const found: Slot[] = [];
  const walk = (node: unknown, depth: number, captures: string[]) => {
    const token = tokens[depth]!;
    const last = depth === tokens.length - 1;
    if (token === '*') {
      if (!Array.isArray(node)) return;
      node.forEach((item, i) => {
        if (last) found.push({ container: node, key: String(i), captures: [...captures, String(i)] });
        else walk(item, depth + 1, [...captures, String(i)]);
      });
      return;
    }
    if (!isObject(node)) return;
    if (last) found.push({ container: node, key: token, captures });
    else if (Object.hasOwn(node, token)) walk(node[token], depth + 1, captures);
  };
  if (tokens.length > 0) walk(root, 0, []);
  return found;
}

/** True when the slot holds a value. */
export function has(slot: Slot): boolean {
  return Array.isArray(slot.container)
    ? Number(slot.key) < slot.container.length
    : Object.hasOwn(slot.container, slot.key);
}

/** The value in a slot (undefined when absent). */
export function read(slot: Slot): unknown {
  return has(slot) ? (slot.container as Record<string, unknown>)[slot.key] : undefined;
}

/** Removes an object member (array items are never removed: it would shift the others). */
export function remove(slot: Slot): void {
  if (!Array.isArray(slot.container)) delete slot.container[slot.key];
}

/** Renames an object member in place, keeping the member order. */
export function renameMember(container: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(container);
  for (const [key] of entries) delete container[key];
  for (const [key, value] of entries) container[key === from ? to : key] = value;
}

/**
 * Writes a value at concrete tokens, creating the objects on the way (never arrays). Returns false
 * when something that is not an object is in the way.
 */
export function writeAt(root: Record<string, unknown>, tokens: readonly string[], value: unknown): boolean {
  let node: unknown = root;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      node = node[Number(token)];
      continue;
    }
    if (!isObject(node)) return false;
    if (!Object.hasOwn(node, token)) node[token] = {};
    node = node[token];
  }
  const key = tokens.at(-1)!;
  if (Array.isArray(node)) {
    if (!/^\d+$/.test(key) || Number(key) >= node.length) return false;
    node[Number(key)] = value;
    return true;
  }
  if (!isObject(node)) return false;
  node[key] = value;
  return true;
}

/**
 * Removes the objects on a path that a removal left empty, deepest first (never the root, never
 * arrays): a move leaves no empty shell behind, so moving back and forth gives the document back.
 */
export function pruneEmpty(root: Record<string, unknown>, tokens: readonly string[]): void {
  for (let depth = tokens.length - 1; depth >= 1; depth--) {
    let parent: unknown = root;
    for (const token of tokens.slice(0, depth - 1))
      parent = Array.isArray(parent) ? parent[Number(token)] : (parent as Record<string, unknown>)?.[token];
    if (!isObject(parent)) return;
    const key = tokens[depth - 1]!;
    const child = parent[key];
    if (!isObject(child) || Object.keys(child).length > 0) return;
    delete parent[key];
  }
}
