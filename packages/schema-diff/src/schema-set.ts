/**
 * One side of a diff: a root schema plus every schema document its `$ref`s may reach, indexed by
 * `$id` and `$anchor` so that references resolve without any I/O.
 * https://json-schema.org/draft/2020-12/json-schema-core#section-8.2
 */
import { SchemaDiffError } from './codes.js';
import { parsePointer } from './pointer.js';

/** One schema document and the URI it is known by. */
export interface SchemaDocument {
  /** Retrieval URI (the document's own `$id` wins when it has one). */
  readonly uri: string;
  readonly schema: unknown;
}

/** Bounds on untrusted input. */
export interface SchemaLimits {
  /** Deepest nesting of JSON values walked. */
  readonly maxDepth: number;
  /** Most JSON objects and arrays walked over all documents. */
  readonly maxNodes: number;
}

/** Defaults: far beyond any real schema, small enough to stay fast. */
export const DEFAULT_LIMITS: SchemaLimits = { maxDepth: 128, maxNodes: 500_000 };

/** A schema found by resolving a reference: the value and the base URI that applies inside it. */
export interface Located {
  readonly schema: unknown;
  readonly base: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Resolves `ref` against `base`; undefined when it cannot be parsed as a URI reference. */
export function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

const withoutFragment = (uri: string): string => uri.split('#')[0] ?? uri;

/** The documents of one side of a diff, with every `$id` and `$anchor` indexed. */
export class SchemaSet {
  private readonly resources = new Map<string, Located>();
  private readonly anchors = new Map<string, Located>();
  private readonly refs: Array<{ ref: string; base: string; at: string }> = [];
  /** Dialect of the root document: draft-07 and older ignore keywords next to `$ref`. */
  readonly refOverridesSiblings: boolean;

  constructor(
    readonly root: SchemaDocument,
    others: readonly SchemaDocument[] = [],
    limits: SchemaLimits = DEFAULT_LIMITS,
  ) {
    if (!isObject(root.schema) && typeof root.schema !== 'boolean') {
      throw new SchemaDiffError(
        'DIFF_NOT_A_SCHEMA',
        '',
        `${root.uri} is not a schema (an object or a boolean)`,
      );
    }
    const budget = { nodes: 0 };
    for (const doc of [root, ...others])
      this.index(doc.schema, withoutFragment(doc.uri), 0, budget, limits, '');
    // Resolve every reference up front: a dangling one is an error even where the diff would not look.
    for (const { ref, base, at } of this.refs) this.resolve(ref, base, at);
    const dialect =
      isObject(root.schema) && typeof root.schema.$schema === 'string' ? root.schema.$schema : '';
    this.refOverridesSiblings = /draft-0[3-7]/.test(dialect);
  }

  /** The base URI of the root document (its `$id`, resolved). */
  get rootBase(): string {
    return baseOf(this.root.schema, withoutFragment(this.root.uri));
  }

  private index(
    value: unknown,
    base: string,
    depth: number,
    budget: { nodes: number },
    limits: SchemaLimits,
    path: string,
  ): void {
    if (typeof value !== 'object' || value === null) return;
    if (depth > limits.maxDepth) {
      throw new SchemaDiffError('DIFF_TOO_DEEP', path, `schema nests deeper than ${limits.maxDepth} levels`);
    }
    if (++budget.nodes > limits.maxNodes) {
      throw new SchemaDiffError('DIFF_TOO_LARGE', path, `schema has more than ${limits.maxNodes} nodes`);
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.index(item, base, depth + 1, budget, limits, `${path}/${i}`));
      return;
    }
    const record = value as Record<string, unknown>;
    const own = baseOf(record, base);
    if (!this.resources.has(own)) this.resources.set(own, { schema: value, base: own });
    if (depth === 0 && !this.resources.has(base)) this.resources.set(base, { schema: value, base: own });
    if (typeof record.$ref === 'string') this.refs.push({ ref: record.$ref, base: own, at: `${path}/$ref` });
    if (typeof record.$anchor === 'string')
      this.anchors.set(`${own}#${record.$anchor}`, { schema: value, base: own });
    for (const [key, child] of Object.entries(record)) {
      // enum/const/examples hold data, not schemas: an `$id` inside them means nothing.
      if (key === 'enum' || key === 'const' || key === 'examples' || key === 'default') continue;
      this.index(child, own, depth + 1, budget, limits, `${path}/${key}`);
    }
  }

  /** Finds the schema a `$ref` names, or throws DIFF_REF_UNRESOLVED. */
  resolve(ref: string, base: string, at: string): Located {
    const uri = resolveUri(ref, base);
    const found = uri === undefined ? undefined : this.lookup(uri);
    if (!found) throw new SchemaDiffError('DIFF_REF_UNRESOLVED', at, `cannot resolve $ref "${ref}"`);
    return found;
  }

  private lookup(uri: string): Located | undefined {
    const hash = uri.indexOf('#');
    const docUri = hash < 0 ? uri : uri.slice(0, hash);
    const fragment = hash < 0 ? '' : decodeURIComponent(uri.slice(hash + 1));
    const doc = this.resources.get(docUri);
    if (!doc) return undefined;
    if (fragment === '') return doc;
    const segments = parsePointer(fragment);
    if (!segments) return this.anchors.get(`${docUri}#${fragment}`);
    let current: unknown = doc.schema;
    let currentBase = doc.base;
    for (const segment of segments) {
      if (Array.isArray(current)) current = current[Number(segment)];
      else if (isObject(current) && Object.hasOwn(current, segment)) current = current[segment];
      else return undefined;
      if (isObject(current)) currentBase = baseOf(current, currentBase);
    }
    return current === undefined ? undefined : { schema: current, base: currentBase };
  }
}

/** The base URI inside `schema`: its `$id` resolved against the outer base. */
export function baseOf(schema: unknown, outer: string): string {
  if (isObject(schema) && typeof schema.$id === 'string') {
    const resolved = resolveUri(schema.$id, outer);
    if (resolved !== undefined) return withoutFragment(resolved);
  }
  return outer;
}
