/**
 * State shared by the readers while one input is parsed: options, the AIs found so far, issues.
 */
import type { Issue } from '@medsupply/validators';
import type { CompiledAiEntry } from './ai-table.js';
import { type Gs1BarcodeIssueCode, gs1Issue } from './issues.js';
import type { Gs1Ai, Gs1ParseOptions } from './types.js';

/** Most AIs accepted in one input, as in the GS1 Syntax Engine. */
export const MAX_AIS = 64;
/** Default longest input (characters), the GS1 Syntax Engine's limit. */
export const DEFAULT_MAX_LENGTH = 8191;
/** Canonical Digital Link stem (GS1 Digital Link standard §4.2). */
export const CANONICAL_DL_STEM = 'https://id.gs1.org';

/** Options with their defaults applied. */
export interface ResolvedOptions {
  readonly permitUnknownAis: boolean;
  readonly permitZeroSuppressedGtin: boolean;
  readonly validateRequisites: boolean;
  readonly unknownAisAsDlAttributes: boolean;
  readonly maxLength: number;
  readonly dlStem: string;
}

const DEFAULT_OPTIONS: ResolvedOptions = {
  permitUnknownAis: false,
  permitZeroSuppressedGtin: false,
  validateRequisites: true,
  unknownAisAsDlAttributes: false,
  maxLength: DEFAULT_MAX_LENGTH,
  dlStem: CANONICAL_DL_STEM,
};

/** Applies defaults. */
export function resolveOptions(options?: Gs1ParseOptions): ResolvedOptions {
  if (options === undefined) return DEFAULT_OPTIONS;
  return {
    permitUnknownAis: options.permitUnknownAis ?? false,
    permitZeroSuppressedGtin: options.permitZeroSuppressedGtin ?? false,
    validateRequisites: options.validateRequisites ?? true,
    unknownAisAsDlAttributes: options.unknownAisAsDlAttributes ?? false,
    maxLength: options.maxLength ?? DEFAULT_MAX_LENGTH,
    dlStem: options.dlStem ?? CANONICAL_DL_STEM,
  };
}

/**
 * Collects the AIs and issues of one parse. AIs are kept as parallel arrays (the result objects,
 * their table entries, where their values start, their Digital Link path positions) so that a
 * valid result hands over `ais` without copying.
 */
export class ParseContext {
  /** The AIs found, in input order, as they go into the result. */
  readonly ais: Gs1Ai[] = [];
  /** The table entry of each AI (index as in `ais`; entries past `ais.length` are stale). */
  readonly entries: CompiledAiEntry[];
  /** Input index of the first character of each value (same indexing). */
  readonly positions: number[];
  /** Position of each AI in a Digital Link path (0 = primary key), or -1 (same indexing). */
  readonly pathOrders: number[];
  readonly issues: Issue[] = [];
  errors = 0;

  /**
   * `scratch` lends the bookkeeping arrays of an earlier, finished parse, which saves allocations
   * when parsing many inputs one after another; they are overwritten, never read past `ais.length`.
   */
  constructor(
    readonly options: ResolvedOptions,
    scratch?: Pick<ParseContext, 'entries' | 'positions' | 'pathOrders'>,
  ) {
    this.entries = scratch?.entries ?? [];
    this.positions = scratch?.positions ?? [];
    this.pathOrders = scratch?.pathOrders ?? [];
  }

  /** Records an error (or other) issue. */
  report(code: Gs1BarcodeIssueCode, message: string, params?: Record<string, unknown>): void {
    const found = gs1Issue(code, message, params);
    if (found.severity === 'error') this.errors++;
    this.issues.push(found);
  }

  /** Adds an AI; false (with an issue) when the input holds too many. */
  addAi(entry: CompiledAiEntry, ai: string, value: string, position: number, pathOrder = -1): boolean {
    if (this.ais.length >= MAX_AIS) {
      this.report('GS1_TOO_MANY_AIS', `more than ${MAX_AIS} AIs`, { position, limit: MAX_AIS });
      return false;
    }
    const index = this.ais.length;
    this.ais.push({ ai, value });
    this.entries[index] = entry;
    this.positions[index] = position;
    this.pathOrders[index] = pathOrder;
    return true;
  }
}

/** Shortens untrusted text quoted in a message. */
export function quote(text: string, max = 12): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
