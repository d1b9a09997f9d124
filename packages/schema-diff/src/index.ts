/**
 * @medsupply/schema-diff: classifies the changes between two JSON Schemas, or two medsupply releases,
 * as backward compatible (every instance valid under OLD stays valid under NEW) and forward compatible
 * (every instance valid under NEW is valid under OLD).
 */
export {
  diffSchemas,
  merge,
  type DiffOptions,
  type SchemaChange,
  type SchemaDiffResult,
  type SchemaInput,
} from './diff.js';
export { DIFF_RULES, inverseRule, type DiffRule, type RuleInfo } from './rules.js';
export { SchemaDiffError, schemaDiffIssueCodes } from './codes.js';
export { DEFAULT_LIMITS, type SchemaDocument, type SchemaLimits } from './schema-set.js';
export { DEFAULT_COMPARE_OPTIONS, type CompareOptions } from './compare.js';
export { compareVersions, diffReleases, listReleases, loadRelease, type LoadedRelease } from './release.js';
export { formatText } from './format.js';
