/**
 * Maps a JSON Pointer inside a document built from CSV rows back to the row's line and the column
 * that fills the member, so a validator's issue can say "line 7, column quantity".
 */
import type { SourceLocation } from '../record.js';
import { type ColumnSpec, type Level, type Token, columnTargets } from './columns.js';
import type { CsvTemplate } from './templates.js';

/** Lines of the rows a document was built from. */
export interface DocumentLines {
  /** The document's first row. */
  line: number;
  /** Per group (StockReport listing): its first row and the row of each item. */
  groups: Array<{ line: number; items: number[] }>;
  /** The row of each item, when the template has no groups. */
  items: number[];
}

interface Target {
  level: Level;
  path: string[];
  column: ColumnSpec;
  /** For GS1 columns: where the identifier's system is, and the system the column stands for. */
  systemAt?: string[];
}

const targetCache = new WeakMap<CsvTemplate, Target[]>();

function targetsOf(template: CsvTemplate): Target[] {
  let targets = targetCache.get(template);
  if (targets === undefined) {
    targets = [];
    for (const column of template.columns) {
      for (const path of columnTargets(column)) {
        const target: Target = { level: column.level, path: path.map(String), column };
        if (column.kind === 'gs1') target.systemAt = [...target.path.slice(0, -1), 'system'];
        targets.push(target);
      }
    }
    targetCache.set(template, targets);
  }
  return targets;
}

/**
 * Builds the `locate` function of a record.
 *
 * @param present header names of the file (a column absent from the header is named only when no present one fits)
 */
export function documentLocator(
  template: CsvTemplate,
  present: ReadonlySet<string>,
  value: unknown,
  lines: DocumentLines,
): (pointer: string) => SourceLocation | undefined {
  const targets = targetsOf(template);
  return (pointer) => {
    const tokens = parsePointer(pointer);
    if (tokens === undefined) return undefined;
    let level: Level = 'document';
    let line = lines.line;
    let base = 0;
    let rest = tokens;
    const group = template.group;
    const item = template.item;
    if (group !== undefined && rest[0] === group.array && isIndex(rest[1])) {
      const entry = lines.groups[Number(rest[1])];
      if (entry === undefined) return { line };
      level = 'group';
      line = entry.line;
      base = 2;
      rest = rest.slice(2);
      if (item !== undefined && rest[0] === item.array && isIndex(rest[1])) {
        const itemLine = entry.items[Number(rest[1])];
        if (itemLine === undefined) return { line };
        level = 'item';
        line = itemLine;
        base = 4;
        rest = rest.slice(2);
      }
    } else if (group === undefined && item !== undefined && rest[0] === item.array && isIndex(rest[1])) {
      const itemLine = lines.items[Number(rest[1])];
      if (itemLine === undefined) return { line };
      level = 'item';
      line = itemLine;
      base = 2;
      rest = rest.slice(2);
    }
    const scope = get(value, tokens.slice(0, base));
    const column = pickColumn(
      targets.filter((t) => t.level === level),
      rest,
      scope,
      present,
    );
    return column === undefined ? { line } : { line, column };
  };
}

function pickColumn(
  targets: Target[],
  rest: string[],
  scope: unknown,
  present: ReadonlySet<string>,
): string | undefined {
  // The column whose member contains the pointer (longest match), else the first column filling a
  // member inside it (the pointer names an object, or a required member that is missing).
  let best: Target[] = [];
  let bestLength = -1;
  for (const target of targets) {
    if (target.path.length > bestLength && startsWith(rest, target.path)) {
      best = [target];
      bestLength = target.path.length;
    } else if (target.path.length === bestLength && startsWith(rest, target.path)) {
      best.push(target);
    }
  }
  if (best.length === 0 && rest.length > 0) {
    const inside = targets.filter((t) => t.path.length > rest.length && startsWith(t.path, rest));
    if (inside.length > 0) best = inside;
  }
  if (best.length === 0) return undefined;
  const fits = (t: Target): boolean => t.systemAt === undefined || get(scope, t.systemAt) === t.column.system;
  const chosen =
    best.find((t) => present.has(t.column.name) && fits(t)) ??
    best.find((t) => present.has(t.column.name)) ??
    best[0]!;
  return chosen.column.name;
}

function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > tokens.length) return false;
  for (let i = 0; i < prefix.length; i++) if (tokens[i] !== prefix[i]) return false;
  return true;
}

function isIndex(token: string | undefined): boolean {
  return token !== undefined && /^(?:0|[1-9][0-9]{0,8})$/.test(token);
}

/** Splits a JSON Pointer into its tokens (RFC 6901), or undefined when it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a path, or undefined. Reads own members only. */
export function get(value: unknown, path: readonly Token[]): unknown {
  let current = value;
  for (const token of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
