import type { RecordResult } from '@medsupply/validators';
import type { Output, Reporter, RunSummary } from './reporter.js';
import { Spool } from './spool.js';

/**
 * `--format json`: one object `{"summary":{…},"results":[…]}`. The summary is known only at the end,
 * so results wait in a spool (memory, then a temporary file past 8 MB) and memory stays flat.
 */
export function jsonReporter(out: Output): Reporter {
  const results = new Spool();
  let first = true;
  const resultJson = (json: string) => {
    results.append(`${first ? '\n' : ',\n'}${json}`);
    first = false;
  };
  return {
    result(result: RecordResult) {
      resultJson(JSON.stringify(result));
    },
    resultJson,
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
  return {
    result(result: RecordResult) {
      out.write(`${JSON.stringify(result)}\n`);
    },
    resultJson(json: string) {
      out.write(`${json}\n`);
    },
    inputError() {},
    async end() {
      await out.close();
    },
  };
}
