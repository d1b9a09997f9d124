import type { Field, ValueKind } from '../extensions/fields.js';
import { VALUE_ELEMENT } from '../extensions/fields.js';
import { own, ownArray, ownString } from '../util/json.js';
import type { FromFhirContext, Located, ValueReader } from './context.js';
import { codingFromFhir, dateFromFhir, dateTimeFromFhir, identifierFromFhir } from './datatypes.js';

/**
 * Reads the members named in `fields` back from extensions (the writer is to-fhir/fields.ts).
 * Only field names become members, so extension content never chooses a member name.
 */
export function readFields(
  ctx: FromFhirContext,
  extensions: unknown[],
  fields: readonly Field[],
  urlOf: (name: string) => string,
  at: Located,
  path: string,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (extensions.length === 0) return result;
  // One pass over the extensions, then one lookup per field.
  const byUrl = new Map<string, number[]>();
  extensions.forEach((extension, index) => {
    const url = ownString(extension, 'url');
    if (url === undefined) return;
    const found = byUrl.get(url);
    if (found === undefined) byUrl.set(url, [index]);
    else found.push(index);
  });
  for (const field of fields) {
    const indexes = byUrl.get(urlOf(field.name));
    if (indexes === undefined) continue;
    const values: unknown[] = [];
    for (const index of indexes) {
      const value = readField(ctx, field, extensions[index], at, `${path}/extension/${index}`);
      if (value !== undefined) values.push(value);
    }
    if (values.length === 0) continue;
    result[field.name] = field.many ? values : values[0];
  }
  return result;
}

function readField(
  ctx: FromFhirContext,
  field: Field,
  extension: unknown,
  at: Located,
  path: string,
): unknown {
  if (typeof field.kind !== 'string') {
    const object = readFields(ctx, ownArray(extension, 'extension'), field.kind, (name) => name, at, path);
    return Object.keys(object).length > 0 ? object : undefined;
  }
  const kind: ValueKind = field.kind;
  if (kind === 'StringOrCoding') {
    const text = own(extension, 'valueString');
    if (typeof text === 'string') return text;
    return invalidUnless(ctx, codingFromFhir(own(extension, 'valueCoding')), path, field);
  }
  const element = VALUE_ELEMENT[kind];
  const value = own(extension, element);
  if (value === undefined) return invalidUnless(ctx, undefined, path, field);
  const valuePath = `${path}/${element}`;
  switch (kind) {
    case 'string':
    case 'code':
    case 'uri':
      return invalidUnless(
        ctx,
        typeof value === 'string' && value.length > 0 ? value : undefined,
        path,
        field,
      );
    case 'boolean':
      return invalidUnless(ctx, typeof value === 'boolean' ? value : undefined, path, field);
    case 'integer':
      return invalidUnless(ctx, Number.isInteger(value) ? value : undefined, path, field);
    case 'decimal':
      return invalidUnless(
        ctx,
        typeof value === 'number' && Number.isFinite(value) ? value : undefined,
        path,
        field,
      );
    case 'date':
      return dateFromFhir(ctx, value, valuePath);
    case 'dateTime':
      return dateTimeFromFhir(ctx, value, valuePath);
    case 'dateOrDateTime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? value
        : dateTimeFromFhir(ctx, value, valuePath);
    case 'Coding':
      return invalidUnless(ctx, codingFromFhir(value), path, field);
    default:
      // The remaining kinds are FHIR datatypes or references; a new kind fails to type-check here.
      return readerOf(ctx, kind)(ctx, value, at, valuePath);
  }
}

/**
 * The reader of a value kind that is a FHIR datatype or a reference. These report their own issues
 * (relative to the resource `at`), so their result is returned as is, without `invalidUnless`. All but
 * Identifier contain extensions or references in turn, so they come from the context (see ValueReaders).
 */
function readerOf(
  ctx: FromFhirContext,
  kind: 'Quantity' | 'Identifier' | 'Period' | 'PartyRef' | 'LocationRef' | 'ProductRef' | 'SupplySourceRef',
): ValueReader<unknown> {
  switch (kind) {
    case 'Identifier':
      return identifierFromFhir;
    case 'Quantity':
      return ctx.readers.quantity;
    case 'Period':
      return ctx.readers.period;
    case 'PartyRef':
      return ctx.readers.party;
    case 'LocationRef':
      return ctx.readers.location;
    case 'ProductRef':
      return ctx.readers.product;
    case 'SupplySourceRef':
      return ctx.readers.supplySource;
  }
}

function invalidUnless<T>(
  ctx: FromFhirContext,
  value: T | undefined,
  path: string,
  field: Field,
): T | undefined {
  if (value === undefined) {
    ctx.report(
      'warning',
      'FHIR_EXTENSION_INVALID',
      path,
      `extension for "${field.name}" has no usable value`,
      {
        field: field.name,
      },
    );
  }
  return value;
}
