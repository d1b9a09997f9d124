/** Opens the store the options name: PostgreSQL at `databaseUrl`, else embedded PGlite in `dataDir`. */
import { createSqlStore } from './sql-store.js';
import type { DocumentStore } from './types.js';

export type * from './types.js';
export type { SqlClient, SqlQueryable } from './sql-client.js';
export { createSqlStore } from './sql-store.js';

/** Where the store lives. */
export interface StoreOptions {
  /** A PostgreSQL connection string; when set, the embedded store is not used. */
  databaseUrl?: string;
  /** The embedded store's directory; in memory when absent. */
  dataDir?: string;
}

/** Opens and initialises the store. */
export async function openStore(options: StoreOptions): Promise<DocumentStore> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return createSqlStore(await openPostgres(options.databaseUrl));
  }
  const { openPglite } = await import('./pglite.js');
  return createSqlStore(await openPglite(options.dataDir));
}
