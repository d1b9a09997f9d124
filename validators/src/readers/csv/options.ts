/** Options of {@link readCsvRecords}: where the input comes from, which template, and the bounds. */
export interface CsvReadOptions {
  /** File path, or `-` for stdin; copied into every record. */
  source: string;
  /** The template to read with (`--schema TYPE`); otherwise the first row's `documentType` cell decides. */
  documentType?: string;
  /** Largest cell in bytes. Default 64 KiB (the longest schema string is 8,192 characters). */
  maxFieldBytes?: number;
  /** Largest row in bytes, quoted line breaks included. Default 1 MiB, and never below `maxFieldBytes`. */
  maxRowBytes?: number;
  /** Most columns in the header. Default 512 (the widest template has fewer than 60). */
  maxColumns?: number;
  /** Most rows in one document; the document is held in memory until its last row. Default 100,000. */
  maxRowsPerDocument?: number;
  /** Most reader issues kept for one record. Default 100. */
  maxIssuesPerRecord?: number;
}

/** The bounds in force, every one set. */
export interface CsvLimits {
  maxFieldBytes: number;
  maxRowBytes: number;
  maxColumns: number;
  maxRowsPerDocument: number;
  maxIssuesPerRecord: number;
}

/** The default bounds of the CSV reader. */
export const DEFAULT_CSV_LIMITS: Readonly<CsvLimits> = {
  maxFieldBytes: 64 * 1024,
  maxRowBytes: 1024 * 1024,
  maxColumns: 512,
  maxRowsPerDocument: 100_000,
  maxIssuesPerRecord: 100,
};

/** Resolves the caller's options into complete limits (non-positive or missing values take the default). */
export function csvLimits(options: Partial<CsvLimits>): CsvLimits {
  const pick = (name: keyof CsvLimits): number => {
    const value = options[name];
    return typeof value === 'number' && Number.isFinite(value) && value >= 1
      ? Math.floor(value)
      : DEFAULT_CSV_LIMITS[name];
  };
  const maxFieldBytes = pick('maxFieldBytes');
  return {
    maxFieldBytes,
    maxRowBytes: Math.max(pick('maxRowBytes'), maxFieldBytes),
    maxColumns: pick('maxColumns'),
    maxRowsPerDocument: pick('maxRowsPerDocument'),
    maxIssuesPerRecord: pick('maxIssuesPerRecord'),
  };
}
