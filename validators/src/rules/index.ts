/**
 * Business rules: what a JSON Schema cannot say (sums, date order, requirements that depend on a
 * status). They run after the schema checks, on valid and invalid documents alike.
 */
import type { Issue } from '../issue.js';
import { capacityReportRules } from './capacity-report.js';
import { envelopeRules, sharedDefinitionRules } from './common.js';
import { demandForecastRules } from './demand-forecast.js';
import { ruleReleaseFor } from './release.js';
import { type DocumentRules, RuleReport } from './rule.js';
import { shipmentRules } from './shipment.js';
import { shortageNoticeRules } from './shortage-notice.js';
import { stockReportRules } from './stock-report.js';
import { obj } from './values.js';

const RULES_BY_TYPE: Readonly<Record<string, DocumentRules>> = {
  StockReport: stockReportRules,
  CapacityReport: capacityReportRules,
  Shipment: shipmentRules,
  ShortageNotice: shortageNoticeRules,
  DemandForecast: demandForecastRules,
};

/**
 * Runs the envelope, shared-definition and document-type rules on one document, by the rules of
 * `schemaVersion` (default: the document's own `schemaVersion`; see {@link ruleReleaseFor}).
 */
export function runBusinessRules(document: unknown, documentType: string, schemaVersion?: string): Issue[] {
  const root = obj(document);
  if (!root) return [];
  const release = ruleReleaseFor(schemaVersion ?? root.schemaVersion);
  const report = new RuleReport();
  envelopeRules(root, report);
  sharedDefinitionRules(root, report, release);
  RULES_BY_TYPE[documentType]?.(root, report, release);
  return report.issues;
}
