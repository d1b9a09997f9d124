/**
 * Read-only views of the object, array and number keywords of a schema, with the older spellings
 * (draft-07 `dependencies`, array-form `items` + `additionalItems`, draft-04 boolean exclusive
 * bounds) mapped onto the 2020-12 ones, so the comparison has one shape to deal with.
 */
import type { TypedNode } from './nodes.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ANNOTATION_ONLY = new Set(['title', 'description', 'examples', '$comment', 'default', 'deprecated']);

/** `true`, `{}` or annotations only: accepts everything. */
export const acceptsAll = (value: unknown): boolean =>
  value === undefined ||
  value === true ||
  (isObject(value) && Object.keys(value).every((k) => ANNOTATION_ONLY.has(k)));

/** Longest string a pattern is tried on (names and enum values are short; this bounds regex time). */
const MAX_MATCHED_LENGTH = 1024;

/** Whether `pattern` (ECMA-262, as JSON Schema says) matches `value`; undefined when it cannot tell. */
export function patternMatches(pattern: string, value: string): boolean | undefined {
  if (value.length > MAX_MATCHED_LENGTH) return undefined;
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags).test(value);
    } catch {
      // try without the unicode flag, then give up
    }
  }
  return undefined;
}

/** A subschema that decides about properties not declared in `properties`. */
export interface PartialModel {
  readonly schema: unknown;
  readonly segments: readonly string[];
}

/** The object keywords of a typed node. */
export interface ObjectView {
  readonly properties: ReadonlyMap<string, unknown>;
  readonly required: ReadonlySet<string>;
  readonly additional: unknown;
  readonly unevaluated: unknown;
  /** Own unevaluatedProperties, else the one of the object this part is composed into. */
  readonly unevaluatedEffective: unknown;
  readonly patternProperties: ReadonlyMap<string, unknown>;
  readonly propertyNames: unknown;
  readonly dependentRequired: ReadonlyMap<string, { keyword: string; names: ReadonlySet<string> }>;
  readonly dependentSchemas: ReadonlyMap<string, { keyword: string; schema: unknown }>;
  /** Undeclared properties may hold anything. */
  readonly open: boolean;
  /** What an undeclared property named `key` must match; undefined when it is forbidden. */
  partialFor(key: string): PartialModel | undefined;
}

const entries = (value: unknown): Array<[string, unknown]> => (isObject(value) ? Object.entries(value) : []);

/** Object keywords of `node`. */
export function objectView(node: TypedNode): ObjectView {
  const raw = node.raw;
  const properties = new Map(entries(raw.properties));
  const required = new Set(
    Array.isArray(raw.required) ? raw.required.filter((k) => typeof k === 'string') : [],
  );
  const patternProperties = new Map(entries(raw.patternProperties));
  const dependentRequired = new Map<string, { keyword: string; names: ReadonlySet<string> }>();
  const dependentSchemas = new Map<string, { keyword: string; schema: unknown }>();
  for (const keyword of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
    for (const [key, value] of entries(raw[keyword])) {
      if (Array.isArray(value)) {
        dependentRequired.set(key, { keyword, names: new Set(value.filter((v) => typeof v === 'string')) });
      } else dependentSchemas.set(key, { keyword, schema: value });
    }
  }
  const additional = raw.additionalProperties;
  const unevaluated = raw.unevaluatedProperties;
  const unevaluatedEffective = unevaluated !== undefined ? unevaluated : node.inheritedUnevaluated;
  const open =
    patternProperties.size === 0 &&
    acceptsAll(additional) &&
    (additional !== undefined || acceptsAll(unevaluatedEffective));
  return {
    properties,
    required,
    additional,
    unevaluated,
    unevaluatedEffective,
    patternProperties,
    propertyNames: raw.propertyNames,
    dependentRequired,
    dependentSchemas,
    open,
    partialFor(key) {
      for (const [pattern, schema] of patternProperties) {
        if (patternMatches(pattern, key) === true)
          return { schema, segments: ['patternProperties', pattern] };
      }
      if (additional === false) return undefined;
      if (additional !== undefined) return { schema: additional, segments: ['additionalProperties'] };
      if (unevaluatedEffective === false) return undefined;
      if (unevaluatedEffective !== undefined)
        return { schema: unevaluatedEffective, segments: ['unevaluatedProperties'] };
      return { schema: true, segments: [] };
    },
  };
}

/** The array keywords of a schema, tuple forms of every draft mapped to one. */
export interface ArrayView {
  /** Schema every item must match (no tuple). */
  readonly items: unknown;
  readonly prefix: readonly unknown[];
  readonly prefixKeyword: string;
  /** Schema of items after the tuple. */
  readonly additional: unknown;
  readonly additionalKeyword: string;
  readonly open: boolean;
  readonly partial: unknown;
}

/** Array keywords of `raw`. */
export function arrayView(raw: Readonly<Record<string, unknown>>): ArrayView {
  let items: unknown;
  let prefix: unknown[] = [];
  let prefixKeyword = 'prefixItems';
  let additional: unknown;
  let additionalKeyword = 'items';
  if (Array.isArray(raw.items)) {
    prefix = raw.items;
    prefixKeyword = 'items';
    additional = raw.additionalItems;
    additionalKeyword = 'additionalItems';
  } else if (Array.isArray(raw.prefixItems)) {
    prefix = raw.prefixItems;
    additional = raw.items;
  } else {
    items = acceptsAll(raw.items) ? undefined : raw.items;
  }
  const unevaluated = raw.unevaluatedItems;
  const open = acceptsAll(additional) && (additional !== undefined || acceptsAll(unevaluated));
  let partial: unknown;
  if (!open && additional !== false) {
    if (additional !== undefined && !acceptsAll(additional)) partial = additional;
    else if (additional === undefined && unevaluated !== false && unevaluated !== undefined)
      partial = unevaluated;
  }
  return { items, prefix, prefixKeyword, additional, additionalKeyword, open, partial };
}

/** One bound: its value, whether it is exclusive and the keyword that set it. */
export interface NumberBound {
  readonly value: number;
  readonly exclusive: boolean;
  readonly keyword: string;
}

/** The effective upper and lower bounds of a number schema (the tighter of inclusive and exclusive). */
export function numberBounds(node: TypedNode): { max?: NumberBound; min?: NumberBound } {
  const raw = node.raw;
  const pick = (inclusiveKey: string, exclusiveKey: string, tighter: (x: number, y: number) => boolean) => {
    const inclusive = typeof raw[inclusiveKey] === 'number' ? (raw[inclusiveKey] as number) : undefined;
    const exclusiveRaw = raw[exclusiveKey];
    if (exclusiveRaw === true && inclusive !== undefined)
      return { value: inclusive, exclusive: true, keyword: inclusiveKey };
    const exclusive = typeof exclusiveRaw === 'number' ? exclusiveRaw : undefined;
    if (exclusive === undefined)
      return inclusive === undefined
        ? undefined
        : { value: inclusive, exclusive: false, keyword: inclusiveKey };
    if (inclusive === undefined || !tighter(inclusive, exclusive))
      return { value: exclusive, exclusive: true, keyword: exclusiveKey };
    return { value: inclusive, exclusive: false, keyword: inclusiveKey };
  };
  const max = pick('maximum', 'exclusiveMaximum', (inc, exc) => inc < exc);
  const min = pick('minimum', 'exclusiveMinimum', (inc, exc) => inc > exc);
  return { ...(max ? { max } : {}), ...(min ? { min } : {}) };
}
