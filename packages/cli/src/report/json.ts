import { type RecordResult, resultJsonText } from '@medsupply/validators';
import type { Output, Reporter, RunSummary } from './reporter.js';
import { Spool } from './spool.js';

/**
 * `--format json`: one object `{"summary":{…},"results":[…]}`. The summary is known only at the end,
 * so results wait in a spool (memory, then a temporary file past 8 MB) and memory stays flat.
 */
export function jsonReporter(out: Output): Reporter {
  const results = new Spool();
  const line = resultJsonText();
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
  const line = resultJsonText();
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
