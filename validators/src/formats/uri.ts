/**
 * The `uri` format: ajv-formats' verdict, reached without its large regular expression for the
 * common shape of feed URIs. Only strings that ajv-formats certainly accepts are decided here; every
 * other string goes to the reference check, so the verdicts are exactly ajv-formats' `uri`.
 */

type FormatCheck = (value: string) => boolean;

/** RFC 3986 pchar without `%` escapes (those are left to the reference check). */
const PCHAR = "A-Za-z0-9\\-._~!$&'()*+,;=:@";

/**
 * `http(s)://host[:port][/path][?query][#fragment]` with a non-empty host of letters, digits, `-` and
 * `.`, and only unreserved, sub-delim, `:`, `@` (plus `/`, `?` where RFC 3986 allows them) after it:
 * a subset of what ajv-formats' `uri` accepts. No `u` flag, no nested quantifiers, and every repeated
 * class is followed by a delimiter outside it, so a failing match backtracks linearly, never more.
 */
const PLAIN_HTTP_URI = new RegExp(
  `^https?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:/[${PCHAR}/]*)?(?:\\?[${PCHAR}/?]*)?(?:#[${PCHAR}/?]*)?$`,
);

/**
 * `scheme:path[?query][#fragment]` whose path does not start with `/` (RFC 3986 path-rootless: `urn:oid:…`,
 * `urn:epc:id:…`, `mailto:…`), without `%` escapes: a subset of what ajv-formats' `uri` accepts. The
 * scheme stops at the first `:`, and each repeated class is followed by a delimiter outside it, so a
 * failing match backtracks linearly. Feeds name code systems this way (`urn:oid:2.16.840.1.113883.4.82`),
 * and deciding them here spares every run the compile of ajv-formats' large regular expression.
 */
const PLAIN_ROOTLESS_URI = new RegExp(
  `^[A-Za-z][A-Za-z0-9+.-]*:[${PCHAR}][${PCHAR}/]*(?:\\?[${PCHAR}/?]*)?(?:#[${PCHAR}/?]*)?$`,
);

/** True when `value` is a plain http(s) URI that ajv-formats' `uri` certainly accepts. */
export function isPlainHttpUri(value: string): boolean {
  return PLAIN_HTTP_URI.test(value);
}

/** True when `value` is a plain `scheme:path` URI (no authority, no escapes) that ajv-formats' `uri` certainly accepts. */
export function isPlainRootlessUri(value: string): boolean {
  return PLAIN_ROOTLESS_URI.test(value);
}

/** Wraps the reference `uri` check with the {@link isPlainHttpUri} and {@link isPlainRootlessUri} fast paths in front of it. */
export function uriChecker(exact: FormatCheck): FormatCheck {
  return (value) => PLAIN_HTTP_URI.test(value) || PLAIN_ROOTLESS_URI.test(value) || exact(value);
}
