import type { RecordResult } from '@medsupply/validators';
import type { Output, Reporter, RunSummary } from './reporter.js';

/** Text for people: each problem as `file:line record N: severity CODE /path message`, then a summary. */
export function textReporter(out: Output, options: { color: boolean; quiet?: boolean }): Reporter {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    result(result: RecordResult) {
      if (result.issues.length === 0) return;
      const where = result.line === undefined ? result.source : `${result.source}:${result.line}`;
      const type = result.documentType ?? 'record';
      const verdict = result.valid ? paint('33', 'valid with warnings') : paint('31', 'invalid');
      let text = `${paint('1', where)} ${type} #${result.index}: ${verdict}\n`;
      for (const problem of result.issues) {
        const severity =
          problem.severity === 'error'
            ? paint('31', 'error  ')
            : paint('33', `${problem.severity.padEnd(7)}`);
        text += `  ${severity} ${problem.code.padEnd(28)} ${problem.path || '/'}  ${problem.message}\n`;
      }
      out.write(text);
    },
    inputError(source: string, message: string) {
      out.write(`${paint('1', source)}: ${paint('31', 'cannot read')}: ${message}\n`);
    },
    async end(summary: RunSummary) {
      const verdict =
        summary.invalid === 0 ? paint('32', 'all valid') : paint('31', `${summary.invalid} invalid`);
      out.write(
        `\n${summary.records} records: ${summary.valid} valid, ${summary.invalid} invalid, ${summary.warnings} warnings (${verdict})\n`,
      );
      await out.close();
    },
  };
}
