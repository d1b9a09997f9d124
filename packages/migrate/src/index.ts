/**
 * @medsupply/migrate: moves medsupply documents between schema releases, driven by the releases'
 * migration files (schemas/migrations/<version>.json).
 */
export { migrateIssueCodes } from './codes.js';
export {
  type Change,
  type MigrationFile,
  checkMigrationFile,
  compareVersions,
  loadMigrationFiles,
  migrationsRoot,
} from './file.js';
export { type Direction, applyChange } from './apply.js';
export {
  type MigrationResult,
  type Migrator,
  type MigratorOptions,
  createMigrator,
  migrateChecked,
} from './migrator.js';
