/**
 * Reader of uncompressed GS1 Digital Link URIs (GS1 Digital Link standard 1.4, §4): any stem
 * (resolver domain and path prefix), then `/key/value` with its qualifiers in order, then data
 * attributes as query parameters; other query parameters and the fragment are ignored.
 */
import type { ParseContext } from './context.js';
import { isDigitalLinkPath } from './dl-keys.js';
import { uriUnescape } from './percent.js';
import { checkComponents, checkValueLength, entryForAi } from './value.js';

/** Characters allowed anywhere in a URI (RFC 3986 §2), `%` included. */
const URI_CHARS = (() => {
  const t = new Uint8Array(128);
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
})();

/** URI characters that cannot appear in a host name. */
const BAD_DOMAIN_CHARS = "_~?#@!$&'()*+,;=%";

/** Length of the scheme prefix when `s[start…]` starts with http:// or https:// (all lower or all upper case), else 0. */
export function dlSchemeLength(s: string, start: number): number {
  if (s.startsWith('https://', start) || s.startsWith('HTTPS://', start)) return 8;
  if (s.startsWith('http://', start) || s.startsWith('HTTP://', start)) return 7;
  return 0;
}

/** Index of `c` in `s[from, to)`, or -1; never looks past `to`, so scans stay linear. */
function indexOfIn(s: string, c: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (s[i] === c) return i;
  return -1;
}

function lastIndexOfIn(s: string, c: string, from: number, lowest: number): number {
  for (let i = from; i >= lowest; i--) if (s[i] === c) return i;
  return -1;
}

/** Pads a GTIN-8, -12 or -13 to GTIN-14 with leading zeros. */
function padGtin(ai: string, value: string): string {
  return ai === '01' && (value.length === 8 || value.length === 12 || value.length === 13)
    ? value.padStart(14, '0')
    : value;
}

/**
 * Reads the Digital Link URI in `s[start, end)` into the context. Returns false when the URI
 * cannot be read; issues say why.
 */
export function readDigitalLink(ctx: ParseContext, s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || URI_CHARS[c] !== 1) {
      ctx.report('GS1_DL_URI_INVALID', 'the URI contains a character that URIs do not allow', {
        position: i,
      });
      return false;
    }
  }
  const scheme = dlSchemeLength(s, start);
  if (scheme === 0) {
    ctx.report('GS1_DL_URI_INVALID', 'the scheme must be http:// or https://', { position: start });
    return false;
  }
  const domainStart = start + scheme;
  let slash = domainStart;
  for (; slash < end && s[slash] !== '/'; slash++) {
    if (BAD_DOMAIN_CHARS.includes(s[slash]!)) {
      ctx.report('GS1_DL_URI_INVALID', 'the domain contains a character that host names do not allow', {
        position: slash,
      });
      return false;
    }
  }
  if (slash >= end || slash === domainStart) {
    ctx.report('GS1_DL_URI_INVALID', 'the URI needs a domain and a path', { position: domainStart });
    return false;
  }
  const fragment = indexOfIn(s, '#', slash, end);
  const dataEnd = fragment < 0 ? end : fragment;
  const question = indexOfIn(s, '?', slash, dataEnd);
  const pathEnd = question < 0 ? dataEnd : question;

  const first = ctx.ais.length;
  const keyStart = findPrimaryKey(ctx, s, slash, pathEnd);
  if (keyStart < 0) {
    ctx.report('GS1_DL_NO_PRIMARY_KEY', 'the path holds no GS1 Digital Link primary key', {
      position: slash,
    });
    return false;
  }
  if (!readPath(ctx, s, keyStart, pathEnd)) return false;
  const pathAis = ctx.entries.slice(first, ctx.ais.length).map((e) => e.ai);
  if (question >= 0 && !readQuery(ctx, s, question + 1, dataEnd)) return false;

  if (!isDigitalLinkPath(pathAis)) {
    ctx.report(
      'GS1_DL_KEY_QUALIFIERS',
      `the path AIs ${pathAis.join('/')} are not a key followed by its qualifiers in order`,
      {
        position: keyStart,
        path: pathAis.join('/'),
      },
    );
  }
  checkAttributes(ctx, pathAis);
  for (let i = first; i < ctx.ais.length; i++) {
    const { ai, value } = ctx.ais[i]!;
    checkComponents(ctx, ctx.entries[i]!, ai, value, 0, value.length, ctx.positions[i]!, false);
  }
  return true;
}

/**
 * Finds the primary key by walking `/AI/value` pairs back from the end of the path; returns the
 * index of the `/` before the key, or -1. Whatever precedes the key is the stem.
 */
function findPrimaryKey(ctx: ParseContext, s: string, pathStart: number, pathEnd: number): number {
  let r = pathEnd;
  while (r > pathStart) {
    const valueSlash = lastIndexOfIn(s, '/', r - 1, pathStart);
    if (valueSlash <= pathStart) return -1;
    const aiSlash = lastIndexOfIn(s, '/', valueSlash - 1, pathStart);
    if (aiSlash < 0) return -1;
    const entry = entryForAi(ctx, s, aiSlash + 1, valueSlash - aiSlash - 1);
    if (entry === undefined) return -1;
    if (entry.dlPrimaryKey && entry.unknown !== true) return aiSlash;
    r = aiSlash;
  }
  return -1;
}

/** Reads the `/AI/value` pairs from the primary key to the end of the path. */
function readPath(ctx: ParseContext, s: string, from: number, pathEnd: number): boolean {
  let p = from;
  let order = 0;
  while (p < pathEnd) {
    const aiStart = p + 1;
    const aiEnd = indexOfIn(s, '/', aiStart, pathEnd);
    const entry = aiEnd < 0 ? undefined : entryForAi(ctx, s, aiStart, aiEnd - aiStart);
    if (aiEnd < 0 || entry === undefined) {
      ctx.report('GS1_DL_URI_INVALID', 'the path does not continue with /AI/value pairs', {
        position: aiStart,
      });
      return false;
    }
    const ai = s.slice(aiStart, aiEnd);
    const valueStart = aiEnd + 1;
    const slash = indexOfIn(s, '/', valueStart, pathEnd);
    const valueEnd = slash < 0 ? pathEnd : slash;
    if (valueEnd === valueStart) {
      ctx.report('GS1_DL_EMPTY_VALUE', `AI (${ai}) has an empty path segment`, { ai, position: valueStart });
      return false;
    }
    let value = uriUnescape(s, valueStart, valueEnd, false);
    if (value === undefined) {
      ctx.report('GS1_DL_NUL_CHARACTER', `AI (${ai}): the decoded value contains NUL`, {
        ai,
        position: valueStart,
      });
      return false;
    }
    if (ctx.options.permitZeroSuppressedGtin) value = padGtin(ai, value);
    if (!checkValueLength(ctx, entry, ai, value, valueStart)) return false;
    if (!ctx.addAi(entry, ai, value, valueStart, order++)) return false;
    p = valueEnd;
  }
  return true;
}

function isAllDigits(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Reads `AI=value` query parameters; parameters without `=` or with a non-numeric name are ignored. */
function readQuery(ctx: ParseContext, s: string, from: number, to: number): boolean {
  let p = from;
  while (p < to) {
    while (p < to && s[p] === '&') p++;
    if (p >= to) break;
    const ampersand = indexOfIn(s, '&', p, to);
    const paramEnd = ampersand < 0 ? to : ampersand;
    const equals = indexOfIn(s, '=', p, paramEnd);
    if (equals < 0 || !isAllDigits(s, p, equals)) {
      p = paramEnd;
      continue;
    }
    const ai = s.slice(p, equals);
    const entry = entryForAi(ctx, s, p, equals - p);
    if (entry === undefined) {
      ctx.report('GS1_AI_UNKNOWN', `unknown AI (${ai.slice(0, 12)}) in the query`, {
        ai: ai.slice(0, 12),
        position: p,
      });
      return false;
    }
    const valueStart = equals + 1;
    if (valueStart === paramEnd) {
      ctx.report('GS1_DL_EMPTY_VALUE', `AI (${ai}) has an empty query value`, { ai, position: valueStart });
      return false;
    }
    const decoded = uriUnescape(s, valueStart, paramEnd, true);
    if (decoded === undefined) {
      ctx.report('GS1_DL_NUL_CHARACTER', `AI (${ai}): the decoded value contains NUL`, {
        ai,
        position: valueStart,
      });
      return false;
    }
    // A GTIN-8/12/13 given as a data attribute is always widened to GTIN-14, as the GS1 Syntax Engine does.
    const value = padGtin(ai, decoded);
    if (!checkValueLength(ctx, entry, ai, value, valueStart)) return false;
    if (!ctx.addAi(entry, ai, value, valueStart)) return false;
    p = paramEnd;
  }
  return true;
}

/**
 * Checks the data attributes: no AI twice, each a permitted data attribute, and none that would
 * be a qualifier of the path's key (it belongs in the path).
 */
function checkAttributes(ctx: ParseContext, pathAis: readonly string[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < ctx.ais.length; i++) {
    const ai = ctx.ais[i]!.ai;
    if (seen.has(ai)) {
      ctx.report('GS1_DL_DUPLICATE_AI', `AI (${ai}) appears twice`, { ai, position: ctx.positions[i] });
      return;
    }
    seen.add(ai);
  }
  for (let i = 0; i < ctx.ais.length; i++) {
    if (ctx.pathOrders[i]! >= 0) continue;
    const ai = ctx.ais[i]!.ai;
    const entry = ctx.entries[i]!;
    const permitted = entry.unknown === true ? ctx.options.unknownAisAsDlAttributes : entry.dlDataAttribute;
    if (!permitted) {
      ctx.report('GS1_DL_NOT_DATA_ATTRIBUTE', `AI (${ai}) is not a Digital Link data attribute`, {
        ai,
        position: ctx.positions[i],
      });
      continue;
    }
    for (let at = 1; at <= pathAis.length; at++) {
      if (isDigitalLinkPath([...pathAis.slice(0, at), entry.ai, ...pathAis.slice(at)])) {
        ctx.report('GS1_DL_QUALIFIER_IN_QUERY', `AI (${ai}) is a key qualifier and belongs in the path`, {
          ai,
          position: ctx.positions[i],
        });
        break;
      }
    }
  }
}
