import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations/index.js';

/**
 * Options shared by the app, the migration runner and the tests. The schema comes from migrations only; entities are
 * registered by the module that owns each (`TypeOrmModule.forFeature`, loaded through `autoLoadEntities`), so this
 * floor imports none of them.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}

/**
 * The API's own pool: the shared options plus deadlines, so a slow or locked database makes requests fail fast (503)
 * instead of piling up. Migrations run without them (building an index may take long, and must).
 */
export function apiDataSourceOptions(url: string, limits: { dbStatementTimeoutMs: number; dbLockTimeoutMs: number }): DataSourceOptions {
  const base = dataSourceOptions(url);
  return {
    ...base,
    extra: {
      ...(base.extra as object),
      statement_timeout: limits.dbStatementTimeoutMs,
      lock_timeout: limits.dbLockTimeoutMs,
      idle_in_transaction_session_timeout: limits.dbStatementTimeoutMs * 2,
    },
  } as DataSourceOptions;
}
