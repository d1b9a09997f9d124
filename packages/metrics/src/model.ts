/** The shapes computeMetrics returns. */
import type { Dimension } from './catalogue.js';

/** One value of one metric, keyed by its dimensions and period. */
export interface MetricRow {
  metric: string;
  /** The value; null when it is not computable (then `reason` says why). */
  value: number | null;
  unit?: string;
  product?: string;
  location?: string;
  party?: string;
  site?: string;
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY`; absent for metrics without a period. */
  period?: string;
  /** Why the value is not computable. */
  reason?: string;
  /** documentIds of the documents the value was computed from, sorted. */
  documents: string[];
}

/** How metrics are computed. */
export interface MetricsOptions {
  /**
   * `YYYY-MM-DD`: compute the position on that day. Snapshots, report periods, ship and receipt dates,
   * capacity periods, shortage starts and resolutions after it are ignored; active shortages and open
   * durations are measured to it. Default: no cut-off, and today (UTC) for active shortages.
   */
  asOf?: string;
  /** Period of monthly metrics (default month) and of yearly ones (default year). */
  period?: 'month' | 'quarter' | 'year';
  /** Dimensions to keep; the others are aggregated away where the metric allows it. Default: all. */
  by?: readonly Dimension[];
  /** Lower bound of the plan for stocked-according-to-plan, in months (default 3). */
  minMonths?: number;
  /** Upper bound of the plan, in months (default 6). */
  maxMonths?: number;
}

/** A shortage as drawn on the dashboard timeline. */
export interface ShortageSpan {
  product: string;
  start: string;
  /** Resolution date, or the expected one while open (absent when unknown). */
  end?: string;
  active: boolean;
  status: string;
  document: string;
}

/** Distribution of lead times of one shipper (all products), for the dashboard. */
export interface LeadTimeDistribution {
  party: string;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  n: number;
}

/** What computeMetrics returns. */
export interface MetricsResult {
  metrics: MetricRow[];
  /** Documents read and used (not cancelled, not superseded). */
  documents: { read: number; used: number; superseded: number; cancelled: number; ignored: number };
  /** Display names of keys, from inline references (`SYSTEM|VALUE` -> name). */
  names: Record<string, string>;
  shortages: ShortageSpan[];
  leadTimes: LeadTimeDistribution[];
  /** The as-of date the shortage metrics were measured to. */
  asOf: string;
  /** Plan bounds used for stocked-according-to-plan. */
  plan: { minMonths: number; maxMonths: number };
}
