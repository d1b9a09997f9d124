/** The server store: a PostgreSQL server reached through a connection string (`DATABASE_URL`). */
import pg from 'pg';
import type { SqlClient } from './sql-client.js';

/** Connects a pool to `connectionString`. */
export async function openPostgres(connectionString: string): Promise<SqlClient> {
  const pool = new pg.Pool({ connectionString, max: 8 });
  // An idle connection the server dropped (restart, network cut) is an event, not a crash: the pool
  // discards it and the next query connects again.
  pool.on('error', () => {});
  // Fail now, with the driver's message, rather than on the first request.
  (await pool.connect()).release();
  return {
    kind: 'postgresql',
    concurrent: true,
    query: async (text, params) => ({ rows: (await pool.query(text, params)).rows }),
    async transaction(work) {
      const connection = await pool.connect();
      // A checked-out connection that breaks emits 'error' on itself; the failing query rejects too.
      const ignore = () => {};
      connection.on('error', ignore);
      try {
        await connection.query('BEGIN');
        const result = await work({
          query: async (text, params) => ({ rows: (await connection.query(text, params)).rows }),
        });
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.off('error', ignore);
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
