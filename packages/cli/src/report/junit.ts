import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { RecordResult } from '@medsupply/validators';
import type { Output, Reporter, RunSummary } from './reporter.js';

interface Suite {
  name: string;
  start: number;
  end: number;
  tests: number;
  failures: number;
}

/**
 * `--format junit`: JUnit XML, one testsuite per input and one testcase per record. Test cases are
 * spooled to a temporary file because a testsuite must state its counts before its cases.
 */
export async function junitReporter(out: Output): Promise<Reporter> {
  const dir = await mkdtemp(join(tmpdir(), 'medsupply-junit-'));
  const spoolPath = join(dir, 'cases.xml');
  const spool = createWriteStream(spoolPath);
  let written = 0;
  const suites: Suite[] = [];
  const write = (text: string) => {
    spool.write(text);
    written += Buffer.byteLength(text);
  };
  const suiteFor = (source: string): Suite => {
    let suite = suites.at(-1);
    if (!suite || suite.name !== source) {
      suite = { name: source, start: written, end: written, tests: 0, failures: 0 };
      suites.push(suite);
    }
    return suite;
  };
  return {
    result(result: RecordResult) {
      const suite = suiteFor(result.source);
      suite.tests++;
      const name = `record ${result.index}${result.line === undefined ? '' : ` (line ${result.line})`}`;
      const classname = `${result.source}.${result.documentType ?? 'record'}`;
      const errors = result.issues.filter((i) => i.severity === 'error');
      if (errors.length === 0) {
        write(`    <testcase name="${xml(name)}" classname="${xml(classname)}"/>\n`);
      } else {
        suite.failures++;
        const details = result.issues
          .map((i) => `${i.severity} ${i.code} ${i.path || '/'} ${i.message}`)
          .join('\n');
        write(
          `    <testcase name="${xml(name)}" classname="${xml(classname)}">\n      <failure message="${xml(`${errors.length} error(s): ${errors[0]!.code} at ${errors[0]!.path || '/'}`)}" type="${xml(errors[0]!.code)}">${xml(details)}</failure>\n    </testcase>\n`,
        );
      }
      suite.end = written;
    },
    inputError(source: string, message: string) {
      const suite = suiteFor(source);
      suite.tests++;
      suite.failures++;
      write(
        `    <testcase name="read input" classname="${xml(source)}">\n      <failure message="${xml(message)}" type="INPUT_UNREADABLE"/>\n    </testcase>\n`,
      );
      suite.end = written;
    },
    async end(summary: RunSummary) {
      spool.end();
      await finished(spool);
      const failures = suites.reduce((n, s) => n + s.failures, 0);
      const tests = suites.reduce((n, s) => n + s.tests, 0);
      out.write(
        `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="medsupply validate" tests="${tests}" failures="${failures}" errors="0">\n`,
      );
      for (const suite of suites) {
        out.write(
          `  <testsuite name="${xml(suite.name)}" tests="${suite.tests}" failures="${suite.failures}" errors="0" skipped="0">\n`,
        );
        if (suite.end > suite.start) {
          for await (const chunk of createReadStream(spoolPath, {
            start: suite.start,
            end: suite.end - 1,
            encoding: 'utf8',
          })) {
            out.write(chunk as string);
            await out.drained();
          }
        }
        out.write('  </testsuite>\n');
      }
      out.write(
        `</testsuites>\n<!-- ${summary.records} records: ${summary.valid} valid, ${summary.invalid} invalid -->\n`,
      );
      await rm(dir, { recursive: true, force: true });
      await out.close();
    },
  };
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
