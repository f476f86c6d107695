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
