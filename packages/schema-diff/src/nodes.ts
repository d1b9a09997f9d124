/**
 * Turns raw JSON Schema into the shapes the comparison works on. A schema object that mixes keyword
 * families (a type, an enum, an allOf, an if) becomes an allOf of one part per family, so that
 * "constraint added next to the type" and "allOf branch added" are the same question. A list of types
 * becomes an anyOf of one part per type. Nodes are built lazily and cached, so recursive schemas cost
 * nothing extra.
 */
import type { Located, SchemaSet } from './schema-set.js';
import { baseOf } from './schema-set.js';

/** Instance types a typed part constrains (`integer` is `number` with `integer: true`). */
export type InstanceType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** A child of a node and where it sits, as pointer segments relative to the parent. */
export interface Child {
  readonly node: SchemaNode;
  readonly segments: readonly string[];
}

interface NodeBase {
  readonly id: number;
}

/** The schema `false`: nothing is valid. */
export interface FalseNode extends NodeBase {
  readonly kind: 'false';
}
/** The schema `true`, `{}` or annotations only: everything is valid. */
export interface EmptyNode extends NodeBase {
  readonly kind: 'empty';
}
/** A `$ref`, resolved when compared. */
export interface RefNode extends NodeBase {
  readonly kind: 'ref';
  readonly ref: string;
  readonly target: () => SchemaNode;
}
/** The keywords of one instance type. `requiresType` is false when `type` was not given. */
export interface TypedNode extends NodeBase {
  readonly kind: 'typed';
  readonly type: InstanceType;
  readonly integer: boolean;
  readonly requiresType: boolean;
  /** Type not required and every keyword says nothing (`{"properties": {}}`): accepts everything. */
  readonly vacuous: boolean;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly base: string;
  /** `unevaluatedProperties` of an enclosing object whose composition this part belongs to. */
  readonly inheritedUnevaluated: unknown;
  readonly child: (value: unknown, segments: readonly string[]) => Child;
}
/** `enum`, or `const` as an enum of one value. */
export interface EnumNode extends NodeBase {
  readonly kind: 'enum';
  readonly keyword: 'enum' | 'const';
  readonly values: readonly unknown[];
}
/** `not`. */
export interface NotNode extends NodeBase {
  readonly kind: 'not';
  readonly sub: Child;
  readonly raw: unknown;
}
/** allOf/anyOf/oneOf; `synthetic` when built from a mixed object or a list of types. */
export interface CombinedNode extends NodeBase {
  readonly kind: 'combined';
  readonly criterion: 'allOf' | 'anyOf' | 'oneOf';
  readonly subs: readonly Child[];
  readonly synthetic: boolean;
}
/** if/then/else. */
export interface ConditionalNode extends NodeBase {
  readonly kind: 'if';
  readonly ifSchema: Child;
  readonly ifRaw: unknown;
  readonly thenSchema: Child | undefined;
  readonly elseSchema: Child | undefined;
}

/** Any normalized schema. */
export type SchemaNode =
  | FalseNode
  | EmptyNode
  | RefNode
  | TypedNode
  | EnumNode
  | NotNode
  | CombinedNode
  | ConditionalNode;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const OBJECT_KEYWORDS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'minProperties',
  'maxProperties',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'propertyNames',
  'unevaluatedProperties',
];
const ARRAY_KEYWORDS = [
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minContains',
  'maxContains',
  'unevaluatedItems',
];
const SNIFFED: ReadonlyArray<readonly [InstanceType, readonly string[]]> = [
  ['object', OBJECT_KEYWORDS],
  ['array', ARRAY_KEYWORDS],
  ['string', STRING_KEYWORDS],
  ['number', NUMBER_KEYWORDS],
];
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/** A keyword value that constrains nothing (`properties: {}`, `required: []`, `minLength: 0`, `items: true` …). */
function isVacuous(keyword: string, value: unknown): boolean {
  if (keyword === 'contains') return false; // even `contains: true` needs one item
  if (value === true) return true;
  if (Array.isArray(value)) return value.length === 0 && keyword !== 'enum';
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return true;
    return false;
  }
  if (value === 0) return keyword.startsWith('min');
  if (value === false) return keyword === 'uniqueItems';
  return false;
}

/** Builds and caches the nodes of one side of a diff. */
export class NodeFactory {
  private nextId = 1;
  private readonly cache = new WeakMap<object, Map<unknown, SchemaNode>>();
  private readonly falseNode: FalseNode = { kind: 'false', id: this.nextId++ };
  private readonly emptyNode: EmptyNode = { kind: 'empty', id: this.nextId++ };

  constructor(private readonly set: SchemaSet) {}

  /** The node of the root schema. */
  root(): SchemaNode {
    return this.node(this.set.root.schema, this.set.rootBase, undefined, '');
  }

  /**
   * The node of `schema` under `base`. `inherited` is the `unevaluatedProperties` of the enclosing
   * object when the schema is one of its allOf/anyOf/oneOf/$ref parts: what that object leaves
   * unevaluated, it closes, so a property declared in a referenced part is not "open".
   */
  node(schema: unknown, base: string, inherited: unknown, at: string): SchemaNode {
    if (schema === false) return this.falseNode;
    if (!isObject(schema)) return this.emptyNode;
    let byInherited = this.cache.get(schema);
    if (!byInherited) {
      byInherited = new Map();
      this.cache.set(schema, byInherited);
    }
    const cached = byInherited.get(inherited);
    if (cached) return cached;
    const built = this.build(schema, baseOf(schema, base), inherited, at);
    byInherited.set(inherited, built);
    return built;
  }

  private child(
    value: unknown,
    base: string,
    inherited: unknown,
    segments: readonly string[],
    at: string,
  ): Child {
    return { node: this.node(value, base, inherited, `${at}/${segments.join('/')}`), segments };
  }

  private build(raw: Record<string, unknown>, base: string, inherited: unknown, at: string): SchemaNode {
    const own = raw.unevaluatedProperties;
    // Parts composed into this object share its unevaluatedProperties (and, failing that, the outer one).
    const partInherited = own !== undefined ? own : inherited;
    const parts: Child[] = [];
    const ref = typeof raw.$ref === 'string' ? raw.$ref : undefined;
    if (ref !== undefined) {
      parts.push({ node: this.refNode(ref, base, partInherited, at), segments: [] });
      if (this.set.refOverridesSiblings) return parts[0]!.node;
    }
    const dynamic = typeof raw.$dynamicRef === 'string' ? raw.$dynamicRef : raw.$recursiveRef;
    if (typeof dynamic === 'string') {
      parts.push({ node: this.refNode(dynamic, base, partInherited, at), segments: [] });
    }
    if (Array.isArray(raw.enum)) parts.push({ node: this.enumNode('enum', raw.enum), segments: [] });
    if (Object.hasOwn(raw, 'const')) parts.push({ node: this.enumNode('const', [raw.const]), segments: [] });
    if (Object.hasOwn(raw, 'not')) {
      const sub = this.child(raw.not, base, undefined, ['not'], at);
      parts.push({ node: { kind: 'not', id: this.nextId++, sub, raw: raw.not }, segments: [] });
    }
    for (const criterion of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = raw[criterion];
      if (!Array.isArray(list)) continue;
      const subs = list.map((s, i) => this.child(s, base, partInherited, [criterion, String(i)], at));
      if (criterion === 'allOf') parts.push(...subs);
      else parts.push({ node: this.combined(criterion, subs, false), segments: [] });
    }
    if (Object.hasOwn(raw, 'if') && (Object.hasOwn(raw, 'then') || Object.hasOwn(raw, 'else'))) {
      parts.push({
        node: {
          kind: 'if',
          id: this.nextId++,
          ifSchema: this.child(raw.if, base, undefined, ['if'], at),
          ifRaw: raw.if,
          thenSchema: Object.hasOwn(raw, 'then')
            ? this.child(raw.then, base, partInherited, ['then'], at)
            : undefined,
          elseSchema: Object.hasOwn(raw, 'else')
            ? this.child(raw.else, base, partInherited, ['else'], at)
            : undefined,
        },
        segments: [],
      });
    }
    parts.push(...this.typedParts(raw, base, inherited, at));
    if (parts.length === 0) return this.emptyNode;
    if (parts.length === 1 && parts[0]!.segments.length === 0) return parts[0]!.node;
    return this.combined('allOf', parts, true);
  }

  private typedParts(raw: Record<string, unknown>, base: string, inherited: unknown, at: string): Child[] {
    const listed = typeof raw.type === 'string' ? [raw.type] : Array.isArray(raw.type) ? raw.type : undefined;
    // A list without any type a current draft knows (draft-03 "any") is read as if `type` were absent.
    const declared = listed?.some((t) => typeof t === 'string' && TYPES.has(t)) ? listed : undefined;
    const make = (type: InstanceType, integer: boolean, requiresType: boolean, vacuous = false): Child => ({
      node: {
        kind: 'typed',
        id: this.nextId++,
        type,
        integer,
        requiresType,
        vacuous,
        raw,
        base,
        inheritedUnevaluated: inherited,
        child: (value, segments) => this.child(value, base, undefined, segments, at),
      },
      segments: [],
    });
    if (declared) {
      const names = new Set(declared.filter((t): t is string => typeof t === 'string' && TYPES.has(t)));
      if (names.has('number')) names.delete('integer');
      const typed = [...names].map((t) =>
        t === 'integer' ? make('number', true, true) : make(t as InstanceType, false, true),
      );
      if (typed.length === 1) return typed;
      if (typed.length === 0) return [{ node: this.falseNode, segments: [] }];
      return [{ node: this.combined('anyOf', typed, true), segments: [] }];
    }
    // Without `type`, a family constrains only instances of its type.
    return SNIFFED.filter(([, keywords]) => keywords.some((k) => Object.hasOwn(raw, k))).map(
      ([type, keywords]) =>
        make(
          type,
          false,
          false,
          keywords.every((k) => !Object.hasOwn(raw, k) || isVacuous(k, raw[k])),
        ),
    );
  }

  private refNode(ref: string, base: string, inherited: unknown, at: string): RefNode {
    let target: SchemaNode | undefined;
    return {
      kind: 'ref',
      id: this.nextId++,
      ref,
      target: () => {
        if (!target) {
          const found: Located = this.set.resolve(ref, base, `${at}/$ref`);
          target = this.node(found.schema, found.base, inherited, `${at}/$ref`);
        }
        return target;
      },
    };
  }

  private enumNode(keyword: 'enum' | 'const', values: readonly unknown[]): EnumNode {
    return { kind: 'enum', id: this.nextId++, keyword, values };
  }

  private combined(criterion: CombinedNode['criterion'], subs: Child[], synthetic: boolean): CombinedNode {
    return { kind: 'combined', id: this.nextId++, criterion, subs, synthetic };
  }
}
