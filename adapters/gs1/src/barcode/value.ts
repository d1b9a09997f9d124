/**
 * Finding the AI entry for the digits in an input, and checking a value against its entry:
 * overall length first, then each component's length, character set and content rules.
 */
import {
  type CompiledAiEntry,
  aiLengthByPrefix,
  compiledEntryAt,
  knownAiIsPrefixOf,
  unknownAiEntry,
} from './ai-table.js';
import type { ParseContext } from './context.js';
import { codeForLinter } from './issues.js';
import { LINT_MESSAGES } from './lint/index.js';

function allDigits(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The entry of the AI written as `s[start, start+length)` (bracketed, Digital Link). Unknown AIs
 * are stood in for when permitted, unless a known AI is a prefix of them or the two-digit prefix
 * fixes another AI length.
 */
export function entryForAi(
  ctx: ParseContext,
  s: string,
  start: number,
  length: number,
): CompiledAiEntry | undefined {
  const known = compiledEntryAt(s, start, length);
  if (known !== undefined || !ctx.options.permitUnknownAis) return known;
  if (length < 2 || length > 4 || !allDigits(s, start, start + length)) return undefined;
  if (knownAiIsPrefixOf(s, start, length)) return undefined;
  const byPrefix = aiLengthByPrefix(s, start);
  if (byPrefix !== 0 && byPrefix !== length) return undefined;
  return unknownAiEntry(s.slice(start, start + length));
}

/**
 * The entry of the AI that starts unbracketed data at `s[start]` (AI length from its first two
 * digits, GenSpecs §3.1). An unknown AI is accepted only when its prefix fixes its length.
 */
export function entryAtPrefix(
  ctx: ParseContext,
  s: string,
  start: number,
  end: number,
): CompiledAiEntry | undefined {
  if (start + 2 > end) return undefined;
  const length = aiLengthByPrefix(s, start);
  if (length === 0 || start + length > end) return undefined;
  const known = compiledEntryAt(s, start, length);
  if (known !== undefined || !ctx.options.permitUnknownAis) return known;
  return allDigits(s, start, start + length) ? unknownAiEntry(s.slice(start, start + length)) : undefined;
}

/**
 * Checks the overall length of a value read from bracketed data or a Digital Link URI, and that it
 * holds no `^` (which would be taken for FNC1). False, with an issue, when it fails.
 */
export function checkValueLength(
  ctx: ParseContext,
  entry: CompiledAiEntry,
  ai: string,
  value: string,
  position: number,
) {
  if (value.length < entry.minLength) {
    ctx.report('GS1_AI_VALUE_LENGTH', `AI (${ai}): the value is too short (at least ${entry.minLength})`, {
      ai,
      position,
      minLength: entry.minLength,
      actual: value.length,
    });
    return false;
  }
  if (value.length > entry.maxLength) {
    ctx.report('GS1_AI_VALUE_LENGTH', `AI (${ai}): the value is too long (at most ${entry.maxLength})`, {
      ai,
      position,
      maxLength: entry.maxLength,
      actual: value.length,
    });
    return false;
  }
  const caret = value.indexOf('^');
  if (caret >= 0) {
    ctx.report('GS1_SYNTAX', `AI (${ai}): the value contains "^", which stands for FNC1`, {
      ai,
      position: position + caret,
    });
    return false;
  }
  return true;
}

/**
 * Checks `s[start, end)` against the components of `entry`, consuming at most each component's
 * maximum length. Returns the length consumed, or -1 when a component is too short (the value's
 * end is then unknown). Broken content rules are reported and checking goes on.
 * `position` is the input index of `s[start]`; `exact` is false when input and value indexes differ
 * (escapes), and positions then point at the value start.
 */
export function checkComponents(
  ctx: ParseContext,
  entry: CompiledAiEntry,
  ai: string,
  s: string,
  start: number,
  end: number,
  position: number,
  exact = true,
): number {
  if (start === end) {
    ctx.report('GS1_AI_VALUE_LENGTH', `AI (${ai}): the value is empty`, { ai, position });
    return -1;
  }
  let p = start;
  for (let index = 0; index < entry.components.length; index++) {
    const component = entry.components[index]!;
    const length = Math.min(end - p, component.maxLength);
    if (component.optional && length === 0) continue;
    if (length < component.minLength) {
      ctx.report(
        'GS1_AI_VALUE_LENGTH',
        `AI (${ai}): the value does not fill its components (incorrect length)`,
        {
          ai,
          position: exact ? position + (p - start) : position,
          component: index + 1,
        },
      );
      return -1;
    }
    const checks = entry.checks[index]!;
    for (let c = 0; c < checks.length; c++) {
      const failure = checks[c]!(s, p, p + length);
      if (failure === undefined) continue;
      ctx.report(codeForLinter(entry.checkNames[index]![c]), `AI (${ai}): ${LINT_MESSAGES[failure.rule]}`, {
        ai,
        position: exact ? position + (p - start) + failure.offset : position,
        rule: failure.rule,
        component: index + 1,
      });
      break;
    }
    p += length;
  }
  return p - start;
}
