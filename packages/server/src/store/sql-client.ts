/** The little a PostgreSQL driver must offer the store: queries and transactions. */

/** Rows of a query. */
export interface QueryResult<Row> {
  rows: Row[];
}

/** Runs SQL with `$1…` parameters. */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

/** A connection (pool) that can also run a transaction on one connection. */
export interface SqlClient extends SqlQueryable {
  readonly kind: 'pglite' | 'postgresql';
  /**
   * True when several transactions can run at once (a server); the store then serialises the
   * allocation of storage sequence numbers so they become visible in order (see 0015).
   */
  readonly concurrent: boolean;
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
