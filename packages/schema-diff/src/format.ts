/** Text rendering of a diff result (the JSON rendering is the result itself). */
import type { SchemaDiffResult } from './diff.js';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** One line per change, then the verdict; control characters in messages are shown escaped. */
export function formatText(result: SchemaDiffResult): string {
  const lines: string[] = [];
  for (const c of result.changes) {
    const where = c.oldPath === c.newPath ? c.oldPath || '/' : `${c.oldPath || '/'} -> ${c.newPath || '/'}`;
    const effect = `backward ${c.backward ? 'ok' : 'BREAKS'}, forward ${c.forward ? 'ok' : 'BREAKS'}`;
    const document = c.document ? `${c.document} ` : '';
    lines.push(safe(`${c.rule}  ${document}${where}  [${effect}]  ${c.message}`));
  }
  if (result.changes.length === 0) lines.push('no changes');
  lines.push(
    `backward compatible: ${yesNo(result.compatibility.backward)}; forward compatible: ${yesNo(result.compatibility.forward)} (${result.changes.length} change${result.changes.length === 1 ? '' : 's'})`,
  );
  return `${lines.join('\n')}\n`;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const safe = (text: string) =>
  text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
