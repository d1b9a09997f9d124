import type { Identifier } from '@medsupply/types';
import { ownArray } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { identifiersFromFhir } from './datatypes.js';

/**
 * The canonical identifiers of a resource a reference led to (`Resource.identifier`), with issues
 * located at that resource. The Organization and Location readers need them for the inline form and
 * for the fallback, a reference by the first identifier.
 */
export function resourceIdentifiers(ctx: FromFhirContext, target: Located): Identifier[] {
  return identifiersFromFhir(
    ctx,
    ownArray(target.resource, 'identifier'),
    target,
    `${target.path}/identifier`,
  );
}
