/** The embedded store: PostgreSQL compiled to WebAssembly (PGlite), its files in a data directory. */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.js';

/** Opens (or creates) an embedded database in `dataDir`; in memory when `dataDir` is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<SqlClient> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  return {
    kind: 'pglite',
    // One connection: PGlite runs one query at a time and queues transactions.
    concurrent: false,
    query: async (text, params) => ({ rows: (await db.query(text, params as unknown[])).rows as never[] }),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (text, params) => ({
            rows: (await tx.query(text, params as unknown[])).rows as never[],
          }),
        }),
      ),
    close: () => db.close(),
  };
}
