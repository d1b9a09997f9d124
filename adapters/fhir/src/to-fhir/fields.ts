import type { Field } from '../extensions/fields.js';
import { VALUE_ELEMENT } from '../extensions/fields.js';
import type { FhirExtension } from '../types.js';
import { toFhirDateTime } from '../util/dates.js';
import { isObject, own } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { codingToFhir, identifierToFhir } from './datatypes.js';

/**
 * Writes the members of `object` named in `fields` as extensions: `urlOf(name)` gives each URL,
 * object members become complex extensions with relative part URLs. Absent members are skipped.
 */
export function writeFields(
  ctx: ToFhirContext,
  object: unknown,
  fields: readonly Field[],
  urlOf: (name: string) => string,
  path: string,
  holder: Holder | undefined,
): FhirExtension[] {
  const extensions: FhirExtension[] = [];
  for (const field of fields) {
    const value = own(object, field.name);
    if (value === undefined) continue;
    const items = field.many && Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      const itemPath = field.many ? `${path}/${field.name}/${index}` : `${path}/${field.name}`;
      const extension = writeField(ctx, field, item, urlOf(field.name), itemPath, holder);
      if (extension !== undefined) extensions.push(extension);
    });
  }
  return extensions;
}

function writeField(
  ctx: ToFhirContext,
  field: Field,
  value: unknown,
  url: string,
  path: string,
  holder: Holder | undefined,
): FhirExtension | undefined {
  if (typeof field.kind !== 'string') {
    const parts = writeFields(ctx, value, field.kind, (name) => name, path, holder);
    return parts.length > 0 ? { url, extension: parts } : undefined;
  }
  switch (field.kind) {
    case 'StringOrCoding':
      return typeof value === 'string'
        ? { url, valueString: value }
        : { url, valueCoding: codingToFhir(value) };
    case 'dateTime':
      return { url, valueDateTime: toFhirDateTime(String(value)) };
    case 'dateOrDateTime': {
      const text = String(value);
      return { url, valueDateTime: text.length === 10 ? text : toFhirDateTime(text) };
    }
    case 'Coding':
      return { url, valueCoding: codingToFhir(value) };
    // Datatypes and references that nest further come from the context (see ValueWriters).
    case 'Quantity':
      return { url, valueQuantity: ctx.writers.quantity(ctx, value, path, holder) };
    case 'Identifier':
      return { url, valueIdentifier: identifierToFhir(ctx, value, path, holder) };
    case 'Period':
      return { url, valuePeriod: ctx.writers.period(ctx, value, path, holder) };
    case 'PartyRef':
      return { url, valueReference: ctx.writers.party(ctx, value, path, holder) };
    case 'LocationRef':
      return { url, valueReference: ctx.writers.location(ctx, value, path, holder) };
    case 'ProductRef':
      return { url, valueReference: ctx.writers.product(ctx, value, path, holder) };
    case 'SupplySourceRef':
      return { url, valueReference: ctx.writers.supplySource(ctx, value, path, holder) };
    default:
      if (isObject(value) || Array.isArray(value)) return undefined;
      return { url, [VALUE_ELEMENT[field.kind]]: value };
  }
}
