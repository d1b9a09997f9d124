import { own } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';

// Elements every resource may have that say nothing the canonical document needs.
const RESOURCE_ELEMENTS = [
  'resourceType',
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
];

/**
 * Reports the elements of a resource that the mapping does not read (as one info issue), and
 * refuses modifier extensions, which could reverse the meaning of what is read.
 */
export function checkElements(ctx: FromFhirContext, at: Located, mapped: readonly string[]): void {
  if (own(at.resource, 'modifierExtension') !== undefined) {
    ctx.report(
      'error',
      'FHIR_MODIFIER_EXTENSION',
      `${at.path}/modifierExtension`,
      'modifier extensions are not understood',
    );
  }
  const ignored = Object.keys(at.resource).filter(
    (name) =>
      !RESOURCE_ELEMENTS.includes(name) &&
      !mapped.includes(name) &&
      name !== 'modifierExtension' &&
      !name.startsWith('_'),
  );
  if (ignored.length > 0) {
    ctx.report('info', 'FHIR_ELEMENTS_IGNORED', at.path, `not mapped: ${ignored.join(', ')}`, {
      elements: ignored,
    });
  }
}

/** Members a canonical document requires, reported when absent. */
export function requireMembers(
  ctx: FromFhirContext,
  document: Record<string, unknown>,
  members: readonly string[],
  path: string,
  prefix = '',
): void {
  for (const member of members) {
    const value = document[member];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      ctx.missing(path, `${prefix}/${member}`, `no value for ${prefix}/${member}`);
    }
  }
}
