/**
 * Checks between AIs (GenSpecs §4.14): invalid pairs (`ex`), requisite AIs (`req`), repeated AIs
 * with different values, and the serial component a digital signature (8030) needs. The AIs of
 * all carriers read together are checked as one set, as §4.14 asks. Inputs hold few AIs, so plain
 * loops beat any index; nothing is allocated unless a problem is found.
 */
import type { AiPattern } from './ai-table.js';
import type { ParseContext } from './context.js';
import type { Gs1Ai } from './types.js';

/** Index of the first AI other than `self` that matches the pattern, or -1. */
function findOther(ais: readonly Gs1Ai[], pattern: AiPattern, self: string): number {
  for (let i = 0; i < ais.length; i++) {
    const ai = ais[i]!.ai;
    if (ai === self) continue;
    if (pattern.exact ? ai === pattern.text : ai.length === pattern.length && ai.startsWith(pattern.prefix))
      return i;
  }
  return -1;
}

/** True when an earlier AI has the same code (so this one was checked already). */
function seenBefore(ais: readonly Gs1Ai[], index: number): boolean {
  const ai = ais[index]!.ai;
  for (let i = 0; i < index; i++) if (ais[i]!.ai === ai) return true;
  return false;
}

/** Runs every association check over the AIs found; reports each problem once. */
export function checkAssociations(ctx: ParseContext): void {
  const { ais, entries } = ctx;
  let reportedPairs: Set<string> | undefined;
  for (let i = 0; i < ais.length; i++) {
    if (seenBefore(ais, i)) continue;
    const ai = ais[i]!.ai;
    const entry = entries[i]!;
    for (const pattern of entry.excludesCompiled) {
      const other = findOther(ais, pattern, ai);
      if (other < 0) continue;
      const otherAi = ais[other]!.ai;
      const pair = ai < otherAi ? `${ai} ${otherAi}` : `${otherAi} ${ai}`;
      reportedPairs ??= new Set();
      if (reportedPairs.has(pair)) continue;
      reportedPairs.add(pair);
      ctx.report('GS1_AI_EXCLUSIVE', `AI (${ai}) must not appear with AI (${otherAi})`, {
        ai,
        with: otherAi,
        position: ctx.positions[other],
      });
    }
    if (ctx.options.validateRequisites) checkRequisites(ctx, i);
  }
  checkRepeats(ctx);
  checkDigitalSignature(ctx);
}

/** Each requirement of AI `index` is met by one of its alternatives, all of whose AIs are present. */
function checkRequisites(ctx: ParseContext, index: number): void {
  const ai = ctx.ais[index]!.ai;
  const entry = ctx.entries[index]!;
  for (let r = 0; r < entry.requiresCompiled.length; r++) {
    let met = false;
    for (const group of entry.requiresCompiled[r]!) {
      met = true;
      for (const pattern of group) {
        if (findOther(ctx.ais, pattern, ai) < 0) {
          met = false;
          break;
        }
      }
      if (met) break;
    }
    if (met) continue;
    const wanted = entry.requires[r]!.map((group) => group.join('+')).join(', ');
    ctx.report('GS1_AI_REQUISITE', `AI (${ai}) requires one of: ${wanted}`, {
      ai,
      requires: wanted,
      position: ctx.positions[index],
    });
  }
}

/** Every repeat of an AI has the value of its first occurrence. */
function checkRepeats(ctx: ParseContext): void {
  const { ais } = ctx;
  for (let i = 1; i < ais.length; i++) {
    const { ai, value } = ais[i]!;
    for (let j = 0; j < i; j++) {
      if (ais[j]!.ai !== ai) continue;
      if (ais[j]!.value !== value) {
        ctx.report('GS1_AI_REPEAT_CONFLICT', `AI (${ai}) appears more than once with different values`, {
          ai,
          position: ctx.positions[i],
        });
        return;
      }
      break;
    }
  }
}

/** AIs that may be carried without a serial component, which a digital signature requires. */
const SERIALISABLE_KEYS = ['253', '255', '8003'];

function checkDigitalSignature(ctx: ParseContext): void {
  const { ais, entries } = ctx;
  if (!ais.some((a) => a.ai === '8030')) return;
  for (let i = 0; i < ais.length; i++) {
    const { ai, value } = ais[i]!;
    if (SERIALISABLE_KEYS.includes(ai) && value.length === entries[i]!.minLength) {
      ctx.report(
        'GS1_DIGSIG_SERIAL_MISSING',
        `AI (${ai}) needs its serial component when used with AI (8030)`,
        {
          ai,
          position: ctx.positions[i],
        },
      );
      return;
    }
  }
}
