/**
 * UTF-8 check of raw CSV rows. Node's native check; package.json's `browser` field swaps in
 * utf8.browser.ts for browser bundles.
 */
export { isUtf8 } from 'node:buffer';
