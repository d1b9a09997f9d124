import type { RecordResult } from '@medsupply/validators';

/** Counts over a whole run; `records = valid + invalid` always. */
export interface RunSummary {
  records: number;
  valid: number;
  invalid: number;
  warnings: number;
  /** Inputs (files, folders, stdin) that could not be read at all; any makes the run exit 2. */
  unreadable: number;
}

/** Receives results as they are produced and writes one output format. */
export interface Reporter {
  /** Called once per record, in input order. */
  result(result: RecordResult): void;
  /**
   * Optional: the same, given the result as the JSON text `JSON.stringify(result)` gives. Worker
   * threads send results back serialised; reports that print that JSON take it as it is.
   */
  resultJson?(json: string): void;
  /**
   * Optional: a run of results at once, as their JSON texts each followed by a line end (what worker
   * threads send back). Reports that print that JSON take the whole block without splitting it.
   */
  resultLines?(text: string): void;
  /**
   * True when `result` writes nothing for a result without issues (text, SARIF): the runner then
   * only counts such results, without rebuilding them from a worker's JSON.
   */
  skipsClean?: boolean;
  /** Called for an input that could not be read at all (missing file, unreadable directory). */
  inputError(source: string, message: string): void;
  /** Called once at the end; resolves when everything is written. */
  end(summary: RunSummary): Promise<void>;
}

/** Writes text to a stream, honouring back-pressure only at the end (results are small). */
export interface Output {
  write(text: string): void;
  /** Writes what was buffered; resolves once the destination can take more. */
  drained(): Promise<void>;
  close(): Promise<void>;
}
