import type { IssueCodeTable } from '@medsupply/validators';

/** Codes raised while moving documents between releases. Stable: never renamed or reused. */
export const migrateIssueCodes: IssueCodeTable = {
  MIGRATION_SOURCE_VERSION_UNKNOWN: {
    severity: 'error',
    description:
      'The document has no `schemaVersion`, or names a release this toolkit does not have, so it cannot be migrated.',
  },
  MIGRATION_PATH_MISSING: {
    severity: 'error',
    description: 'No chain of migration files leads from the document’s release to the one asked for.',
  },
  MIGRATION_INFORMATION_LOST: {
    severity: 'error',
    description:
      'The target release has no place for a member or value the document uses (for example a member added later, on a downgrade); the document is not written.',
  },
  MIGRATION_CONFLICT: {
    severity: 'error',
    description:
      'A rename or move would overwrite a member that is already there; the document is not written.',
  },
  MIGRATION_OUTPUT_INVALID: {
    severity: 'error',
    description:
      'The migrated document does not validate under the target release (the message gives the validator’s code and, when a change of the release explains it, its note); the document is not written.',
  },
};
