import { type DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** Runs a named statement and answers its rows. */
export type PreparedQuery = <R>(name: string, text: string, values: unknown[]) => Promise<R[]>;

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  on(event: 'error', listener: (err: Error) => void): void;
  removeListener(event: 'error', listener: (err: Error) => void): void;
}

/**
 * A statement that runs many times a second as a named prepared statement on the pool's connection (node-postgres
 * prepares it once per connection): PostgreSQL parses and plans it once instead of on every call. Errors of the
 * statement are `QueryFailedError`s, as TypeORM reports them, so `db-errors` reads them the same way; a connection
 * that cannot be had fails with the driver's own error, as with TypeORM. As TypeORM's query runner does, the
 * connection has an error listener while it is checked out (the server closing it must not crash the process), and a
 * connection that broke is given back as broken, so the pool drops it.
 */
export function preparedQuery(dataSource: DataSource): PreparedQuery {
  const driver = dataSource.driver as PostgresDriver;
  return async <R>(name: string, text: string, values: unknown[]): Promise<R[]> => {
    const [client, release] = (await driver.obtainMasterConnection()) as [PgClient, (err?: Error) => void];
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      const result = await client.query({ name, text, values });
      return result.rows as R[];
    } catch (err) {
      // an error without an SQLSTATE is the connection's, not the statement's
      if (!(err as { code?: unknown }).code) broken ??= err as Error;
      throw new QueryFailedError(text, values, err as Error);
    } finally {
      client.removeListener('error', onError);
      release(broken);
    }
  };
}
