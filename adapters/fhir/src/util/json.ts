/** Small helpers for reading untrusted JSON without trusting its shape. */

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own member of an object (never an inherited one such as `__proto__` or `constructor`). */
export function own(object: unknown, key: string): unknown {
  return isObject(object) && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** An own member when it is a non-empty string. */
export function ownString(object: unknown, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An own member when it is a finite number. */
export function ownNumber(object: unknown, key: string): number | undefined {
  const value = own(object, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An own member when it is an object. */
export function ownObject(object: unknown, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isObject(value) ? value : undefined;
}

/** An own member as an array (a single value becomes a one-element array; absent becomes empty). */
export function ownArray(object: unknown, key: string): unknown[] {
  const value = own(object, key);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** JSON text with object keys sorted, so equal values give equal text whatever their key order. */
export function stableStringify(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + stableStringify(value[i]);
    return `${text}]`;
  }
  const object = value as JsonObject;
  const keys = Object.keys(object).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${stableStringify(member)}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * A copy without the members that are undefined, empty arrays or empty objects: FHIR forbids empty
 * elements, and emitted JSON should have no `"x": undefined` holes. (Copying keeps objects in V8's
 * fast mode, which `delete` would not.)
 */
export function compact<T extends JsonObject>(object: T): T {
  const result: JsonObject = {};
  for (const key in object) {
    const value = object[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isObject(value) && isEmptyObject(value)) continue;
    result[key] = value;
  }
  return result as T;
}

function isEmptyObject(value: JsonObject): boolean {
  for (const _ in value) return false;
  return true;
}

/** The nesting depth of a JSON value, counted without recursion; stops counting at `limit + 1`. */
export function jsonDepth(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const child = (node as JsonObject)[key];
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return deepest;
}
