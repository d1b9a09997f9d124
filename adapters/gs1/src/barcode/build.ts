/**
 * Writers: element strings (bracketed, FNC1 data string, scan data) and GS1 Digital Link URIs
 * from AI/value pairs. Every AI is validated first, as a parse would; nothing invalid is written.
 */
import type { Issue } from '@medsupply/validators';
import { checkAssociations } from './associations.js';
import { CANONICAL_DL_STEM, ParseContext, quote, resolveOptions } from './context.js';
import { writeDigitalLink } from './digital-link-build.js';
import { parseGs1 } from './parse.js';
import type { Gs1Ai, Gs1ParseOptions } from './types.js';
import { checkComponents, checkValueLength, entryForAi } from './value.js';

/** The result of writing: the text when the AIs are valid, and the issues found. */
export interface Gs1BuildResult {
  valid: boolean;
  /** The element string or URI; absent when the AIs are invalid. */
  value?: string;
  /** Problems; `params.index` is the position of the AI in the given list. */
  issues: Issue[];
}

/** Element string styles. */
export type ElementStringStyle = 'bracketed' | 'fnc1' | 'scan';

/** Options of `buildElementString`. */
export interface BuildElementStringOptions extends Gs1ParseOptions {
  /** `bracketed` `(01)…`, `fnc1` `^01…` (data string) or `scan` (symbology identifier, GS); default `bracketed`. */
  style?: ElementStringStyle;
  /** Symbology identifier of `scan` output (default `]d2`, GS1 DataMatrix). */
  symbologyId?: string;
}

/** Options of `buildDigitalLinkUri`. */
export interface BuildDigitalLinkOptions extends Gs1ParseOptions {
  /** Resolver domain, e.g. `example.com` (gives `https://example.com`). */
  domain?: string;
  /** Full stem, e.g. `https://example.com/products` (wins over `domain`; default `https://id.gs1.org`). */
  stem?: string;
}

/** Validates the AIs as one set; issues carry `params.index` (the AI's place in the list). */
function validate(ais: readonly Gs1Ai[], options: Gs1ParseOptions): ParseContext {
  const ctx = new ParseContext(resolveOptions(options));
  ais.forEach(({ ai, value }, index) => {
    const before = ctx.issues.length;
    const entry = typeof ai === 'string' ? entryForAi(ctx, ai, 0, ai.length) : undefined;
    if (entry === undefined) {
      ctx.report('GS1_AI_UNKNOWN', `unknown AI (${quote(String(ai))})`, { ai: quote(String(ai)) });
    } else if (typeof value !== 'string') {
      ctx.report('GS1_AI_VALUE_LENGTH', `AI (${ai}): the value is not a string`, { ai });
    } else if (checkValueLength(ctx, entry, ai, value, 0)) {
      checkComponents(ctx, entry, ai, value, 0, value.length, 0);
      ctx.addAi(entry, ai, value, 0);
    }
    for (let i = before; i < ctx.issues.length; i++) {
      const found = ctx.issues[i]!;
      const { position: _, ...params } = found.params ?? {};
      ctx.issues[i] = { ...found, params: { ...params, index } };
    }
  });
  if (ais.length === 0) ctx.report('GS1_SYNTAX', 'no AIs to write');
  if (ctx.errors === 0) checkAssociations(ctx);
  return ctx;
}

/**
 * Writes AIs as an element string (GS1 General Specifications §7.8): bracketed with `(` escaped
 * as `\(`, or unbracketed with FNC1 (`^`, or GS in scan data) after each variable-length value
 * that is followed by another AI.
 */
export function buildElementString(
  ais: readonly Gs1Ai[],
  options: BuildElementStringOptions = {},
): Gs1BuildResult {
  const ctx = validate(ais, options);
  if (ctx.errors > 0) return { valid: false, issues: ctx.issues };
  const style = options.style ?? 'bracketed';
  let out = '';
  if (style === 'bracketed') {
    for (const a of ctx.ais) out += `(${a.ai})${a.value.replaceAll('(', '\\(')}`;
  } else {
    const fnc1 = style === 'scan' ? '\u001d' : '^';
    out = style === 'scan' ? (options.symbologyId ?? ']d2') : '^';
    ctx.ais.forEach((a, i) => {
      out += a.ai + a.value;
      if (!ctx.entries[i]!.fixedLength && i < ctx.ais.length - 1) out += fnc1;
    });
  }
  return { valid: true, value: out, issues: ctx.issues };
}

/**
 * Writes AIs as a GS1 Digital Link URI (GS1 Digital Link standard §4): the first primary key with
 * the qualifiers present, in their order, then the other AIs as query parameters.
 */
export function buildDigitalLinkUri(
  ais: readonly Gs1Ai[],
  options: BuildDigitalLinkOptions = {},
): Gs1BuildResult {
  const ctx = validate(ais, options);
  if (ctx.errors > 0) return { valid: false, issues: ctx.issues };
  const stem =
    options.stem ?? (options.domain === undefined ? CANONICAL_DL_STEM : `https://${options.domain}`);
  const built = writeDigitalLink(ctx, stem, ctx.options.unknownAisAsDlAttributes);
  if (built.ok) return { valid: true, value: built.uri, issues: ctx.issues };
  if (built.reason === 'no-primary-key') {
    ctx.report('GS1_DL_NO_PRIMARY_KEY', 'no AI is a Digital Link primary key (such as 01, 00, 414, 8004)');
  } else {
    ctx.report('GS1_DL_NOT_DATA_ATTRIBUTE', `AI (${built.ai}) is not a Digital Link data attribute`, {
      ai: built.ai,
    });
  }
  return { valid: false, issues: ctx.issues };
}

/** Converts any barcode input (element string, scan data, URI) to a Digital Link URI. */
export function toDigitalLink(input: string, options: BuildDigitalLinkOptions = {}): Gs1BuildResult {
  const parsed = parseGs1(input, { ...options, digitalLink: false });
  if (!parsed.valid) return { valid: false, issues: parsed.issues };
  return buildDigitalLinkUri(parsed.ais, options);
}

/** Converts any barcode input (a Digital Link URI, scan data, …) to an element string. */
export function toElementString(input: string, options: BuildElementStringOptions = {}): Gs1BuildResult {
  const parsed = parseGs1(input, { ...options, digitalLink: false });
  if (!parsed.valid) return { valid: false, issues: parsed.issues };
  return buildElementString(parsed.ais, options);
}
