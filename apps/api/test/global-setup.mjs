// Runs in jest's parent process, outside the ESM transform, so it uses the compiled server code (`pnpm build` first).
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../dist/database/embedded-postgres.js';

/**
 * One throwaway PostgreSQL server for the whole run (unless TEST_DATABASE_URL names a server to use);
 * each test file creates its own database on it.
 */
export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'chat-test-pg-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres({ dir: join(dir, 'data'), database: 'postgres' });
  globalThis.__EMBEDDED_PG__ = db;
  globalThis.__EMBEDDED_PG_DIR__ = dir;
  process.env.TEST_DATABASE_URL = db.url;
}
