/**
 * Entry points for reading GS1 barcode data: element strings (bracketed or with FNC1), scan data
 * with symbology identifiers, and GS1 Digital Link URIs, with full validation as the GS1 Barcode
 * Syntax Engine does it (https://github.com/gs1/gs1-syntax-engine).
 */
import { checkAssociations } from './associations.js';
import { ParseContext, quote, resolveOptions } from './context.js';
import { writeDigitalLink } from './digital-link-build.js';
import { dlSchemeLength, readDigitalLink } from './digital-link.js';
import { readBracketed, readUnbracketed } from './element-string.js';
import { readScanData } from './scan-data.js';
import type { Gs1ParseOptions, Gs1ParseResult, Gs1Syntax } from './types.js';

/** Reads a data string: `^…` AI data, a Digital Link URI, or plain data; `|` starts a composite part. */
function readDataString(ctx: ParseContext, s: string): Gs1Syntax {
  if (dlSchemeLength(s, 0) > 0) {
    readDigitalLink(ctx, s, 0, s.length);
    return 'digitalLink';
  }
  const bar = s.indexOf('|');
  if (bar < 0) {
    if (s.charCodeAt(0) !== 94) return 'plain';
    readUnbracketed(ctx, s, 1, s.length, CARET);
    return 'unbracketed';
  }
  // Linear part (AI data or plain), then a 2D composite part that must be AI data.
  if (s.charCodeAt(0) === 94 && !readUnbracketed(ctx, s, 1, bar, CARET)) return 'unbracketed';
  if (s.charCodeAt(bar + 1) !== 94) {
    ctx.report('GS1_SYNTAX', 'the composite part after "|" must start with FNC1 (^)', { position: bar + 1 });
    return 'unbracketed';
  }
  readUnbracketed(ctx, s, bar + 2, s.length, CARET);
  return 'unbracketed';
}

const CARET = { caret: true, gs: false } as const;
const CARET_OR_GS = { caret: true, gs: true } as const;

/** Reads bracketed AI data, with an optional `|` composite part. */
function readBracketedString(ctx: ParseContext, s: string): void {
  const bar = s.indexOf('|');
  if (bar < 0) readBracketed(ctx, s, 0, s.length);
  else if (readBracketed(ctx, s, 0, bar)) readBracketed(ctx, s, bar + 1, s.length);
}

/** Finishes a parse: association checks, result shape, Digital Link. */
function finish(
  ctx: ParseContext,
  syntax: Gs1Syntax,
  symbologyId: string | undefined,
  buildDl: boolean,
): Gs1ParseResult {
  if (ctx.errors === 0 && ctx.ais.length > 0) checkAssociations(ctx);
  const valid = ctx.errors === 0;
  const plain = valid && ctx.ais.length === 0 && ctx.issues.length === 0;
  if (plain) {
    ctx.report(
      'GS1_PLAIN_DATA',
      'no GS1 AI data: accepted as plain data',
      symbologyId ? { symbologyId } : undefined,
    );
  }
  const result: Gs1ParseResult = {
    valid,
    syntax: plain ? 'plain' : syntax,
    ais: valid ? ctx.ais : [],
    issues: ctx.issues,
  };
  if (symbologyId !== undefined) result.symbologyId = symbologyId;
  if (valid && buildDl && ctx.ais.length > 0) {
    const built = writeDigitalLink(ctx, ctx.options.dlStem, ctx.options.unknownAisAsDlAttributes);
    if (built.ok) result.digitalLink = built.uri;
    else if (built.reason === 'not-data-attribute') {
      ctx.report(
        'GS1_DL_NOT_BUILT',
        `no Digital Link URI: AI (${built.ai}) is not a Digital Link data attribute`,
        {
          ai: built.ai,
        },
      );
    }
  }
  return result;
}

const SCRATCH = { entries: [], positions: [], pathOrders: [] };

/** Options of `parseGs1` that only shape the result. */
export interface Gs1ResultOptions {
  /** Put the Digital Link URI of valid data into the result (default true). */
  digitalLink?: boolean;
}

/**
 * Reads and validates one barcode input: scan data (`]d2…`), bracketed (`(01)…`), a data string
 * (`^01…`, a Digital Link URI, or plain data) or, with `options.syntax`, one form explicitly.
 * Validation covers AI lengths, character sets, check digits and check character pairs, dates and
 * times, ISO code lists, requisite and exclusive AIs, and repeats (GS1 General Specifications §3,
 * §4.14, §7.9-7.12; GS1 Digital Link standard §4). Never throws for malformed input.
 */
export function parseGs1(input: string, options: Gs1ParseOptions & Gs1ResultOptions = {}): Gs1ParseResult {
  // Parsing is synchronous, so the bookkeeping arrays of the previous parse can be reused.
  const ctx = new ParseContext(resolveOptions(options), SCRATCH);
  const buildDl = options.digitalLink ?? true;
  if (typeof input !== 'string') {
    ctx.report('GS1_SYNTAX', 'the input is not a string');
    return finish(ctx, 'plain', undefined, false);
  }
  if (input.length > ctx.options.maxLength) {
    ctx.report(
      'GS1_INPUT_TOO_LONG',
      `the input has ${input.length} characters; at most ${ctx.options.maxLength}`,
      {
        position: ctx.options.maxLength,
        maxLength: ctx.options.maxLength,
      },
    );
    return finish(ctx, 'plain', undefined, false);
  }
  const syntax = options.syntax ?? 'auto';
  input = readGsWrittenOut(ctx, input, syntax);
  switch (syntax) {
    case 'scan':
      return finishScan(ctx, input, buildDl);
    case 'bracketed':
      readBracketedString(ctx, input);
      return finish(ctx, 'bracketed', undefined, buildDl);
    case 'unbracketed': {
      const first = input.charCodeAt(0);
      readUnbracketed(ctx, input, first === 94 || first === 29 ? 1 : 0, input.length, CARET_OR_GS);
      return finish(ctx, 'unbracketed', undefined, buildDl);
    }
    case 'digitalLink':
      readDigitalLink(ctx, input, 0, input.length);
      return finish(ctx, 'digitalLink', undefined, buildDl);
    case 'data':
      return finish(ctx, readDataString(ctx, input), undefined, buildDl);
    case 'auto':
      if (input.charCodeAt(0) === 93) return finishScan(ctx, input, buildDl);
      if (input.charCodeAt(0) === 40) {
        readBracketedString(ctx, input);
        return finish(ctx, 'bracketed', undefined, buildDl);
      }
      return finish(ctx, readDataString(ctx, input), undefined, buildDl);
    default:
      ctx.report('GS1_SYNTAX', `unknown input syntax ${quote(String(syntax))}`);
      return finish(ctx, 'plain', undefined, false);
  }
}

/**
 * GS1 documents, and our guide, print the group separator as `<GS>`; typed literally it would
 * become four characters of a lot or serial. Where GS means FNC1 (scan data and unbracketed
 * element strings) it is read as ASCII 29, with a warning that says so.
 */
function readGsWrittenOut(ctx: ParseContext, input: string, syntax: string): string {
  if (!input.includes('<GS>')) return input;
  const first = input.charCodeAt(0);
  const gsIsFnc1 =
    syntax === 'scan' ||
    syntax === 'unbracketed' ||
    ((syntax === 'auto' || syntax === 'data') && first === 93);
  if (!gsIsFnc1) return input;
  const count = input.split('<GS>').length - 1;
  ctx.report(
    'GS1_GS_WRITTEN_OUT',
    `"<GS>" read as the group separator (ASCII 29), as GS1 guides write it (${count}×); send the character itself to silence this`,
    { count, position: input.indexOf('<GS>') },
  );
  return input.replaceAll('<GS>', '\u001d');
}

function finishScan(ctx: ParseContext, input: string, buildDl: boolean): Gs1ParseResult {
  const read = readScanData(ctx, input);
  return finish(ctx, read.digitalLink === true ? 'digitalLink' : 'scan', read.symbologyId, buildDl);
}

/**
 * Reads a bracketed (`(01)…(10)…`) or unbracketed (`^01…^10…`, FNC1 as `^` or GS) element
 * string, chosen by its first character (GS1 General Specifications §3.2, §7.8).
 */
export function parseElementString(
  input: string,
  options: Gs1ParseOptions & Gs1ResultOptions = {},
): Gs1ParseResult {
  const syntax = typeof input === 'string' && input.startsWith('(') ? 'bracketed' : 'unbracketed';
  return parseGs1(input, { ...options, syntax });
}

/** Reads a GS1 Digital Link URI into its AIs (GS1 Digital Link standard 1.4, §4). */
export function parseDigitalLink(
  uri: string,
  options: Gs1ParseOptions & Gs1ResultOptions = {},
): Gs1ParseResult {
  return parseGs1(uri, { ...options, syntax: 'digitalLink' });
}
