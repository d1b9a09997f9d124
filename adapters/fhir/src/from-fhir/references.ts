import type { Identifier } from '@medsupply/types';
import { isObject, own, ownString } from '../util/json.js';
import type { ByIdentifier, FromFhirContext, Located } from './context.js';
import { identifierFromFhir } from './datatypes.js';
import { resourceIdentifiers } from './resource-identifiers.js';

export type { ByIdentifier } from './context.js';

/**
 * Follows a Reference: a literal one that resolves to a resource of an expected type is read inline;
 * otherwise its identifier (a logical reference) is used; otherwise nothing.
 */
export function fromReference<T>(
  ctx: FromFhirContext,
  reference: unknown,
  from: Located,
  path: string,
  expected: readonly string[],
  readInline: (target: Located) => T | ByIdentifier | undefined,
  byIdentifierOnly: readonly string[] = [],
): T | ByIdentifier | undefined {
  if (!isObject(reference)) return undefined;
  const literal = ownString(reference, 'reference');
  const identifier = own(reference, 'identifier');
  if (literal !== undefined) {
    const target = ctx.resolver.resolve(reference, from);
    if (target !== undefined && expected.includes(target.resource.resourceType)) {
      const read = ctx.follow(target, () => readInline(target));
      if (read !== undefined) return read;
    } else if (target !== undefined && byIdentifierOnly.includes(target.resource.resourceType)) {
      // A product kind the canonical model has no inline form for (a Device, a blood product): its identifier names it.
      const read = byFirstIdentifier(ctx, target, resourceIdentifiers(ctx, target), [
        'an inline canonical form',
      ]);
      if (read !== undefined) return read;
    } else if (target !== undefined) {
      ctx.report(
        'warning',
        'FHIR_VALUE_UNMAPPED',
        path,
        `refers to a ${target.resource.resourceType}, expected ${expected.join(' or ')}`,
      );
    } else if (identifier === undefined) {
      ctx.report(
        'warning',
        'FHIR_REFERENCE_UNRESOLVED',
        `${path}/reference`,
        `"${literal}" is not in the input`,
        {
          reference: literal,
        },
      );
    }
  }
  if (identifier === undefined) return undefined;
  const read = identifierFromFhir(ctx, identifier, from, `${path}/identifier`);
  return read === undefined ? undefined : { identifier: read };
}

/** The canonical reference by identifier for a resource lacking inline data, reported as such. */
export function byFirstIdentifier(
  ctx: FromFhirContext,
  target: Located,
  identifiers: Identifier[],
  missing: string[],
): ByIdentifier | undefined {
  const first = identifiers[0];
  if (first === undefined) return undefined;
  ctx.report(
    'info',
    'FHIR_REFERENCED_BY_IDENTIFIER',
    target.path,
    `${target.resource.resourceType} lacks ${missing.join(', ')}; referred to by identifier ${first.system}|${first.value}`,
    { missing },
  );
  return { identifier: first };
}

export function missingMembers(members: Record<string, unknown>): string[] {
  return Object.keys(members).filter((name) => {
    const value = members[name];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
}
