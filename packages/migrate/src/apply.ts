/**
 * Applies the changes of one migration file to one document, forward (upgrade) or in reverse
 * (downgrade). Each change knows its own inverse, so a file describes both directions.
 */
import { type Issue, issue } from '@medsupply/validators';
import type { Change } from './file.js';
import {
  fill,
  has,
  pointerTokens,
  pruneEmpty,
  read,
  remove,
  renameMember,
  resolveSlots,
  tokensPointer,
  writeAt,
} from './paths.js';

/** Upgrade applies a file's changes as written; downgrade undoes them, last change first. */
export type Direction = 'up' | 'down';

/** Applies one change to a document (mutated in place); returns the issues it found. */
export function applyChange(
  document: Record<string, unknown>,
  change: Change,
  direction: Direction,
  step: { from: string; to: string },
): Issue[] {
  const issues: Issue[] = [];
  const target = direction === 'up' ? step.to : step.from;
  const lost = (pointer: string, what: string) =>
    issues.push(
      issue(
        'error',
        'MIGRATION_INFORMATION_LOST',
        pointer,
        `${what} has no place in ${target}${change.note ? ` (${change.note})` : ''}`,
        { from: direction === 'up' ? step.from : step.to, to: target },
      ),
    );
  switch (change.op) {
    case 'rename': {
      const tokens = pointerTokens(change.path);
      const [fromName, toName] =
        direction === 'up' ? [tokens.at(-1)!, change.to] : [change.to, tokens.at(-1)!];
      for (const slot of resolveSlots(document, [...tokens.slice(0, -1), fromName])) {
        if (!has(slot) || Array.isArray(slot.container)) continue;
        const pointer = tokensPointer(fill(tokens.slice(0, -1), slot.captures));
        if (Object.hasOwn(slot.container, toName)) {
          issues.push(
            issue(
              'error',
              'MIGRATION_CONFLICT',
              `${pointer}/${toName}`,
              `cannot rename ${fromName}: ${toName} is already there`,
            ),
          );
          continue;
        }
        renameMember(slot.container, fromName, toName);
      }
      break;
    }
    case 'move': {
      const [from, to] =
        direction === 'up'
          ? [pointerTokens(change.from), pointerTokens(change.to)]
          : [pointerTokens(change.to), pointerTokens(change.from)];
      for (const slot of resolveSlots(document, from)) {
        if (!has(slot)) continue;
        const destination = fill(to, slot.captures);
        if (resolveSlots(document, destination).some(has)) {
          issues.push(
            issue(
              'error',
              'MIGRATION_CONFLICT',
              tokensPointer(destination),
              'cannot move a value here: a value is already there',
            ),
          );
          continue;
        }
        const value = read(slot);
        if (!writeAt(document, destination, value)) {
          issues.push(
            issue(
              'error',
              'MIGRATION_CONFLICT',
              tokensPointer(destination),
              'cannot move a value here: something that is not an object is in the way',
            ),
          );
          continue;
        }
        remove(slot);
        pruneEmpty(document, fill(from, slot.captures));
      }
      break;
    }
    case 'mapValues': {
      const map =
        direction === 'up'
          ? change.map
          : Object.fromEntries(Object.entries(change.map).map(([k, v]) => [v, k]));
      for (const slot of resolveSlots(document, pointerTokens(change.path))) {
        const value = read(slot);
        if (typeof value === 'string' && Object.hasOwn(map, value))
          (slot.container as Record<string, unknown>)[slot.key] = map[value];
      }
      break;
    }
    case 'setDefault': {
      for (const slot of resolveSlots(document, pointerTokens(change.path))) {
        if (direction === 'up' && !has(slot))
          (slot.container as Record<string, unknown>)[slot.key] = structuredClone(change.value);
        else if (direction === 'down' && has(slot) && sameJson(read(slot), change.value)) remove(slot);
      }
      break;
    }
    case 'added':
    case 'removed': {
      // A member added going up is lost going down, and the other way round.
      const losing = (change.op === 'added') === (direction === 'down');
      if (!losing) break;
      const tokens = pointerTokens(change.path);
      for (const slot of resolveSlots(document, tokens)) {
        if (!has(slot)) continue;
        if (change.lossless) remove(slot);
        else lost(tokensPointer(fill(tokens, slot.captures)), `member ${tokens.at(-1)}`);
      }
      break;
    }
    case 'addedValues': {
      if (direction === 'up') break;
      const tokens = pointerTokens(change.path);
      for (const slot of resolveSlots(document, tokens)) {
        const value = read(slot);
        if (typeof value === 'string' && change.values.includes(value))
          lost(tokensPointer(fill(tokens, slot.captures)), `value ${JSON.stringify(value)}`);
      }
      break;
    }
    case 'relaxed':
      break;
  }
  return issues;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
