import type { RecordResult } from '@medsupply/validators';
import type { Output, Reporter, RunSummary } from './reporter.js';

/**
 * `--format json`: one object `{"results":[…],"summary":{…}}`. Results are written as they come, so
 * memory stays flat on large feeds; the summary, known only at the end, closes the object.
 */
export function jsonReporter(out: Output): Reporter {
  let first = true;
  out.write('{"results":[');
  return {
    result(result: RecordResult) {
      out.write(`${first ? '\n' : ',\n'}${JSON.stringify(result)}`);
      first = false;
    },
    inputError() {},
    async end(summary: RunSummary) {
      out.write(`\n],"summary":${JSON.stringify(summary)}}\n`);
      await out.close();
    },
  };
}

/** `--format ndjson`: one result per line, as soon as it is known. */
export function ndjsonReporter(out: Output): Reporter {
  return {
    result(result: RecordResult) {
      out.write(`${JSON.stringify(result)}\n`);
    },
    inputError() {},
    async end() {
      await out.close();
    },
  };
}
