import type { FhirResource } from '../types.js';
import { isObject, jsonDepth, own, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';

/** Deepest nesting accepted in FHIR input; real resources stay far below it. */
export const MAX_FHIR_DEPTH = 64;

/**
 * Every resource of the input, located: Bundle entries (any Bundle type), a lone resource, or the
 * items of an array (for example NDJSON lines); Bundles inside arrays are opened too. Contained
 * resources are not listed; references reach them through their container.
 */
export function collectResources(input: unknown, report: FromFhirContext['report']): Located[] | undefined {
  if (jsonDepth(input, MAX_FHIR_DEPTH) > MAX_FHIR_DEPTH) {
    report('error', 'FHIR_INPUT_TOO_DEEP', '', `the input nests deeper than ${MAX_FHIR_DEPTH} levels`, {
      limit: MAX_FHIR_DEPTH,
    });
    return undefined;
  }
  const found: Located[] = [];
  if (Array.isArray(input)) {
    input.forEach((item, index) => addResource(item, `/${index}`, undefined, found, report));
  } else if (isObject(input) && typeof input.resourceType === 'string') {
    addResource(input, '', undefined, found, report);
  } else {
    report('error', 'FHIR_INPUT_INVALID', '', 'expected a FHIR Bundle, a resource, or an array of resources');
    return undefined;
  }
  return found;
}

function addResource(
  value: unknown,
  path: string,
  fullUrl: string | undefined,
  found: Located[],
  report: FromFhirContext['report'],
): void {
  if (!isObject(value) || typeof value.resourceType !== 'string' || value.resourceType.length === 0) {
    report('error', 'FHIR_RESOURCE_INVALID', path, 'not a FHIR resource (an object with a resourceType)');
    return;
  }
  const resource = value as FhirResource;
  if (resource.resourceType !== 'Bundle') {
    found.push(fullUrl === undefined ? { resource, path } : { resource, path, fullUrl });
    return;
  }
  const entries = own(resource, 'entry');
  if (!Array.isArray(entries)) return;
  entries.forEach((entry, index) => {
    const at = `${path}/entry/${index}`;
    const inner = own(entry, 'resource');
    // Transaction responses and deleted history entries have no resource; they hold no data to map.
    if (inner === undefined) return;
    if (own(own(entry, 'search'), 'mode') === 'outcome') return;
    addResource(inner, `${at}/resource`, ownString(entry, 'fullUrl'), found, report);
  });
}
