/**
 * The `uri` format: ajv-formats' verdict, reached without its large regular expression for the
 * common shape of feed URIs. Only strings that ajv-formats certainly accepts are decided here; every
 * other string goes to the reference check, so the verdicts are exactly ajv-formats' `uri`.
 */

type FormatCheck = (value: string) => boolean;

/** Character classes by ASCII code: bit 1 host (reg-name subset), 2 path (pchar or `/`), 4 query/fragment. */
const HOST = 1;
const PATH = 2;
const QUERY = 4;
const CLASSES = buildClasses();

function buildClasses(): Uint8Array {
  const classes = new Uint8Array(128);
  const mark = (chars: string, bits: number) => {
    for (let i = 0; i < chars.length; i++) classes[chars.charCodeAt(i)]! |= bits;
  };
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // RFC 3986 unreserved and sub-delims (no `%`: escapes are left to the reference check).
  const pchar = `${alnum}-._~!$&'()*+,;=:@`;
  mark(`${alnum}-.`, HOST);
  mark(`${pchar}/`, PATH);
  mark(`${pchar}/?`, QUERY);
  return classes;
}

/** Length of an `http://` or `https://` prefix (lower case) at the start of `value`, or 0. */
function httpPrefix(value: string): number {
  if (
    value.charCodeAt(0) !== 0x68 || // h
    value.charCodeAt(1) !== 0x74 || // t
    value.charCodeAt(2) !== 0x74 || // t
    value.charCodeAt(3) !== 0x70 // p
  ) {
    return 0;
  }
  const at = value.charCodeAt(4) === 0x73 ? 5 : 4; // s
  return value.charCodeAt(at) === 0x3a &&
    value.charCodeAt(at + 1) === 0x2f &&
    value.charCodeAt(at + 2) === 0x2f
    ? at + 3
    : 0;
}

/**
 * True when `value` is `http(s)://host[:port][/path][?query][#fragment]` with a non-empty host of
 * letters, digits, `-` and `.`, and only unreserved, sub-delim, `:`, `@` (and `/`, `?` where RFC 3986
 * allows them) after it: a subset of what ajv-formats' `uri` accepts. One pass, no backtracking.
 */
export function isPlainHttpUri(value: string): boolean {
  const length = value.length;
  let at = httpPrefix(value);
  if (at === 0) return false;
  const hostStart = at;
  while (at < length) {
    const c = value.charCodeAt(at);
    if (c >= 128 || (CLASSES[c]! & HOST) === 0) break;
    at++;
  }
  if (at === hostStart) return false;
  if (at < length && value.charCodeAt(at) === 0x3a) {
    at++;
    while (at < length) {
      const c = value.charCodeAt(at);
      if (c < 0x30 || c > 0x39) break;
      at++;
    }
  }
  if (at < length && value.charCodeAt(at) === 0x2f) {
    while (at < length) {
      const c = value.charCodeAt(at);
      if (c >= 128 || (CLASSES[c]! & PATH) === 0) break;
      at++;
    }
  }
  if (at < length && value.charCodeAt(at) === 0x3f) {
    at++;
    while (at < length) {
      const c = value.charCodeAt(at);
      if (c >= 128 || (CLASSES[c]! & QUERY) === 0) break;
      at++;
    }
  }
  if (at < length && value.charCodeAt(at) === 0x23) {
    at++;
    while (at < length) {
      const c = value.charCodeAt(at);
      if (c >= 128 || (CLASSES[c]! & QUERY) === 0) break;
      at++;
    }
  }
  return at === length;
}

/** Wraps the reference `uri` check with the {@link isPlainHttpUri} fast path in front. */
export function uriChecker(exact: FormatCheck): FormatCheck {
  return (value) => isPlainHttpUri(value) || exact(value);
}
