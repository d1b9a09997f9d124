import type { BulkJobState } from './store/types.js';

/** The public view of a job (the spool path is the server's business). */
export function jobView(job: BulkJobState): Record<string, unknown> {
  const { spoolPath: _spool, ...view } = job;
  return view;
}
