/**
 * `medsupply convert` between canonical documents and FHIR R4/R5.
 *
 * - canonical → FHIR: the input (`.json` document or array, `.ndjson`) is validated document by
 *   document; the valid ones become one transaction Bundle per input, written as pretty JSON
 *   (docs/guides/fhir.md explains the choice). Invalid documents are reported and left out.
 * - FHIR → canonical: the input is a Bundle, a resource, an array of resources, or NDJSON with one
 *   resource per line; all of it is read before mapping, because references cross lines. Documents
 *   that map and validate are written as NDJSON, one per line.
 */
import type { Writable } from 'node:stream';
import { type FhirVersion, canonicalRecordsToFhir, fhirRecordsToCanonical } from '@medsupply/fhir';
import type { MedsupplyDocument } from '@medsupply/types';
import {
  type Issue,
  type RecordRead,
  type Validator,
  createValidator,
  formatFromPath,
  hasErrors,
  readRecords,
} from '@medsupply/validators';
import type {
  ConversionContext,
  ConversionSummary,
  Converter,
  ConverterTable,
  SourcedIssue,
} from './types.js';

/** A FHIR Bundle may be much larger than one canonical document; it is still read whole. */
const FHIR_RECORD_LIMIT = 256 * 1024 * 1024;

let validatorPromise: Promise<Validator> | undefined;
function validator(): Promise<Validator> {
  validatorPromise ??= createValidator({ preload: false });
  return validatorPromise;
}

async function* records(context: ConversionContext, maxRecordBytes?: number): AsyncGenerator<RecordRead> {
  const format = formatFromPath(context.source);
  yield* readRecords(context.input, {
    source: context.source,
    // JSON or NDJSON from the extension; otherwise (stdin, .fhir) the reader decides from the first line.
    ...(format === 'json' || format === 'ndjson' ? { format } : {}),
    ...(maxRecordBytes === undefined ? {} : { limits: { maxRecordBytes } }),
  });
}

function sourced(
  context: ConversionContext,
  found: Issue,
  where: { index?: number; line?: number } = {},
): SourcedIssue {
  const issue: SourcedIssue = { ...found, source: context.source };
  if (where.line !== undefined) issue.line = where.line;
  if (where.index !== undefined) issue.index = where.index;
  return issue;
}

/** Where a record was in its input. */
function where(record: RecordRead): { index: number; line?: number } {
  return { index: record.index, ...(record.line === undefined ? {} : { line: record.line }) };
}

/** Writes text, waiting when the destination asks for it. */
async function write(output: Writable, text: string): Promise<void> {
  if (output.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      output.off('drain', done);
      output.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    output.once('drain', done);
    output.once('error', done);
  });
}

/** canonical → one FHIR transaction Bundle per input. */
function toFhir(fhirVersion: FhirVersion): Converter {
  return async (context) => {
    const summary: ConversionSummary = { records: 0, converted: 0, failed: 0 };
    const check = await validator();
    const documents: MedsupplyDocument[] = [];
    const origins: RecordRead[] = [];
    for await (const record of records(context)) {
      summary.records++;
      for (const problem of record.issues) context.report(sourced(context, problem, where(record)));
      if (record.value === undefined || hasErrors(record.issues)) {
        summary.failed++;
        continue;
      }
      const result = await check.validateAsync(record.value);
      for (const problem of result.issues) context.report(sourced(context, problem, where(record)));
      if (!result.valid) {
        summary.failed++;
        continue;
      }
      documents.push(record.value as MedsupplyDocument);
      origins.push(record);
    }
    const { bundle, issues, failed } = canonicalRecordsToFhir(documents, origins, { fhirVersion });
    for (const { issue: problem, origin } of issues)
      context.report(sourced(context, problem, origin === undefined ? {} : where(origin)));
    summary.failed += failed;
    summary.converted = documents.length - failed;
    if (documents.length > 0 || summary.records > 0)
      await write(context.output, `${JSON.stringify(bundle, null, 2)}\n`);
    return summary;
  };
}

/** The canonical release FHIR input is written as (it lets a document go without what FHIR cannot say). */
export const CANONICAL_RELEASE = '1.1.0';

/** FHIR (Bundle, resource, array, NDJSON) → canonical NDJSON. */
function fromFhir(fhirVersion: FhirVersion): Converter {
  return async (context) => {
    const summary: ConversionSummary = { records: 0, converted: 0, failed: 0 };
    const values: unknown[] = [];
    const origins: RecordRead[] = [];
    let unreadable = 0;
    for await (const record of records(context, FHIR_RECORD_LIMIT)) {
      for (const problem of record.issues) context.report(sourced(context, problem, where(record)));
      if (record.value === undefined || hasErrors(record.issues)) {
        unreadable++;
        continue;
      }
      values.push(record.value);
      origins.push(record);
    }
    // One JSON value is the input itself (a Bundle or a resource); several are an array of resources.
    const { documents, issues, attempted } = fhirRecordsToCanonical(
      values,
      origins,
      (record) => record.index,
      {
        fhirVersion,
        schemaVersion: CANONICAL_RELEASE,
        ...context.vouched,
      },
    );
    for (const { issue: problem, origin } of issues)
      context.report(sourced(context, problem, origin === undefined ? {} : where(origin)));
    const check = await validator();
    summary.records = attempted + unreadable;
    summary.failed = unreadable + (attempted - documents.length);
    for (const document of documents) {
      // These paths point into the produced document, which the message names.
      const result = await check.validateAsync(document);
      for (const problem of result.issues) {
        const params = { ...problem.params, documentId: document.documentId };
        context.report(
          sourced(context, {
            ...problem,
            message: `document ${document.documentId}: ${problem.message}`,
            params,
          }),
        );
      }
      if (!result.valid) {
        summary.failed++;
        continue;
      }
      await write(context.output, `${JSON.stringify(document)}\n`);
      summary.converted++;
    }
    return summary;
  };
}

/** FHIR conversions (canonical <-> fhir-r4|fhir-r5). */
export const fhirConverters: ConverterTable = {
  'canonical->fhir-r4': toFhir('4'),
  'canonical->fhir-r5': toFhir('5'),
  'fhir-r4->canonical': fromFhir('4'),
  'fhir-r5->canonical': fromFhir('5'),
};
