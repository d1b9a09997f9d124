/**
 * Where the rules find a release's registry of identifier systems: under Node, the copy placed beside
 * the compiled schemas at build time (scripts/compile-schemas.mjs). package.json's `browser` field swaps
 * in identifier-systems-source.browser.ts for bundles, which cannot read files.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IdentifierSystemRegistry } from '@medsupply/schema-registry';

// Both src/rules and dist/rules sit two levels below the package root.
const STANDALONE_ROOT = new URL('../../dist/standalone/', import.meta.url);

/** The registry of a release, or undefined when the release has none. */
export function identifierSystemRegistry(version: string): IdentifierSystemRegistry | undefined {
  const file = new URL(`${version}/identifier-systems.json`, STANDALONE_ROOT);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as IdentifierSystemRegistry) : undefined;
}
