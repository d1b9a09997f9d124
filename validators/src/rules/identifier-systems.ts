/**
 * 1.1.0 advice on identifier and code systems, from the release's registry of recommended systems
 * (schemas/<version>/identifier-systems.json): a known system spelled another way, and a local system
 * that does not follow `urn:medsupply:local:{scheme}:{owner}:{codeSet}`. Both are warnings: the schema
 * accepts any absolute URI, so no document that was valid becomes invalid.
 */
import type { IdentifierSystemRegistry } from '@medsupply/schema-registry';
import { joinPointer } from '../pointer.js';
import { identifierSystemRegistry } from './identifier-systems-source.js';
import type { RuleReport } from './rule.js';
import type { JsonObject } from './values.js';

const LOCAL_PREFIX = 'urn:medsupply:local:';

/** What the rules need from a registry, prepared once per release. */
interface SystemAdvice {
  preferred: Map<string, string>;
  local: RegExp;
  schemes: Set<string>;
}

const advice = new Map<string, SystemAdvice | undefined>();

function adviceFor(version: string): SystemAdvice | undefined {
  if (!advice.has(version)) advice.set(version, prepare(identifierSystemRegistry(version)));
  return advice.get(version);
}

function prepare(registry: IdentifierSystemRegistry | undefined): SystemAdvice | undefined {
  if (!registry) return undefined;
  const preferred = new Map<string, string>();
  for (const system of registry.systems)
    for (const alias of system.aliases) preferred.set(alias, system.system);
  return {
    preferred,
    // The pattern is our own (anchored, no nested quantifiers), not user input.
    local: new RegExp(registry.localSystems.pattern),
    schemes: new Set(registry.localSystems.schemes),
  };
}

/** Checks the `system` of one Identifier or Coding (a node with a string `system`) against the registry. */
export function checkIdentifierSystem(
  node: JsonObject,
  pathOf: () => string,
  version: string,
  report: RuleReport,
): void {
  const system = node.system;
  if (typeof system !== 'string') return;
  const registry = adviceFor(version);
  if (!registry) return;
  const preferred = registry.preferred.get(system);
  if (preferred !== undefined) {
    report.warn(
      'IDENTIFIER_SYSTEM_ALIAS',
      joinPointer(pathOf(), 'system'),
      `${system} is another spelling of ${preferred}; write ${preferred}`,
      { system, preferred },
    );
    return;
  }
  if (!system.startsWith(LOCAL_PREFIX)) return;
  const match = system.length <= 512 ? registry.local.exec(system) : null;
  const scheme = match?.groups?.scheme;
  if (!match || scheme === undefined || !registry.schemes.has(scheme)) {
    report.warn(
      'IDENTIFIER_LOCAL_SYSTEM_INVALID',
      joinPointer(pathOf(), 'system'),
      match
        ? `local system ${system} is rooted in an unknown scheme ${scheme}; use dns or one of ${[...registry.schemes].join(', ')}`
        : `local system ${system} does not follow urn:medsupply:local:{scheme}:{owner}:{codeSet}`,
      { system },
    );
  }
}
