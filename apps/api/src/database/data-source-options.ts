import type { DataSourceOptions } from 'typeorm';
import { SessionEntity } from '../modules/auth/entities/session.entity.js';
import { PasswordResetEntity } from '../modules/auth/entities/password-reset.entity.js';
import { UserEntity } from '../modules/users/entities/user.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [UserEntity, SessionEntity, PasswordResetEntity];

/** Options shared by the app, the migration CLI and the tests. The schema comes from migrations only. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
