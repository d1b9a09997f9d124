/**
 * The public diff: compares OLD → NEW (backward) and NEW → OLD (forward) and merges both readings into
 * one list of changes, each with its effect on both kinds of compatibility.
 */
import { Comparator, type CompareOptions, DEFAULT_COMPARE_OPTIONS, type RawChange } from './compare.js';
import { NodeFactory } from './nodes.js';
import { toPointer } from './pointer.js';
import { DIFF_RULES, type DiffRule, inverseRule } from './rules.js';
import { DEFAULT_LIMITS, type SchemaDocument, type SchemaLimits, SchemaSet } from './schema-set.js';

/** One change between OLD and NEW. */
export interface SchemaChange {
  readonly rule: DiffRule;
  /** JSON Pointer in OLD (`$ref`s are followed in place, so the path is the one an instance takes). */
  readonly oldPath: string;
  /** JSON Pointer in NEW. */
  readonly newPath: string;
  /** Every instance valid under OLD stays valid under NEW, as far as this change goes. */
  readonly backward: boolean;
  /** Every instance valid under NEW is valid under OLD, as far as this change goes. */
  readonly forward: boolean;
  readonly message: string;
  /** For release diffs: the document type the change is in. */
  readonly document?: string;
}

/** The result of a diff (the JSON output of `medsupply schema diff`). */
export interface SchemaDiffResult {
  readonly compatibility: { readonly backward: boolean; readonly forward: boolean };
  readonly changes: readonly SchemaChange[];
}

/** One side of a diff: the schema and every document its `$ref`s may reach. */
export interface SchemaInput {
  readonly root: SchemaDocument;
  readonly documents?: readonly SchemaDocument[];
}

/** Bounds on input and work. */
export interface DiffOptions {
  readonly limits?: SchemaLimits;
  readonly compare?: CompareOptions;
}

/**
 * Compares two JSON Schemas (draft-07, 2019-09 or 2020-12). Backward compatible: every instance valid
 * under OLD is valid under NEW; forward compatible: every instance valid under NEW is valid under OLD.
 * Throws SchemaDiffError on input it cannot compare (unresolvable `$ref`, limits exceeded).
 */
export function diffSchemas(
  oldInput: SchemaInput,
  newInput: SchemaInput,
  options: DiffOptions = {},
): SchemaDiffResult {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const oldRoot = new NodeFactory(new SchemaSet(oldInput.root, oldInput.documents, limits)).root();
  const newRoot = new NodeFactory(new SchemaSet(newInput.root, newInput.documents, limits)).root();
  const backwardRun = new Comparator(options.compare ?? DEFAULT_COMPARE_OPTIONS).compareRoots(
    oldRoot,
    newRoot,
  );
  const forwardRun = new Comparator(options.compare ?? DEFAULT_COMPARE_OPTIONS).compareRoots(
    newRoot,
    oldRoot,
  );
  return merge(backwardRun, forwardRun);
}

/** Merges the OLD → NEW and NEW → OLD readings into changes with both effects. */
export function merge(backwardRun: readonly RawChange[], forwardRun: readonly RawChange[]): SchemaDiffResult {
  const key = (oldPath: readonly string[], newPath: readonly string[]) =>
    `${toPointer(oldPath)}|${toPointer(newPath)}`;
  // In the reverse reading a change sits at (newPath, oldPath); an incompatible one there breaks forward.
  const reverseBroken = new Map<string, boolean>();
  for (const c of forwardRun) {
    const k = key(c.newPath, c.oldPath);
    reverseBroken.set(k, (reverseBroken.get(k) ?? false) || !DIFF_RULES[c.rule].backward);
  }
  // A change also breaks forward when the reverse reading breaks somewhere inside it (a type list
  // extended at /a breaks forward through the format dropped at /a/format). Pairwise, so only for
  // reports of a readable size; larger ones fall back to the exact place.
  const breaks = forwardRun.filter((c) => !DIFF_RULES[c.rule].backward);
  const nested = backwardRun.length * breaks.length <= 1_000_000;
  const inside = (outer: readonly string[], inner: readonly string[]) =>
    outer.length <= inner.length && outer.every((segment, i) => inner[i] === segment);
  const changes: SchemaChange[] = [];
  const seen = new Set<string>();
  for (const c of backwardRun) {
    const k = key(c.oldPath, c.newPath);
    seen.add(k);
    const forwardBroken =
      (reverseBroken.get(k) ?? false) ||
      (nested && breaks.some((r) => inside(c.oldPath, r.newPath) && inside(c.newPath, r.oldPath)));
    changes.push(
      toChange(c.rule, c.oldPath, c.newPath, DIFF_RULES[c.rule].backward, !forwardBroken, c.detail),
    );
  }
  for (const c of forwardRun) {
    if (DIFF_RULES[c.rule].backward) continue;
    const k = key(c.newPath, c.oldPath);
    if (seen.has(k)) continue;
    seen.add(k);
    // Only visible when reading NEW → OLD: name it as the OLD → NEW change it is.
    changes.push(
      toChange(
        inverseRule(c.rule),
        c.newPath,
        c.oldPath,
        true,
        false,
        c.detail ? reverseDetail(c.detail) : undefined,
      ),
    );
  }
  return {
    compatibility: {
      backward: changes.every((c) => c.backward),
      forward: changes.every((c) => c.forward),
    },
    changes,
  };
}

const reverseDetail = (detail: string): string => {
  const parts = detail.split(' → ');
  return parts.length === 2 ? `${parts[1]} → ${parts[0]}` : detail;
};

function toChange(
  rule: DiffRule,
  oldPath: readonly string[],
  newPath: readonly string[],
  backward: boolean,
  forward: boolean,
  detail: string | undefined,
): SchemaChange {
  const summary = DIFF_RULES[rule].summary;
  return {
    rule,
    oldPath: toPointer(oldPath),
    newPath: toPointer(newPath),
    backward,
    forward,
    message: detail === undefined ? summary : `${summary} (${detail})`,
  };
}
