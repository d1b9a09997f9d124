/**
 * The compiled AI table: one entry per Application Identifier (ranges expanded), with lookups by
 * AI and by the prefix of an unbracketed element string.
 */
import { aiRows } from './ai-data.js';
import { type AiComponent, type AiRow, DL_ATTR, FIXED, type LinterName } from './ai-row.js';
import { type Linter, charsetLinters, linters } from './lint/index.js';

export type { AiCharset, AiComponent, LinterName } from './ai-row.js';

/** The definition of one GS1 Application Identifier. */
export interface AiEntry {
  /** The AI, 2 to 4 digits. */
  readonly ai: string;
  /** Data title from the GS1 General Specifications (e.g. `GTIN`, `BATCH/LOT`). */
  readonly title: string;
  /** Predefined length: no FNC1 separator is needed after the value. */
  readonly fixedLength: boolean;
  /** May appear as a GS1 Digital Link data attribute (query parameter). */
  readonly dlDataAttribute: boolean;
  /** The components whose concatenation is the value. */
  readonly components: readonly AiComponent[];
  /** Shortest value: the sum of the mandatory components' minimum lengths. */
  readonly minLength: number;
  /** Longest value: the sum of all components' maximum lengths. */
  readonly maxLength: number;
  /**
   * Requisite AIs: every requirement must be met; a requirement lists alternatives, and an
   * alternative lists AIs (or patterns such as `31nn`) that must all be present.
   */
  readonly requires: readonly (readonly (readonly string[])[])[];
  /** AIs (or patterns) that must not appear together with this AI. */
  readonly excludes: readonly string[];
  /** This AI is a GS1 Digital Link primary key. */
  readonly dlPrimaryKey: boolean;
  /** For a primary key: its ordered key-qualifier sequences (GS1 Digital Link §4.5). */
  readonly dlQualifiers: readonly (readonly string[])[];
  /** Set on the stand-in entry for an AI that is not in the table (`permitUnknownAis`). */
  readonly unknown?: true;
}

/** An AI pattern compiled for matching: `31nn` is prefix `31`, length 4. */
export interface AiPattern {
  readonly prefix: string;
  readonly length: number;
  readonly text: string;
  /** No wildcard: the pattern is one AI. */
  readonly exact: boolean;
}

/** An entry with its association rules compiled for fast matching. */
export interface CompiledAiEntry extends AiEntry {
  readonly requiresCompiled: readonly (readonly (readonly AiPattern[])[])[];
  readonly excludesCompiled: readonly AiPattern[];
  /** Numeric index of the AI (see `aiIndex`), used for quick identity checks. */
  readonly index: number;
  /** For each component: its character-set rule, then its named rules, ready to call. */
  readonly checks: readonly (readonly Linter[])[];
  /** For each component: the names of `checks` (`undefined` for the character set). */
  readonly checkNames: readonly (readonly (LinterName | undefined)[])[];
}

function compileChecks(components: readonly AiComponent[]) {
  return {
    checks: components.map((c) => [charsetLinters[c.charset], ...c.linters.map((name) => linters[name])]),
    checkNames: components.map((c) => [undefined, ...c.linters]),
  };
}

/** Compiles `31nn`, `394n` or `01` into a prefix and a length. */
export function compileAiPattern(text: string): AiPattern {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 110 /* n */) end--;
  return { prefix: text.slice(0, end), length: text.length, text, exact: end === text.length };
}

/**
 * Maps an AI of 2 to 4 digits to a dense index (2 digits: 0-99, 3: 100-1099, 4: 1100-11099), or
 * -1 when `s[start, start+length)` is not such an AI.
 */
export function aiIndex(s: string, start: number, length: number): number {
  if (length < 2 || length > 4 || start + length > s.length) return -1;
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return length === 2 ? value : length === 3 ? 100 + value : 1100 + value;
}

function expandRange(ai: string): string[] {
  const dash = ai.indexOf('-');
  if (dash < 0) return [ai];
  const first = ai.slice(0, dash);
  const last = ai.slice(dash + 1);
  const out: string[] = [];
  for (let v = Number(first); v <= Number(last); v++) out.push(String(v).padStart(first.length, '0'));
  return out;
}

function compileRow(r: AiRow, ai: string): CompiledAiEntry {
  let minLength = 0;
  let maxLength = 0;
  for (const c of r.components) {
    if (!c.optional) minLength += c.minLength;
    maxLength += c.maxLength;
  }
  const requires = r.req.map((alternatives) => alternatives.map((alt) => alt.split('+')));
  return {
    ai,
    title: r.title,
    fixedLength: (r.flags & FIXED) !== 0,
    dlDataAttribute: (r.flags & DL_ATTR) !== 0,
    components: r.components,
    minLength,
    maxLength,
    requires,
    excludes: r.ex,
    dlPrimaryKey: r.dlKey !== undefined,
    dlQualifiers: r.dlKey ?? [],
    requiresCompiled: requires.map((alternatives) =>
      alternatives.map((group) => group.map(compileAiPattern)),
    ),
    excludesCompiled: r.ex.map(compileAiPattern),
    index: aiIndex(ai, 0, ai.length),
    ...compileChecks(r.components),
  };
}

const entries: CompiledAiEntry[] = [];
for (const r of aiRows) for (const ai of expandRange(r.ai)) entries.push(compileRow(r, ai));

const byIndex: (CompiledAiEntry | undefined)[] = new Array(11100).fill(undefined);
/** AI length by its first two digits (0: no AI starts with them). GenSpecs §3.1: all AIs sharing two leading digits have one length. */
const lengthByPrefix = new Uint8Array(100);
for (const e of entries) {
  byIndex[e.index] = e;
  lengthByPrefix[Number(e.ai.slice(0, 2))] = e.ai.length;
}

/** Every Application Identifier in the table, ranges expanded, in lexical order. */
export const aiTable: readonly AiEntry[] = entries;

/** Looks up an AI such as `01` or `3103`; `undefined` when it is not a known AI. */
export function lookupAi(ai: string): AiEntry | undefined {
  const i = aiIndex(ai, 0, ai.length);
  return i < 0 ? undefined : byIndex[i];
}

/** Compiled entry for the AI at `s[start, start+length)`, if known. */
export function compiledEntryAt(s: string, start: number, length: number): CompiledAiEntry | undefined {
  const i = aiIndex(s, start, length);
  return i < 0 ? undefined : byIndex[i];
}

/** The length of the AIs starting with the two digits at `s[start]`, or 0 when none is known. */
export function aiLengthByPrefix(s: string, start: number): number {
  const a = s.charCodeAt(start) - 48;
  const b = s.charCodeAt(start + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return 0;
  return lengthByPrefix[a * 10 + b] ?? 0;
}

/**
 * Value lengths predefined by the first two digits of an AI (GenSpecs Figure 7.8.5-2), used only
 * for AIs that are not in the table: 0 means variable length.
 */
function predefinedValueLength(prefix: number): number {
  if (prefix === 0) return 18;
  if (prefix >= 1 && prefix <= 3) return 14;
  if (prefix === 4) return 16;
  if (prefix >= 11 && prefix <= 19) return 6;
  if (prefix === 20) return 2;
  if (prefix >= 31 && prefix <= 36) return 6;
  if (prefix === 41) return 13;
  return 0;
}

/** Predefined value lengths that apply to an unknown AI of the given length. */
const PREDEFINED_BY_AI_LENGTH: Readonly<Record<number, readonly number[]>> = {
  2: [2, 14, 16, 18],
  3: [13],
  4: [6],
};

const unknownEntries = new Map<string, CompiledAiEntry>();

/**
 * A stand-in entry for an AI that is not in the table, used when unknown AIs are permitted: any
 * CSET 82 value of 1 to 90 characters, or the predefined length that goes with its two-digit
 * prefix when AIs of that length share the prefix.
 */
export function unknownAiEntry(ai: string): CompiledAiEntry {
  const prefixLength = aiLengthByPrefix(ai, 0);
  const predefined = predefinedValueLength(Number(ai.slice(0, 2)));
  const fixed =
    prefixLength === ai.length && PREDEFINED_BY_AI_LENGTH[prefixLength]?.includes(predefined)
      ? predefined
      : 0;
  const cached = unknownEntries.get(ai);
  if (cached !== undefined) return cached;
  const component: AiComponent = {
    charset: 'X',
    minLength: fixed === 0 ? 1 : fixed,
    maxLength: fixed === 0 ? 90 : fixed,
    optional: false,
    linters: [],
  };
  const entry: CompiledAiEntry = {
    ai,
    title: 'UNKNOWN',
    fixedLength: fixed !== 0,
    dlDataAttribute: false,
    components: [component],
    minLength: component.minLength,
    maxLength: component.maxLength,
    requires: [],
    excludes: [],
    dlPrimaryKey: false,
    dlQualifiers: [],
    requiresCompiled: [],
    excludesCompiled: [],
    index: aiIndex(ai, 0, ai.length),
    ...compileChecks([component]),
    unknown: true,
  };
  if (unknownEntries.size < 11100) unknownEntries.set(ai, entry);
  return entry;
}

/** True when some known AI is a proper prefix of the digits at `s[start, start+length)`. */
export function knownAiIsPrefixOf(s: string, start: number, length: number): boolean {
  for (let l = 2; l < length; l++) if (compiledEntryAt(s, start, l) !== undefined) return true;
  return false;
}
