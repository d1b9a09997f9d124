/** An issue as the playground lists it: where it is (record, line, editor range) and what it says. */
export interface ShownIssue {
  record?: number;
  line?: number;
  severity: string;
  code: string;
  path: string;
  message: string;
  from?: number;
  to?: number;
}
