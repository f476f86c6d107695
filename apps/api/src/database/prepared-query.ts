import { Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';

/** Runs a named statement and answers its rows. */
export type PreparedQuery = <R>(name: string, text: string, values: unknown[]) => Promise<R[]>;

/** Connections of the hot statements' pool (the message writer has one statement in flight; the rest are reads). */
const HOT_POOL_SIZE = 8;

/**
 * A pool for the statements that run many times a second (the message writer's, the session check, history pages,
 * last messages), beside TypeORM's: the same database, options and deadlines, but its sessions plan prepared
 * statements generically (`plan_cache_mode = force_generic_plan`). Left on `auto`, PostgreSQL kept re-planning the
 * writer's statement on every call (a custom plan looked cheaper for one row than the generic plan's guess of ten),
 * which cost half a millisecond of PostgreSQL CPU per statement, more than the statement's own work at the rates a
 * chat sees. Only the named statements run here: each is tested to take index paths under a generic plan
 * (`plans-no-seq-scan.spec`), while TypeORM's one-off statements keep their plans for their actual parameters.
 *
 * These sessions also plan without sequential scans (`enable_seqscan = off`): a connection keeps its generic plan
 * until the tables' statistics change, and on a new server the first requests plan on empty tables, where a scan is
 * the cheapest path. Measured on an empty database under load: the writer's plan kept scanning the growing messages
 * table (2,657 scans, 16.7 million rows read while 33,750 messages were sent) and PostgreSQL's CPU per message grew
 * from step to step until autovacuum's next ANALYZE. Every statement here has an index for its path.
 */
export function hotStatementsPool(dataSource: DataSource): pg.Pool {
  const options = dataSource.options as PostgresDataSourceOptions;
  const pool = new pg.Pool({
    ...(options.extra as pg.PoolConfig),
    connectionString: options.url,
    max: HOT_POOL_SIZE,
    options: '-c plan_cache_mode=force_generic_plan -c enable_seqscan=off',
  });
  // an idle connection that broke (the server restarted) is dropped by the pool; the next statement opens another
  pool.on('error', (err) => new Logger('HotStatements').warn({ err }, 'idle database connection lost'));
  return pool;
}

/**
 * A named prepared statement on a connection of `pool` (node-postgres prepares it once per connection): PostgreSQL
 * parses and plans it once instead of on every call. Errors of the statement are `QueryFailedError`s, as TypeORM
 * reports them, so `db-errors` reads them the same way; a connection that cannot be had fails with the pool's own
 * error, as with TypeORM. As TypeORM's query runner does, the connection has an error listener while it is checked out
 * (the server closing it must not crash the process), and a connection that broke is given back as broken, so the
 * pool drops it.
 */
export function preparedQuery(pool: pg.Pool): PreparedQuery {
  return async <R>(name: string, text: string, values: unknown[]): Promise<R[]> => {
    const client = await pool.connect();
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
      client.release(broken);
    }
  };
}

/** The hot statements' pool as a provider: repositories run their named statements through `query`. */
@Injectable()
export class HotStatements implements OnApplicationShutdown {
  private readonly pool: pg.Pool;
  readonly query: PreparedQuery;

  constructor(dataSource: DataSource) {
    this.pool = hotStatementsPool(dataSource);
    this.query = preparedQuery(this.pool);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

@Global()
@Module({ providers: [HotStatements], exports: [HotStatements] })
export class HotStatementsModule {}
