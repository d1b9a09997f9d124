/**
 * Writer of GS1 Digital Link URIs (GS1 Digital Link standard §4): the first primary key in the
 * data, as many of its qualifiers as the data holds (in their defined order), then the other AIs
 * as query parameters, fixed-length ones first, each in input order.
 */
import type { CompiledAiEntry } from './ai-table.js';
import { bestDlPath } from './dl-keys.js';
import { uriEscape } from './percent.js';
import type { Gs1Ai } from './types.js';

/** The AIs to write, as parallel arrays (a parse context fits). */
export interface DlSource {
  readonly ais: readonly Gs1Ai[];
  readonly entries: readonly CompiledAiEntry[];
  /** Position of each AI in the Digital Link path it was read from, or -1. */
  readonly pathOrders: readonly number[];
}

/** Outcome of writing a URI. */
export type DlBuildOutcome =
  | { readonly ok: true; readonly uri: string }
  | { readonly ok: false; readonly reason: 'no-primary-key' }
  | { readonly ok: false; readonly reason: 'not-data-attribute'; readonly ai: string };

function indexOfAi(ais: readonly Gs1Ai[], ai: string): number {
  for (let i = 0; i < ais.length; i++) if (ais[i]!.ai === ai) return i;
  return -1;
}

/** Indexes of the path AIs: those read from a path keep their order, else the best key-qualifier path. */
function choosePath(source: DlSource): number[] | undefined {
  const { ais, entries, pathOrders } = source;
  const fromPath: number[] = [];
  for (let i = 0; i < ais.length; i++) if (pathOrders[i]! >= 0) fromPath[pathOrders[i]!] = i;
  if (fromPath.length > 0) return fromPath;
  let key = -1;
  for (let i = 0; i < ais.length && key < 0; i++)
    if (entries[i]!.dlPrimaryKey && entries[i]!.unknown !== true) key = i;
  if (key < 0) return undefined;
  const best = bestDlPath(ais[key]!.ai, ais);
  const indexes = [key];
  for (let q = 1; q < best.length; q++) indexes.push(indexOfAi(ais, best[q]!));
  return indexes;
}

/**
 * Writes the Digital Link URI of the AIs under `stem` (e.g. `https://id.gs1.org` or
 * `https://example.com/some/path`; one trailing `/` is dropped).
 */
export function writeDigitalLink(
  source: DlSource,
  stem: string,
  unknownAsAttributes = false,
): DlBuildOutcome {
  const path = choosePath(source);
  if (path === undefined) return { ok: false, reason: 'no-primary-key' };
  const { ais, entries } = source;
  let uri = stem.charCodeAt(stem.length - 1) === 47 ? stem.slice(0, -1) : stem;
  for (let p = 0; p < path.length; p++) {
    const a = ais[path[p]!]!;
    uri += `/${a.ai}/${uriEscape(a.value, false)}`;
  }
  // Attributes: fixed-length AIs first, then the others, each in input order; an AI already
  // written (in the path or earlier) is skipped, so a repeated AI appears once.
  let separator = '?';
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < ais.length; i++) {
      const entry = entries[i]!;
      if (entry.fixedLength !== (pass === 0)) continue;
      const { ai, value } = ais[i]!;
      if (isWritten(ais, path, i)) continue;
      const permitted = entry.unknown === true ? unknownAsAttributes : entry.dlDataAttribute;
      if (!permitted) return { ok: false, reason: 'not-data-attribute', ai };
      uri += `${separator}${ai}=${uriEscape(value, true)}`;
      separator = '&';
    }
  }
  return { ok: true, uri };
}

/** True when the AI at `index` is in the path or occurs earlier (a repeat has one definition, so one pass). */
function isWritten(ais: readonly Gs1Ai[], path: readonly number[], index: number): boolean {
  const ai = ais[index]!.ai;
  for (let p = 0; p < path.length; p++) if (ais[path[p]!]!.ai === ai) return true;
  for (let i = 0; i < index; i++) if (ais[i]!.ai === ai) return true;
  return false;
}
