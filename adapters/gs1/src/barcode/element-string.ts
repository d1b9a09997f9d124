/**
 * Readers of GS1 element strings (GenSpecs §3.2 and §7.8): bracketed `(01)…(10)…` as printed in
 * human-readable text, and unbracketed AI data where FNC1 ends variable-length values, written `^`
 * in data strings or GS (ASCII 29) in scan data. Both append to the parse context; neither uses a
 * regular expression, and each character is visited a bounded number of times.
 */
import { type ParseContext, quote } from './context.js';
import { checkComponents, checkValueLength, entryAtPrefix, entryForAi } from './value.js';

const OPEN = 40; // (
const BACKSLASH = 92;

/** FNC1 spellings accepted by `readUnbracketed`. */
export interface Fnc1Spelling {
  /** `^` stands for FNC1 (data strings). */
  readonly caret: boolean;
  /** GS, ASCII 29, stands for FNC1 (scan data). */
  readonly gs: boolean;
}

/** Index of the next "(" in `s[from, to)`, or `to`. */
function nextOpen(s: string, from: number, to: number): number {
  const at = s.indexOf('(', from);
  return at < 0 || at > to ? to : at;
}

/**
 * Reads bracketed AI data in `s[from, to)`: `(AI)value` pairs, a `(` inside a value escaped as `\(`.
 * Returns false when the structure is broken (the rest cannot be read).
 */
export function readBracketed(ctx: ParseContext, s: string, from: number, to: number): boolean {
  if (from >= to) {
    ctx.report('GS1_SYNTAX', 'no AI data: expected "(AI)value"', { position: from });
    return false;
  }
  let p = from;
  while (p < to) {
    if (s.charCodeAt(p) !== OPEN) {
      ctx.report('GS1_SYNTAX', 'expected "(" to start an AI', { position: p });
      return false;
    }
    const close = s.indexOf(')', p + 1);
    if (close < 0 || close >= to) {
      ctx.report('GS1_SYNTAX', 'the AI has no closing ")"', { position: p });
      return false;
    }
    const ai = s.slice(p + 1, close);
    const entry = entryForAi(ctx, s, p + 1, close - p - 1);
    if (entry === undefined) {
      ctx.report('GS1_AI_UNKNOWN', `unknown AI (${quote(ai)})`, { ai: quote(ai), position: p + 1 });
      return false;
    }
    const valueStart = close + 1;
    if (valueStart >= to) {
      ctx.report('GS1_SYNTAX', `AI (${ai}) has no value`, { ai, position: valueStart });
      return false;
    }
    // The value runs to the next "(" that is not escaped as "\(".
    let value = '';
    let escaped = false;
    let q = valueStart;
    let next = nextOpen(s, q, to);
    while (next < to && s.charCodeAt(next - 1) === BACKSLASH) {
      value += `${s.slice(q, next - 1)}(`;
      escaped = true;
      q = next + 1;
      next = nextOpen(s, q, to);
    }
    value = escaped ? value + s.slice(q, next) : s.slice(q, next);
    p = next;
    if (!checkValueLength(ctx, entry, ai, value, valueStart)) return false;
    if (!ctx.addAi(entry, ai, value, valueStart)) return false;
    checkComponents(ctx, entry, ai, value, 0, value.length, valueStart, !escaped);
  }
  return true;
}

/**
 * Reads unbracketed AI data in `s[from, to)` (after the FNC1 in first position): each AI is
 * recognised by its prefix, fixed-length values run to their length, others to the next FNC1.
 * Returns false when the data cannot be read further.
 */
export function readUnbracketed(
  ctx: ParseContext,
  s: string,
  from: number,
  to: number,
  fnc1: Fnc1Spelling,
): boolean {
  const { caret, gs } = fnc1;
  if (from >= to) {
    ctx.report('GS1_SYNTAX', 'the AI data is empty', { position: from });
    return false;
  }
  let p = from;
  while (p < to) {
    const entry = entryAtPrefix(ctx, s, p, to);
    if (entry === undefined) {
      ctx.report(
        'GS1_AI_UNKNOWN',
        `no known AI starts the data "${quote(s.slice(p, Math.min(to, p + 4)), 4)}…"`,
        {
          position: p,
        },
      );
      return false;
    }
    const ai = entry.ai;
    p += ai.length;
    // No value is longer than its maximum: the value ends at the next FNC1 or one past the maximum.
    let end = Math.min(to, p + entry.maxLength + 1);
    if (gs) {
      const at = s.indexOf('\u001d', p);
      if (at >= 0 && at < end) end = at;
    }
    if (caret) {
      const at = s.indexOf('^', p);
      if (at >= 0 && at < end) end = at;
    }
    const consumed = checkComponents(ctx, entry, ai, s, p, end, p);
    if (consumed < 0) return false;
    if (!ctx.addAi(entry, ai, s.slice(p, p + consumed), p)) return false;
    p += consumed;
    const next = p < to ? s.charCodeAt(p) : -1;
    const atFnc1 = (caret && next === 94) || (gs && next === 29);
    if (!entry.fixedLength && p < to && !atFnc1) {
      ctx.report(
        'GS1_AI_VALUE_LENGTH',
        `AI (${ai}): the value is too long (no FNC1 after ${entry.maxLength} characters)`,
        {
          ai,
          position: p,
          maxLength: entry.maxLength,
        },
      );
      return false;
    }
    if (atFnc1) p++;
  }
  return true;
}
