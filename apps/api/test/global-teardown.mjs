import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  if (globalThis.__EMBEDDED_PG__) {
    await globalThis.__EMBEDDED_PG__.stop();
    rmSync(globalThis.__EMBEDDED_PG_DIR__, { recursive: true, force: true });
  } else if (globalThis.__TEMPLATE_DATABASE__) {
    // a server the run was given: its template goes (the test databases stay, as before, for a look after a failure)
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${globalThis.__TEMPLATE_DATABASE__}`).finally(() => admin.end());
  }
}
