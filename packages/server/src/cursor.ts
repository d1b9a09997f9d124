/** Opaque paging cursors: a storage sequence number, encoded so clients do not build their own. */
import { HttpProblem } from './problem.js';

const PREFIX = 'ms1.';

/** The cursor after the document with this sequence number. */
export function encodeCursor(sequence: string): string {
  return PREFIX + Buffer.from(`seq:${sequence}`).toString('base64url');
}

/** The sequence number of a cursor; 400 when it is not one of ours. */
export function decodeCursor(cursor: string): string {
  const decoded = cursor.startsWith(PREFIX)
    ? Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString()
    : '';
  const match = /^seq:(\d{1,19})$/.exec(decoded);
  if (!match)
    throw new HttpProblem(400, 'BAD_CURSOR', 'Bad cursor', 'the cursor is not one this server issued');
  return match[1]!;
}
