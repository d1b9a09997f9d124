/**
 * The registries of identifier systems for browser bundles (see identifier-systems-source.ts): static
 * JSON imports the bundler can follow. A release that adds a registry adds its line here.
 */
import type { IdentifierSystemRegistry } from '@medsupply/schema-registry';
import release110 from '@medsupply/schemas/1.1.0/identifier-systems.json' with { type: 'json' };

const REGISTRIES: Readonly<Record<string, unknown>> = { '1.1.0': release110 };

/** The registry of a release, or undefined when the release has none. */
export function identifierSystemRegistry(version: string): IdentifierSystemRegistry | undefined {
  return REGISTRIES[version] as IdentifierSystemRegistry | undefined;
}
