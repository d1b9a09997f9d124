import { relative, sep } from 'node:path';
import {
  type IssueCodeTable,
  type RecordResult,
  csvIssueCodes,
  readerIssueCodes,
  ruleIssueCodes,
  schemaIssueCodes,
} from '@medsupply/validators';
import type { Output, Reporter } from './reporter.js';

const SEVERITY_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), which code-scanning tools and IDE viewers load. Each issue
 * is a result whose rule is the issue code; the JSON Pointer is its logical location.
 */
export function sarifReporter(
  out: Output,
  options: { version: string; codeTables?: IssueCodeTable[] },
): Reporter {
  const tables = options.codeTables ?? [schemaIssueCodes, ruleIssueCodes, readerIssueCodes, csvIssueCodes];
  const rules = tables.flatMap((table) => Object.entries(table));
  const ruleIndex = new Map(rules.map(([code], i) => [code, i]));
  const driver = {
    name: 'medsupply',
    informationUri: 'https://schemas.medsupply.org/',
    version: options.version,
    rules: rules.map(([id, info]) => ({
      id,
      shortDescription: { text: info.description },
      defaultConfiguration: { level: SEVERITY_LEVEL[info.severity] },
    })),
  };
  out.write(
    `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":${JSON.stringify(driver)}},"results":[`,
  );
  let first = true;
  const writeResult = (value: unknown) => {
    out.write(`${first ? '\n' : ',\n'}${JSON.stringify(value)}`);
    first = false;
  };
  return {
    skipsClean: true,
    result(result: RecordResult) {
      for (const problem of result.issues) {
        const region = typeof problem.params?.line === 'number' ? problem.params.line : result.line;
        writeResult({
          ruleId: problem.code,
          ...(ruleIndex.has(problem.code) ? { ruleIndex: ruleIndex.get(problem.code) } : {}),
          level: SEVERITY_LEVEL[problem.severity],
          message: { text: problem.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(result.source) },
                ...(region === undefined ? {} : { region: { startLine: region } }),
              },
              logicalLocations: [{ fullyQualifiedName: problem.path || '/', kind: 'member' }],
            },
          ],
          properties: { recordIndex: result.index, documentType: result.documentType, pointer: problem.path },
        });
      }
    },
    inputError(source: string, message: string) {
      writeResult({
        ruleId: 'INPUT_UNREADABLE',
        level: 'error',
        message: { text: message },
        locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(source) } } }],
      });
    },
    async end() {
      out.write('\n]}]}\n');
      await out.close();
    },
  };
}

function artifactUri(source: string): string {
  if (source === '-') return 'stdin';
  const path = relative(process.cwd(), source) || source;
  return path.split(sep).map(encodeURIComponent).join('/');
}
