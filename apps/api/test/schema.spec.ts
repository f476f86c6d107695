import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMigrations } from '../src/database/migrate.js';
import { migrations } from '../src/database/migrations/index.js';
import { createTestDatabase } from './harness.js';
import { sql } from './support/sql.js';

/** What the schema promises whatever the code does. */
describe('schema', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(() => undefined);

  it('has an index for every foreign key (deleting a referenced row never scans the referencing table)', async () => {
    // An index serves a reference when its leading columns are the key's columns; a partial index only when its
    // predicate is "<column> IS NOT NULL" (the reference check looks for one value).
    const missing = await sql<{ key: string }>(
      url,
      `SELECT c.conname || ' ' || c.conrelid::regclass || '(' || string_agg(a.attname, ',' ORDER BY x.n) || ')' AS key
         FROM pg_constraint c
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS x(attnum, n)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = x.attnum
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i
             WHERE i.indrelid = c.conrelid AND i.indisvalid
               AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] @> c.conkey
               AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] <@ c.conkey
               AND (i.indpred IS NULL
                    OR (array_length(c.conkey, 1) = 1
                        AND pg_get_expr(i.indpred, i.indrelid) = '(' || (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) || ' IS NOT NULL)')))
        GROUP BY c.oid, c.conname, c.conrelid
        ORDER BY 1`,
    );
    expect(missing.map((m) => m.key)).toEqual([]);
  });

  it('applies every migration, and running them again does nothing', async () => {
    const applied = await sql<{ name: string }>(url, 'SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => new m().name));
    expect(await runMigrations(url)).toEqual([]);
  });
});
