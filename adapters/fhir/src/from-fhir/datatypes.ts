import type { Coding, Identifier } from '@medsupply/types';
import { readFhirDate, readFhirDateTime } from '../util/dates.js';
import { own, ownArray, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';

/** FHIR Identifier → canonical Identifier; needs system and value (the assigner becomes the issuer). */
export function identifierFromFhir(
  ctx: FromFhirContext,
  identifier: unknown,
  at: Located,
  path: string,
): Identifier | undefined {
  const system = ownString(identifier, 'system');
  const value = ownString(identifier, 'value');
  if (value === undefined) return undefined;
  if (system === undefined) {
    ctx.report(
      'warning',
      'FHIR_IDENTIFIER_WITHOUT_SYSTEM',
      path,
      `identifier "${value}" has no system and was left out`,
    );
    return undefined;
  }
  const assigner = own(identifier, 'assigner');
  const issuer =
    assigner === undefined ? undefined : ctx.readers.party(ctx, assigner, at, `${path}/assigner`);
  return issuer === undefined ? { system, value } : { system, value, issuer };
}

/** Every usable identifier of a list (those without a system are reported and left out). */
export function identifiersFromFhir(
  ctx: FromFhirContext,
  identifiers: unknown[],
  at: Located,
  path: string,
  skip: (system: string | undefined) => boolean = () => false,
): Identifier[] {
  const found: Identifier[] = [];
  identifiers.forEach((identifier, index) => {
    if (skip(ownString(identifier, 'system'))) return;
    const read = identifierFromFhir(ctx, identifier, at, `${path}/${index}`);
    if (read !== undefined) found.push(read);
  });
  return found;
}

/** FHIR Coding → canonical Coding (system and code needed). */
export function codingFromFhir(coding: unknown): Coding | undefined {
  const system = ownString(coding, 'system');
  const code = ownString(coding, 'code');
  if (system === undefined || code === undefined) return undefined;
  const display = ownString(coding, 'display');
  return display === undefined ? { system, code } : { system, code, display };
}

/** The first Coding with system and code of a CodeableConcept. */
export function codingFromConcept(concept: unknown, system?: string): Coding | undefined {
  for (const coding of ownArray(concept, 'coding')) {
    if (system !== undefined && ownString(coding, 'system') !== system) continue;
    const read = codingFromFhir(coding);
    if (read !== undefined) return read;
  }
  return undefined;
}

/** Codes of a CodeableConcept (or list of them) in one code system. */
export function codesIn(concepts: unknown, system: string): string[] {
  const list = Array.isArray(concepts) ? concepts : [concepts];
  const codes: string[] = [];
  for (const concept of list) {
    for (const coding of ownArray(concept, 'coding')) {
      const code = ownString(coding, 'code');
      if (ownString(coding, 'system') === system && code !== undefined) codes.push(code);
    }
  }
  return codes;
}

/** A FHIR date or dateTime as a canonical date (the local day of a dateTime). */
export function dateFromFhir(ctx: FromFhirContext, value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const read = readFhirDate(value);
  if ('value' in read) {
    if (read.truncated)
      ctx.report('info', 'FHIR_DATE_TRUNCATED', path, `"${String(value)}" read as the day ${read.value}`);
    return read.value;
  }
  ctx.report('warning', 'FHIR_VALUE_UNMAPPED', path, `"${String(value)}" is not a full calendar date`);
  return undefined;
}

/** A FHIR dateTime as a canonical date-time; a date without time is reported, never padded. */
export function dateTimeFromFhir(ctx: FromFhirContext, value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const read = readFhirDateTime(value);
  if ('value' in read) return read.value;
  if (read.problem === 'partial') {
    ctx.report(
      'warning',
      'FHIR_DATETIME_WITHOUT_TIME',
      path,
      `"${String(value)}" has no time of day and offset`,
    );
  } else {
    ctx.report('warning', 'FHIR_VALUE_UNMAPPED', path, `"${String(value)}" is not a FHIR dateTime`);
  }
  return undefined;
}
