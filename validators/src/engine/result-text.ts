import type { RecordResult } from './validate-stream.js';

/**
 * Returns a writer of `JSON.stringify(result)` for record results, one per call, keeping state between
 * calls. Most records of a feed have no issues and their text differs only in the line and index, so
 * those are assembled from pieces kept for the last source and the last document type, version and
 * verdict instead of serialising an object per record; any other result goes to `JSON.stringify`.
 * The JSON and NDJSON reports and the validation workers print with it, so both print the same bytes.
 *
 * @example
 * const text = resultJsonText();
 * for (const result of results) out.write(`${text(result)}\n`);
 */
export function resultJsonText(): (result: RecordResult) => string {
  let source: string | undefined;
  let head = '';
  let documentType: string | null | undefined;
  let schemaVersion: string | null | undefined;
  let valid: boolean | undefined;
  let tail = '';
  return (result) => {
    if (
      result.issues.length > 0 ||
      !Number.isSafeInteger(result.index) ||
      (result.line !== undefined && !Number.isSafeInteger(result.line)) ||
      result.documentType === undefined ||
      result.schemaVersion === undefined
    ) {
      return JSON.stringify(result);
    }
    if (result.source !== source) {
      source = result.source;
      head = `{"source":${JSON.stringify(source)}`;
    }
    if (
      result.documentType !== documentType ||
      result.schemaVersion !== schemaVersion ||
      result.valid !== valid
    ) {
      documentType = result.documentType;
      schemaVersion = result.schemaVersion;
      valid = result.valid;
      tail = `,"documentType":${JSON.stringify(documentType)},"schemaVersion":${JSON.stringify(schemaVersion)},"valid":${valid},"issues":[]}`;
    }
    return result.line === undefined
      ? `${head},"index":${result.index}${tail}`
      : `${head},"line":${result.line},"index":${result.index}${tail}`;
  };
}
