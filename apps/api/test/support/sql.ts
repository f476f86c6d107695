import pg from 'pg';

/** Runs one statement on a test database, outside the app (to set up or inspect what HTTP cannot). */
export async function sql<T extends object = Record<string, unknown>>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
