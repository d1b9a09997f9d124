/**
 * The comparison: reads OLD → NEW and lists what changed, each change with a rule whose `backward`
 * says whether every instance valid under OLD stays valid under NEW. The forward reading is the same
 * comparison with the sides swapped (see diff.ts). Pure: no I/O, bounded by a step budget, and safe on
 * recursive schemas (a pair already being compared is assumed compatible, as a proof by induction).
 */
import { SchemaDiffError } from './codes.js';
import type {
  Child,
  CombinedNode,
  ConditionalNode,
  EnumNode,
  NotNode,
  SchemaNode,
  TypedNode,
} from './nodes.js';
import { DIFF_RULES, type DiffRule } from './rules.js';
import { type ObjectView, arrayView, numberBounds, objectView, patternMatches } from './views.js';

/** One change found reading OLD → NEW, with paths as pointer segments relative to the compared pair. */
export interface RawChange {
  readonly rule: DiffRule;
  readonly oldPath: readonly string[];
  readonly newPath: readonly string[];
  readonly detail?: string;
}

/** Whether every change in a list keeps OLD instances valid. */
export function isCompatible(changes: readonly RawChange[]): boolean {
  let known = verdicts.get(changes);
  if (known === undefined) {
    known = changes.every((c) => DIFF_RULES[c.rule].backward);
    verdicts.set(changes, known);
  }
  return known;
}
const verdicts = new WeakMap<readonly RawChange[], boolean>();

const change = (
  rule: DiffRule,
  oldPath: readonly string[] = [],
  newPath = oldPath,
  detail?: string,
): RawChange => (detail === undefined ? { rule, oldPath, newPath } : { rule, oldPath, newPath, detail });

const prefixed = (
  changes: readonly RawChange[],
  oldPrefix: readonly string[],
  newPrefix: readonly string[],
) =>
  changes.map((c) => ({
    ...c,
    oldPath: [...oldPrefix, ...c.oldPath],
    newPath: [...newPrefix, ...c.newPath],
  }));

/** Canonical JSON: object keys sorted, so equal values compare equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Options bounding one comparison. */
export interface CompareOptions {
  /** Most pairwise comparisons before giving up with DIFF_BUDGET_EXCEEDED. */
  readonly maxSteps: number;
  /** Deepest recursion of the comparison. */
  readonly maxDepth: number;
  /** Longest a comparison may run, in milliseconds (checked every few hundred steps). */
  readonly maxMillis?: number;
}

/** Defaults: a 1.0.0 release compares in a few thousand steps. */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = {
  maxSteps: 2_000_000,
  maxDepth: 400,
  maxMillis: 30_000,
};

/** Compares two normalized schemas OLD → NEW. */
export class Comparator {
  private steps = 0;
  private readonly started = Date.now();
  private depth = 0;
  private readonly memo = new Map<string, readonly RawChange[]>();
  private readonly active = new Set<string>();
  private readonly knownIncompatible = new Map<string, readonly RawChange[]>();

  constructor(private readonly options: CompareOptions = DEFAULT_COMPARE_OPTIONS) {}

  /**
   * The changes from the root `a` (OLD) to the root `b` (NEW). Results computed while a recursive pair
   * was assumed compatible are cached; when a pass finds pairs incompatible, it runs again with them
   * known, until nothing new is found (the greatest fixed point), so a cached assumption never hides a
   * break behind a cycle.
   */
  compareRoots(a: SchemaNode, b: SchemaNode): readonly RawChange[] {
    for (;;) {
      this.memo.clear();
      const result = this.compare(a, b);
      let learned = false;
      for (const [key, changes] of this.memo) {
        if (!this.knownIncompatible.has(key) && !isCompatible(changes)) {
          this.knownIncompatible.set(key, changes);
          learned = true;
        }
      }
      if (!learned) return result;
    }
  }

  /** The changes from `a` (OLD) to `b` (NEW). */
  compare(a: SchemaNode, b: SchemaNode): readonly RawChange[] {
    const oldNode = deref(a);
    const newNode = deref(b);
    if (oldNode === newNode) return [];
    const key = `${oldNode.id}:${newNode.id}`;
    const known = this.memo.get(key);
    if (known) return known;
    // Recursion: assume compatible (co-inductive), unless an earlier pass proved otherwise.
    if (this.active.has(key)) return this.knownIncompatible.get(key) ?? [];
    if (++this.steps > this.options.maxSteps) {
      throw new SchemaDiffError(
        'DIFF_BUDGET_EXCEEDED',
        '',
        `comparison needs more than ${this.options.maxSteps} steps`,
      );
    }
    if (
      (this.steps & 255) === 0 &&
      Date.now() - this.started > (this.options.maxMillis ?? Number.POSITIVE_INFINITY)
    ) {
      throw new SchemaDiffError(
        'DIFF_BUDGET_EXCEEDED',
        '',
        `comparison ran longer than ${this.options.maxMillis} ms`,
      );
    }
    if (this.depth >= this.options.maxDepth) {
      throw new SchemaDiffError(
        'DIFF_TOO_DEEP',
        '',
        `comparison recursed deeper than ${this.options.maxDepth}`,
      );
    }
    this.active.add(key);
    this.depth++;
    try {
      const result = capped(this.compareResolved(oldNode, newNode));
      this.memo.set(key, result);
      return result;
    } finally {
      this.depth--;
      this.active.delete(key);
    }
  }

  /** Compares two optional subschemas found under the same keyword. */
  private compareOptional(
    a: Child | undefined,
    b: Child | undefined,
    oldPath: readonly string[],
    newPath: readonly string[] = oldPath,
  ): RawChange[] {
    if (!a && !b) return [];
    if (!a) return [change('SCHEMA_ADDED', oldPath, newPath)];
    if (!b) return [change('SCHEMA_REMOVED', oldPath, newPath)];
    return prefixed(this.compare(a.node, b.node), oldPath, newPath);
  }

  private compareResolved(a: SchemaNode, b: SchemaNode): readonly RawChange[] {
    if (a.kind === 'false') return [];
    if (b.kind === 'false') return [change('TYPE_NARROWED', [], [], 'no value is valid any more')];
    // `{"properties": {}}` accepts everything too, but against an object schema its keywords are compared.
    const sameType = a.kind === 'typed' && b.kind === 'typed' && a.type === b.type;
    const acceptsAll = (n: SchemaNode) =>
      n.kind === 'empty' || (n.kind === 'typed' && n.vacuous && !sameType);
    if (acceptsAll(b)) return acceptsAll(a) ? [] : [change('TYPE_EXTENDED', [], [], 'any value is valid')];
    if (acceptsAll(a)) return [change('TYPE_NARROWED')];
    if (a.kind === 'combined' || b.kind === 'combined') return this.compareCombined(a, b);
    if (a.kind === 'enum' && b.kind === 'enum') return compareEnums(a, b);
    if (a.kind === 'enum') {
      return a.values.every((v) => valueFits(b, v)) ? [change('TYPE_EXTENDED')] : [change('TYPE_CHANGED')];
    }
    if (b.kind === 'enum') return typedCoveredByEnum(a, b) ? [] : [change('TYPE_NARROWED')];
    if (a.kind === 'typed' && b.kind === 'typed') return this.compareTyped(a, b);
    if (a.kind === 'not' && b.kind === 'not') return this.compareNot(a, b);
    if (a.kind === 'if' && b.kind === 'if') return this.compareConditional(a, b);
    return [change('TYPE_CHANGED')];
  }

  // ---- allOf / anyOf / oneOf -------------------------------------------------------------------

  private compareCombined(a: SchemaNode, b: SchemaNode): readonly RawChange[] {
    const oldSubs = a.kind === 'combined' ? dedupe(a.subs) : [{ node: a, segments: [] }];
    const newSubs = b.kind === 'combined' ? dedupe(b.subs) : [{ node: b, segments: [] }];
    const out: RawChange[] = [];
    let criterion: CombinedNode['criterion'];
    if (a.kind === 'combined' && b.kind === 'combined') {
      const verdict = criterionChange(a, b);
      if (verdict === 'COMBINED_TYPE_CHANGED')
        return [change(verdict, [], [], `${a.criterion} → ${b.criterion}`)];
      if (verdict) out.push(change(verdict, [], [], `${a.criterion} → ${b.criterion}`));
      criterion = b.criterion;
    } else {
      criterion = a.kind === 'combined' ? a.criterion : (b as CombinedNode).criterion;
    }
    const product = criterion === 'allOf';
    if (product) {
      // NEW = allOf(N…): OLD ⊆ NEW when every N_j accepts what some O_i (hence OLD) accepts.
      let uncovered = 0;
      for (const n of newSubs) {
        const found = this.cover(oldSubs, n, 'new');
        if (found.ok) out.push(...found.changes);
        else {
          uncovered++;
          out.push(...this.explainUncovered(found, n, 'new', newSubs.length > oldSubs.length));
        }
      }
      if (uncovered === 0 && newSubs.length < oldSubs.length) out.unshift(change('PRODUCT_TYPE_NARROWED'));
      return out;
    }
    // NEW = anyOf/oneOf(N…): OLD ⊆ NEW when every O_i is accepted by some N_j.
    let uncovered = 0;
    const olds =
      a.kind === 'combined' && a.criterion === 'allOf' && oldSubs.length > 1
        ? [{ node: a, segments: [] }]
        : oldSubs;
    for (const o of olds) {
      const found = this.cover(newSubs, o, 'old');
      if (found.ok) out.push(...found.changes);
      else {
        uncovered++;
        out.push(...this.explainUncovered(found, o, 'old', newSubs.length < olds.length));
      }
    }
    if (uncovered === 0 && newSubs.length > olds.length) out.unshift(change('SUM_TYPE_EXTENDED'));
    return out;
  }

  /**
   * Looks among `candidates` for one that pairs compatibly with `target` (`side` says which side the
   * target is on). Prefers the candidate at the same place, then one of the same kind.
   */
  private cover(
    candidates: readonly Child[],
    target: Child,
    side: 'old' | 'new',
  ): { ok: true; changes: RawChange[] } | { ok: false; best: RawChange[] | undefined } {
    const scored = candidates.map((candidate) => ({ candidate, score: affinity(candidate, target) }));
    scored.sort((x, y) => y.score - x.score);
    let best: RawChange[] | undefined;
    for (const { candidate, score } of scored) {
      const [o, n] = side === 'new' ? [candidate, target] : [target, candidate];
      // Decide on the cached result; copy it with its paths only when it is kept.
      const found = this.compare(o.node, n.node);
      if (isCompatible(found)) return { ok: true, changes: prefixed(found, o.segments, n.segments) };
      if (best === undefined && score >= 2) best = prefixed(found, o.segments, n.segments);
    }
    return { ok: false, best };
  }

  /** What to report for a branch nothing covers: the closest branch's changes, else one summary at the combination. */
  private explainUncovered(
    found: { best: RawChange[] | undefined },
    sub: Child,
    side: 'old' | 'new',
    sizeChanged: boolean,
  ): RawChange[] {
    const best = found.best ?? [];
    if (side === 'new') {
      if (best.length > 0 && !sizeChanged) return best;
      const isConditional = deref(sub.node).kind === 'if';
      const head = isConditional
        ? 'CONDITIONAL_ADDED'
        : sizeChanged
          ? 'PRODUCT_TYPE_EXTENDED'
          : 'COMBINED_TYPE_SUBSCHEMAS_CHANGED';
      return [change(head), ...best];
    }
    if (sizeChanged) return [change('SUM_TYPE_NARROWED'), ...best];
    return best.length > 0 ? best : [change('COMBINED_TYPE_SUBSCHEMAS_CHANGED')];
  }

  // ---- not, if/then/else -------------------------------------------------------------------------

  private compareNot(a: NotNode, b: NotNode): RawChange[] {
    if (canonical(a.raw) === canonical(b.raw)) return [];
    // not(X) ⊆ not(Y) exactly when Y ⊆ X: compare the wrapped schemas the other way round.
    const reversed = this.compare(b.sub.node, a.sub.node);
    return [change(isCompatible(reversed) ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED', ['not'])];
  }

  private compareConditional(a: ConditionalNode, b: ConditionalNode): RawChange[] {
    const sameIf =
      canonical(a.ifRaw) === canonical(b.ifRaw) ||
      (isCompatible(this.compare(a.ifSchema.node, b.ifSchema.node)) &&
        isCompatible(this.compare(b.ifSchema.node, a.ifSchema.node)));
    if (!sameIf) return [change('CONDITIONAL_IF_CHANGED', ['if'])];
    return [
      ...this.compareOptional(a.thenSchema, b.thenSchema, ['then']),
      ...this.compareOptional(a.elseSchema, b.elseSchema, ['else']),
    ];
  }

  // ---- one instance type ---------------------------------------------------------------------------

  private compareTyped(a: TypedNode, b: TypedNode): RawChange[] {
    if (a.type !== b.type) return [change('TYPE_CHANGED', [], [], `${a.type} → ${b.type}`)];
    const out: RawChange[] = [];
    if (a.requiresType !== b.requiresType) {
      out.push(
        change(
          a.requiresType ? 'TYPE_EXTENDED' : 'TYPE_NARROWED',
          [],
          [],
          `type ${b.type} no longer implied`,
        ),
      );
    }
    switch (a.type) {
      case 'string':
        out.push(...compareString(a.raw, b.raw));
        break;
      case 'number':
        out.push(...compareNumber(a, b));
        break;
      case 'object':
        out.push(...this.compareObject(a, b));
        break;
      case 'array':
        out.push(...this.compareArray(a, b));
        break;
      default:
        break;
    }
    return out;
  }

  private compareObject(a: TypedNode, b: TypedNode): RawChange[] {
    const o = objectView(a);
    const n = objectView(b);
    const out: RawChange[] = [];
    const keys = [...new Set([...o.properties.keys(), ...n.properties.keys()])].sort();
    for (const key of keys) {
      const at = ['properties', key];
      const before = o.properties.get(key);
      const after = n.properties.get(key);
      if (before !== undefined && after !== undefined) {
        out.push(...prefixed(this.compare(a.child(before, at).node, b.child(after, at).node), at, at));
      } else if (before !== undefined) {
        out.push(...this.propertyRemoved(a, b, n, key, before));
      } else if (after !== undefined) {
        out.push(...this.propertyAdded(a, b, o, n, key, after));
      }
    }
    for (const key of [...n.required].sort()) {
      if (o.required.has(key)) continue;
      // A property added to a closed object already says whether it is required.
      if (!o.properties.has(key) && n.properties.has(key) && !o.open) continue;
      const withDefault = isObjectWith(n.properties.get(key), 'default');
      out.push(
        change(
          withDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED',
          [],
          ['required', key],
        ),
      );
    }
    for (const key of [...o.required].sort()) {
      if (!n.required.has(key)) out.push(change('REQUIRED_ATTRIBUTE_REMOVED', ['required', key], []));
    }
    out.push(...this.compareDependencies(a, b, o, n));
    out.push(
      ...this.compareAdditional(
        a,
        b,
        o.additional,
        n.additional,
        'additionalProperties',
        'ADDITIONAL_PROPERTIES',
      ),
    );
    out.push(
      ...this.compareAdditional(
        a,
        b,
        o.unevaluated,
        n.unevaluated,
        'unevaluatedProperties',
        'UNEVALUATED_PROPERTIES',
      ),
    );
    const patterns = [...new Set([...o.patternProperties.keys(), ...n.patternProperties.keys()])].sort();
    for (const pattern of patterns) {
      const at = ['patternProperties', pattern];
      const before = o.patternProperties.get(pattern);
      const after = n.patternProperties.get(pattern);
      if (before !== undefined && after !== undefined) {
        out.push(...prefixed(this.compare(a.child(before, at).node, b.child(after, at).node), at, at));
      } else if (after !== undefined) {
        out.push(change('PATTERN_PROPERTY_ADDED', [], at));
      } else {
        const open = n.additional === undefined && n.unevaluatedEffective === undefined;
        out.push(
          change(
            open ? 'PATTERN_PROPERTY_REMOVED' : 'PATTERN_PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
            at,
            [],
          ),
        );
      }
    }
    out.push(
      ...this.compareOptional(
        o.propertyNames === undefined ? undefined : a.child(o.propertyNames, ['propertyNames']),
        n.propertyNames === undefined ? undefined : b.child(n.propertyNames, ['propertyNames']),
        ['propertyNames'],
      ),
    );
    out.push(...bound(a.raw.maxProperties, b.raw.maxProperties, 'maxProperties', 'MAX_PROPERTIES'));
    out.push(...bound(a.raw.minProperties, b.raw.minProperties, 'minProperties', 'MIN_PROPERTIES'));
    return out;
  }

  private propertyRemoved(
    a: TypedNode,
    b: TypedNode,
    n: ObjectView,
    key: string,
    before: unknown,
  ): RawChange[] {
    const at = ['properties', key];
    if (n.open) return [change('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', at, [])];
    const partial = n.partialFor(key);
    if (partial) {
      const sub = prefixed(
        this.compare(a.child(before, at).node, b.child(partial.schema, partial.segments).node),
        at,
        partial.segments,
      );
      const covered = isCompatible(sub);
      return [
        ...sub,
        change(
          covered
            ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
            : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
          at,
          partial.segments,
        ),
      ];
    }
    return [
      change(
        before === false
          ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
          : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        at,
        [],
      ),
    ];
  }

  private propertyAdded(
    a: TypedNode,
    b: TypedNode,
    o: ObjectView,
    n: ObjectView,
    key: string,
    after: unknown,
  ): RawChange[] {
    const at = ['properties', key];
    if (o.open) {
      return [
        change(
          isEmptySchema(after)
            ? 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
            : 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          [],
          at,
        ),
      ];
    }
    const out: RawChange[] = [];
    const partial = o.partialFor(key);
    if (partial) {
      const sub = prefixed(
        this.compare(a.child(partial.schema, partial.segments).node, b.child(after, at).node),
        partial.segments,
        at,
      );
      out.push(
        ...sub,
        change(
          isCompatible(sub)
            ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
            : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
          partial.segments,
          at,
        ),
      );
    }
    if (n.required.has(key) && !o.required.has(key)) {
      out.push(
        change(
          isObjectWith(after, 'default')
            ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL'
            : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
          [],
          at,
        ),
      );
    } else out.push(change('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', [], at));
    return out;
  }

  private compareDependencies(a: TypedNode, b: TypedNode, o: ObjectView, n: ObjectView): RawChange[] {
    const out: RawChange[] = [];
    const arrays = [...new Set([...o.dependentRequired.keys(), ...n.dependentRequired.keys()])].sort();
    for (const key of arrays) {
      const before = o.dependentRequired.get(key);
      const after = n.dependentRequired.get(key);
      if (!after) out.push(change('DEPENDENCY_ARRAY_REMOVED', [before!.keyword, key], []));
      else if (!before) out.push(change('DEPENDENCY_ARRAY_ADDED', [], [after.keyword, key]));
      else {
        const added = [...after.names].some((x) => !before.names.has(x));
        const removed = [...before.names].some((x) => !after.names.has(x));
        const rule =
          added && removed
            ? 'DEPENDENCY_ARRAY_CHANGED'
            : added
              ? 'DEPENDENCY_ARRAY_EXTENDED'
              : removed
                ? 'DEPENDENCY_ARRAY_NARROWED'
                : undefined;
        if (rule) out.push(change(rule, [before.keyword, key], [after.keyword, key]));
      }
    }
    const schemas = [...new Set([...o.dependentSchemas.keys(), ...n.dependentSchemas.keys()])].sort();
    for (const key of schemas) {
      const before = o.dependentSchemas.get(key);
      const after = n.dependentSchemas.get(key);
      if (!after) out.push(change('DEPENDENCY_SCHEMA_REMOVED', [before!.keyword, key], []));
      else if (!before) out.push(change('DEPENDENCY_SCHEMA_ADDED', [], [after.keyword, key]));
      else {
        const oldAt = [before.keyword, key];
        const newAt = [after.keyword, key];
        out.push(
          ...prefixed(
            this.compare(a.child(before.schema, oldAt).node, b.child(after.schema, newAt).node),
            oldAt,
            newAt,
          ),
        );
      }
    }
    return out;
  }

  /** additionalProperties / unevaluatedProperties / additionalItems / unevaluatedItems. */
  private compareAdditional(
    a: TypedNode,
    b: TypedNode,
    before: unknown,
    after: unknown,
    keyword: string,
    family: 'ADDITIONAL_PROPERTIES' | 'UNEVALUATED_PROPERTIES' | 'ADDITIONAL_ITEMS' | 'UNEVALUATED_ITEMS',
    newKeyword = keyword,
  ): RawChange[] {
    const oldAt = [keyword];
    const newAt = [newKeyword];
    const permits = (v: unknown) => v !== false;
    const hasSchema = (v: unknown) => v !== undefined && v !== false && !isEmptySchema(v);
    if (permits(before) !== permits(after)) {
      return [change(`${family}_${permits(after) ? 'ADDED' : 'REMOVED'}` as DiffRule, oldAt, newAt)];
    }
    if (!permits(before)) return [];
    if (!hasSchema(before) && hasSchema(after))
      return [change(`${family}_NARROWED` as DiffRule, oldAt, newAt)];
    if (hasSchema(before) && !hasSchema(after))
      return [change(`${family}_EXTENDED` as DiffRule, oldAt, newAt)];
    if (!hasSchema(before)) return [];
    return prefixed(this.compare(a.child(before, oldAt).node, b.child(after, newAt).node), oldAt, newAt);
  }

  private compareArray(a: TypedNode, b: TypedNode): RawChange[] {
    const o = arrayView(a.raw);
    const n = arrayView(b.raw);
    const out: RawChange[] = [];
    out.push(
      ...this.compareOptional(
        o.items === undefined ? undefined : a.child(o.items, ['items']),
        n.items === undefined ? undefined : b.child(n.items, ['items']),
        ['items'],
      ),
    );
    const common = Math.min(o.prefix.length, n.prefix.length);
    for (let i = 0; i < common; i++) {
      const oldAt = [o.prefixKeyword, String(i)];
      const newAt = [n.prefixKeyword, String(i)];
      out.push(
        ...prefixed(
          this.compare(a.child(o.prefix[i], oldAt).node, b.child(n.prefix[i], newAt).node),
          oldAt,
          newAt,
        ),
      );
    }
    for (let i = common; i < o.prefix.length; i++) {
      const at = [o.prefixKeyword, String(i)];
      const before = o.prefix[i];
      if (n.open) out.push(change('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', at, []));
      else if (n.partial !== undefined) {
        const partialAt = [n.additionalKeyword];
        const sub = prefixed(
          this.compare(a.child(before, at).node, b.child(n.partial, partialAt).node),
          at,
          partialAt,
        );
        out.push(
          ...sub,
          change(
            isCompatible(sub)
              ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
              : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
            at,
            partialAt,
          ),
        );
      } else {
        out.push(
          change(
            before === false
              ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
              : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
            at,
            [],
          ),
        );
      }
    }
    for (let i = common; i < n.prefix.length; i++) {
      const at = [n.prefixKeyword, String(i)];
      const after = n.prefix[i];
      if (o.open) {
        out.push(
          change(
            isEmptySchema(after)
              ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL'
              : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
            [],
            at,
          ),
        );
      } else if (o.partial !== undefined) {
        const partialAt = [o.additionalKeyword];
        const sub = prefixed(
          this.compare(a.child(o.partial, partialAt).node, b.child(after, at).node),
          partialAt,
          at,
        );
        out.push(
          ...sub,
          change(
            isCompatible(sub)
              ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
              : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
            partialAt,
            at,
          ),
        );
      } else out.push(change('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', [], at));
    }
    if (o.prefix.length > 0 || n.prefix.length > 0) {
      out.push(
        ...this.compareAdditional(
          a,
          b,
          o.additional,
          n.additional,
          o.additionalKeyword,
          'ADDITIONAL_ITEMS',
          n.additionalKeyword,
        ),
      );
    }
    out.push(
      ...this.compareAdditional(
        a,
        b,
        a.raw.unevaluatedItems,
        b.raw.unevaluatedItems,
        'unevaluatedItems',
        'UNEVALUATED_ITEMS',
      ),
    );
    out.push(
      ...this.compareOptional(
        a.raw.contains === undefined ? undefined : a.child(a.raw.contains, ['contains']),
        b.raw.contains === undefined ? undefined : b.child(b.raw.contains, ['contains']),
        ['contains'],
      ),
    );
    out.push(...bound(a.raw.maxItems, b.raw.maxItems, 'maxItems', 'MAX_ITEMS'));
    out.push(...bound(a.raw.minItems, b.raw.minItems, 'minItems', 'MIN_ITEMS'));
    if (a.raw.contains !== undefined || b.raw.contains !== undefined) {
      out.push(...bound(a.raw.maxContains, b.raw.maxContains, 'maxContains', 'MAX_CONTAINS'));
      out.push(...bound(a.raw.minContains, b.raw.minContains, 'minContains', 'MIN_CONTAINS'));
    }
    const oldUnique = a.raw.uniqueItems === true;
    const newUnique = b.raw.uniqueItems === true;
    if (oldUnique !== newUnique)
      out.push(change(newUnique ? 'UNIQUE_ITEMS_ADDED' : 'UNIQUE_ITEMS_REMOVED', ['uniqueItems']));
    return out;
  }
}

/**
 * Most changes kept per compared pair. Recursive schemas can repeat one change along many paths; the
 * verdict only needs one breaking change, the report a readable number (breaking ones are kept first).
 */
export const MAX_CHANGES_PER_PAIR = 64;

function capped(changes: readonly RawChange[]): readonly RawChange[] {
  if (changes.length <= MAX_CHANGES_PER_PAIR) return changes;
  const breaking = changes.filter((c) => !DIFF_RULES[c.rule].backward);
  const rest = changes.filter((c) => DIFF_RULES[c.rule].backward);
  return [...breaking, ...rest].slice(0, MAX_CHANGES_PER_PAIR);
}

// ---- helpers without state ----------------------------------------------------------------------------

/** Follows `$ref`s (a chain of refs that loops back is treated as accepting anything). */
export function deref(node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.kind === 'ref'; hops++) {
    if (hops > 64) return { kind: 'empty', id: node.id };
    current = current.target();
  }
  return current;
}

const isEmptySchema = (value: unknown): boolean =>
  value === true ||
  (typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).every((k) => ANNOTATIONS.has(k)));

/** Keywords that never change which instances are valid. */
export const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  '$comment',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$schema',
  '$id',
  'id',
  '$anchor',
  '$defs',
  'definitions',
  '$vocabulary',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
]);

const isObjectWith = (value: unknown, key: string): boolean =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, key);

function dedupe(subs: readonly Child[]): Child[] {
  const seen = new Set<number>();
  const out: Child[] = [];
  for (const sub of subs) {
    const id = deref(sub.node).id;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(sub);
  }
  return out;
}

/** How alike two branches look: same place 4, same kind 2, otherwise 0 (used to pick what to report). */
function affinity(x: Child, y: Child): number {
  let score = 0;
  if (x.segments.join('/') === y.segments.join('/')) score += 1;
  const a = deref(x.node);
  const b = deref(y.node);
  if (a.kind === b.kind && (a.kind !== 'typed' || (b.kind === 'typed' && a.type === b.type))) score += 2;
  return score;
}

function criterionChange(a: CombinedNode, b: CombinedNode): DiffRule | undefined {
  if (a.criterion === b.criterion) return undefined;
  if (b.criterion === 'anyOf') return 'COMBINED_TYPE_EXTENDED';
  // oneOf is anyOf when no instance can match two branches (e.g. one branch per type).
  if (b.criterion === 'oneOf')
    return a.subs.length === 1 || pairwiseDisjoint(b.subs)
      ? 'COMBINED_TYPE_EXTENDED'
      : 'COMBINED_TYPE_CHANGED';
  // to allOf: only between single-branch combinations, where the keyword makes no difference
  return a.subs.length === 1 && b.subs.length === 1 ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED';
}

/** Whether no instance can be valid under two of the branches (cheap cases: distinct types, distinct values). */
function pairwiseDisjoint(subs: readonly Child[]): boolean {
  const nodes = subs.map((s) => deref(s.node));
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) if (!disjoint(nodes[i]!, nodes[j]!)) return false;
  }
  return true;
}

function disjoint(x: SchemaNode, y: SchemaNode): boolean {
  if (x.kind === 'false' || y.kind === 'false') return true;
  if (x.kind === 'typed' && y.kind === 'typed') return x.requiresType && y.requiresType && x.type !== y.type;
  if (x.kind === 'enum') return x.values.every((v) => !valueFits(y, v));
  if (y.kind === 'enum') return y.values.every((v) => !valueFits(x, v));
  return false;
}

function compareEnums(a: EnumNode, b: EnumNode): RawChange[] {
  const before = new Set(a.values.map(canonical));
  const after = new Set(b.values.map(canonical));
  const added = [...after].filter((v) => !before.has(v));
  const removed = [...before].filter((v) => !after.has(v));
  if (added.length === 0 && removed.length === 0) return [];
  const detail = [
    ...(added.length ? [`added ${added.join(', ')}`] : []),
    ...(removed.length ? [`removed ${removed.join(', ')}`] : []),
  ].join('; ');
  const rule: DiffRule =
    added.length && removed.length
      ? 'ENUM_ARRAY_CHANGED'
      : added.length
        ? 'ENUM_ARRAY_EXTENDED'
        : 'ENUM_ARRAY_NARROWED';
  return [change(rule, [a.keyword], [b.keyword], detail)];
}

/** A typed schema with no constraints whose every value the enum lists (boolean, null). */
function typedCoveredByEnum(a: SchemaNode, b: EnumNode): boolean {
  if (a.kind !== 'typed' || !a.requiresType) return false;
  const values = new Set(b.values.map(canonical));
  if (a.type === 'null') return values.has('null');
  if (a.type === 'boolean') return values.has('true') && values.has('false');
  return false;
}

/** Whether `value` is valid under `node` when that can be decided cheaply (scalars); false otherwise. */
export function valueFits(node: SchemaNode, value: unknown): boolean {
  const n = deref(node);
  switch (n.kind) {
    case 'empty':
      return true;
    case 'false':
      return false;
    case 'enum':
      return n.values.some((v) => canonical(v) === canonical(value));
    case 'combined':
      return n.criterion === 'allOf'
        ? n.subs.every((s) => valueFits(s.node, value))
        : n.criterion === 'anyOf'
          ? n.subs.some((s) => valueFits(s.node, value))
          : n.subs.filter((s) => valueFits(s.node, value)).length === 1;
    case 'typed':
      return typedFits(n, value);
    default:
      return false;
  }
}

function typedFits(n: TypedNode, value: unknown): boolean {
  const raw = n.raw;
  const jsonType =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'array'
        : typeof value === 'object'
          ? 'object'
          : typeof value;
  if (jsonType !== n.type) return !n.requiresType;
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof raw.maxLength === 'number' && length > raw.maxLength) return false;
    if (typeof raw.minLength === 'number' && length < raw.minLength) return false;
    if (typeof raw.pattern === 'string' && patternMatches(raw.pattern, value) !== true) return false;
    return raw.format === undefined;
  }
  if (typeof value === 'number') {
    if (n.integer && !Number.isInteger(value)) return false;
    const bounds = numberBounds(n);
    if (bounds.max && (value > bounds.max.value || (bounds.max.exclusive && value === bounds.max.value)))
      return false;
    if (bounds.min && (value < bounds.min.value || (bounds.min.exclusive && value === bounds.min.value)))
      return false;
    if (typeof raw.multipleOf === 'number' && !isMultiple(value, raw.multipleOf)) return false;
    return true;
  }
  return jsonType === 'boolean' || jsonType === 'null';
}

const isMultiple = (value: number, of: number): boolean => {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
};

function compareString(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): RawChange[] {
  const out = [
    ...bound(a.maxLength, b.maxLength, 'maxLength', 'MAX_LENGTH'),
    ...bound(a.minLength, b.minLength, 'minLength', 'MIN_LENGTH'),
  ];
  const before = effectivePattern(a.pattern);
  const after = effectivePattern(b.pattern);
  if (before === undefined && after !== undefined) out.push(change('PATTERN_ADDED', [], ['pattern'], after));
  else if (before !== undefined && after === undefined) out.push(change('PATTERN_REMOVED', ['pattern'], []));
  else if (before !== undefined && after !== undefined && before !== after) {
    out.push(change('PATTERN_CHANGED', ['pattern'], ['pattern'], `${before} → ${after}`));
  }
  const oldFormat = typeof a.format === 'string' ? a.format : undefined;
  const newFormat = typeof b.format === 'string' ? b.format : undefined;
  if (oldFormat !== newFormat) {
    if (oldFormat === undefined) out.push(change('FORMAT_ADDED', [], ['format'], newFormat));
    else if (newFormat === undefined) out.push(change('FORMAT_REMOVED', ['format'], []));
    else out.push(change('FORMAT_CHANGED', ['format'], ['format'], `${oldFormat} → ${newFormat}`));
  }
  return out;
}

const MATCH_ALL = new Set(['', '.*', '^.*', '^.*$', '[\\s\\S]*', '^[\\s\\S]*$', '.*$']);

/** A pattern, or undefined when it matches every string (then it constrains nothing). */
function effectivePattern(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return undefined;
  return MATCH_ALL.has(pattern) ? undefined : pattern;
}

function compareNumber(a: TypedNode, b: TypedNode): RawChange[] {
  const out: RawChange[] = [];
  const before = numberBounds(a);
  const after = numberBounds(b);
  const integers = a.integer && b.integer;
  for (const side of ['max', 'min'] as const) {
    const o = integers ? integerBound(before[side], side) : before[side];
    const n = integers ? integerBound(after[side], side) : after[side];
    const family = (bnd: { exclusive: boolean } | undefined) =>
      `${bnd?.exclusive ? 'EXCLUSIVE_' : ''}${side === 'max' ? 'MAXIMUM' : 'MINIMUM'}`;
    const keyword = (bnd: { keyword: string } | undefined) => bnd?.keyword ?? '';
    if (!o && !n) continue;
    if (!o) {
      out.push(
        change(`${family(after[side])}_ADDED` as DiffRule, [], [keyword(after[side])], String(n!.value)),
      );
      continue;
    }
    if (!n) {
      out.push(change(`${family(before[side])}_REMOVED` as DiffRule, [keyword(before[side])], []));
      continue;
    }
    if (o.value === n.value && o.exclusive === n.exclusive) continue;
    // NEW accepts more when its bound is further out (or equal and no longer exclusive).
    const further = side === 'max' ? n.value > o.value : n.value < o.value;
    const widened = further || (n.value === o.value && o.exclusive && !n.exclusive);
    const direction =
      side === 'max' ? (widened ? 'INCREASED' : 'DECREASED') : widened ? 'DECREASED' : 'INCREASED';
    out.push(
      change(
        `${family(after[side])}_${direction}` as DiffRule,
        [keyword(before[side])],
        [keyword(after[side])],
        `${o.value} → ${n.value}`,
      ),
    );
  }
  const oldMultiple =
    typeof a.raw.multipleOf === 'number' && a.raw.multipleOf > 0 ? a.raw.multipleOf : undefined;
  const newMultiple =
    typeof b.raw.multipleOf === 'number' && b.raw.multipleOf > 0 ? b.raw.multipleOf : undefined;
  if (oldMultiple !== newMultiple) {
    if (oldMultiple === undefined)
      out.push(change('MULTIPLE_OF_ADDED', [], ['multipleOf'], String(newMultiple)));
    else if (newMultiple === undefined) out.push(change('MULTIPLE_OF_REMOVED', ['multipleOf'], []));
    else {
      const rule = isMultiple(oldMultiple, newMultiple)
        ? 'MULTIPLE_OF_REDUCED'
        : isMultiple(newMultiple, oldMultiple)
          ? 'MULTIPLE_OF_EXPANDED'
          : 'MULTIPLE_OF_CHANGED';
      out.push(change(rule, ['multipleOf'], ['multipleOf'], `${oldMultiple} → ${newMultiple}`));
    }
  }
  if (a.integer !== b.integer)
    out.push(
      change(
        a.integer ? 'TYPE_EXTENDED' : 'TYPE_NARROWED',
        [],
        [],
        a.integer ? 'integer → number' : 'number → integer',
      ),
    );
  return out;
}

/** For integers, `exclusiveMaximum: 10` is `maximum: 9`: compare the bounds in that form. */
function integerBound<T extends { value: number; exclusive: boolean }>(
  b: T | undefined,
  side: 'max' | 'min',
): T | undefined {
  if (!b) return undefined;
  let value = b.value;
  if (b.exclusive)
    value = Number.isInteger(value)
      ? side === 'max'
        ? value - 1
        : value + 1
      : side === 'max'
        ? Math.floor(value)
        : Math.ceil(value);
  else value = side === 'max' ? Math.floor(value) : Math.ceil(value);
  return { ...b, value, exclusive: false };
}

/** maxLength/minLength/maxItems/…: `kind` says whether a larger value accepts more (max) or less (min). */
function bound(before: unknown, after: unknown, keyword: string, family: string): RawChange[] {
  // A lower bound of 0 says nothing (minContains is the exception: its default is 1).
  const vacuous = (v: number) => v === 0 && family.startsWith('MIN_') && family !== 'MIN_CONTAINS';
  const o = typeof before === 'number' && !vacuous(before) ? before : undefined;
  const n = typeof after === 'number' && !vacuous(after) ? after : undefined;
  if (o === n) return [];
  if (o === undefined) return [change(`${family}_ADDED` as DiffRule, [], [keyword], String(n))];
  if (n === undefined) return [change(`${family}_REMOVED` as DiffRule, [keyword], [])];
  return [
    change(`${family}_${n > o ? 'INCREASED' : 'DECREASED'}` as DiffRule, [keyword], [keyword], `${o} → ${n}`),
  ];
}
