import type { Readable, Writable } from 'node:stream';
import type { Issue } from '@medsupply/validators';

/** Formats `medsupply convert` reads and writes. */
export type ConvertFormat = 'canonical' | 'epcis-xml' | 'epcis-json' | 'fhir-r4' | 'fhir-r5';

/** A problem met while converting, located in its input. */
export interface SourcedIssue extends Issue {
  /** File path, or `-` for stdin. */
  source: string;
  /** 1-based line in the input, when the reader knows it. */
  line?: number;
  /** 0-based index of the record (event, resource, document) in the input. */
  index?: number;
}

/** What a converter gets for one input. */
export interface ConversionContext {
  /** File path or `-`. */
  source: string;
  /** The raw bytes of the input; read it as a stream, never whole. */
  input: Readable;
  /** Where converted output goes (stdout or the `-o` file); shared by every input of one run. */
  output: Writable;
  /** Index of this input among the run's inputs (0-based); lets writers add separators or headers. */
  inputIndex: number;
  /** For conversions to canonical from FHIR: what the integrator vouches for (`--sender`, `--created-at`). */
  vouched?: VouchedEnvelope;
  /** Reports a problem; errors make the run exit 1 but never stop the remaining records. */
  report(issue: SourcedIssue): void;
}

/** Envelope members the source cannot say and the integrator vouches for. */
export interface VouchedEnvelope {
  /** The sender as a reference by identifier. */
  sender?: { identifier: { system: string; value: string } };
  /** Creation time, a date-time with offset. */
  createdAt?: string;
}

/** Counts for one input: every record read is either converted or failed. */
export interface ConversionSummary {
  records: number;
  converted: number;
  failed: number;
}

/** Converts one input from one format to another. */
export type Converter = (context: ConversionContext) => Promise<ConversionSummary>;

/** Converters keyed `from->to`, e.g. `epcis-xml->canonical`. */
export type ConverterTable = Partial<Record<`${ConvertFormat}->${ConvertFormat}`, Converter>>;
