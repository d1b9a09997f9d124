import type { RecordResult } from '@medsupply/validators';
import { printable } from '../printable.js';
import type { Output, Reporter, RunSummary } from './reporter.js';

/** `1 record`, `2 records`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Text for people: each problem as `file:line record N: severity CODE /path message`, then a summary.
 * Records are numbered from 1, as lines are. Everything that comes from the input (file names,
 * document types, pointers, messages quoting values) goes through `printable`.
 */
export function textReporter(out: Output, options: { color: boolean; quiet?: boolean }): Reporter {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    skipsClean: true,
    result(result: RecordResult) {
      if (result.issues.length === 0) return;
      const where = result.line === undefined ? result.source : `${result.source}:${result.line}`;
      const type = result.documentType ?? 'record';
      const verdict = result.valid ? paint('33', 'valid with warnings') : paint('31', 'invalid');
      let text = `${paint('1', printable(where))} ${printable(type)} #${result.index + 1}: ${verdict}\n`;
      for (const problem of result.issues) {
        const severity =
          problem.severity === 'error'
            ? paint('31', 'error  ')
            : paint('33', `${problem.severity.padEnd(7)}`);
        text += `  ${severity} ${printable(problem.code).padEnd(28)} ${printable(problem.path || '/')}  ${printable(problem.message)}\n`;
      }
      out.write(text);
    },
    inputError(source: string, message: string) {
      out.write(`${paint('1', printable(source))}: ${paint('31', 'cannot read')}: ${printable(message)}\n`);
    },
    async end(summary: RunSummary) {
      const counts =
        summary.invalid === 0
          ? `${summary.records === 0 ? 'none checked' : paint('32', summary.records === 1 ? 'valid' : 'all valid')}`
          : `${summary.valid} valid, ${paint('31', `${summary.invalid} invalid`)}`;
      const unreadable =
        summary.unreadable > 0
          ? `; ${paint('31', `${plural(summary.unreadable, 'input')} could not be read`)}`
          : '';
      out.write(
        `\n${plural(summary.records, 'record')}: ${counts}, ${plural(summary.warnings, 'warning')}${unreadable}\n`,
      );
      await out.close();
    },
  };
}
