import type { RecordResult } from '@medsupply/validators';
import type { Output, Reporter, RunSummary } from './reporter.js';
import { Spool } from './spool.js';

/**
 * `--format json`: one object `{"summary":{…},"results":[…]}`. The summary is known only at the end,
 * so results wait in a spool (memory, then a temporary file past 8 MB) and memory stays flat.
 */
export function jsonReporter(out: Output): Reporter {
  const results = new Spool();
  const line = resultLine();
  let first = true;
  const resultJson = (json: string) => {
    results.append(`${first ? '\n' : ',\n'}${json}`);
    first = false;
  };
  return {
    result(result: RecordResult) {
      resultJson(line(result));
    },
    resultJson,
    resultLines(text: string) {
      if (text.length === 0) return;
      // JSON text never holds a raw line end (JSON.stringify escapes it), so each one ends a result.
      results.append(`${first ? '\n' : ',\n'}${text.slice(0, -1).replaceAll('\n', ',\n')}`);
      first = false;
    },
    inputError() {},
    async end(summary: RunSummary) {
      out.write(`{"summary":${JSON.stringify(summary)},"results":[`);
      await results.drainTo(out);
      out.write('\n]}\n');
      await out.close();
    },
  };
}

/** `--format ndjson`: one result per line, as soon as it is known. */
export function ndjsonReporter(out: Output): Reporter {
  const line = resultLine();
  return {
    result(result: RecordResult) {
      out.write(`${line(result)}\n`);
    },
    resultJson(json: string) {
      out.write(`${json}\n`);
    },
    resultLines(text: string) {
      out.write(text);
    },
    inputError() {},
    async end() {
      await out.close();
    },
  };
}

/**
 * Writes a result as `JSON.stringify` does. Most records of a feed have no issues, and their text
 * differs only in the line and index: it is assembled from pieces kept for the last source and the
 * last document type and version, instead of serialising an object per record.
 */
export function resultLine(): (result: RecordResult) => string {
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
