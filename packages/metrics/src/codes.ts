import type { IssueCodeTable } from '@medsupply/validators';

/**
 * Codes of the metrics command's diagnostics. Stable: a code is never renamed or reused.
 */
export const metricsIssueCodes: IssueCodeTable = {
  METRIC_DOCUMENT_SKIPPED: {
    severity: 'warning',
    description:
      'An invalid document was skipped by `medsupply metrics`: metrics are computed from valid documents only.',
  },
  METRIC_NOT_COMPUTABLE: {
    severity: 'warning',
    description:
      'A metric value is not computable, for example because quantities in units UCUM cannot convert into one another were to be added; the row has value null and a reason.',
  },
};
