import type { EntityManager } from 'typeorm';

/**
 * Rows of a raw statement run through TypeORM (`EntityManager.query`). For `UPDATE … RETURNING` and
 * `DELETE … RETURNING` the postgres driver answers `[rows, affectedCount]` instead of the rows: this unwraps that
 * quirk in one place, so a repository reads the rows of any statement the same way.
 */
export async function queryRows<R>(em: Pick<EntityManager, 'query'>, sql: string, params: unknown[] = []): Promise<R[]> {
  const result: unknown = await em.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as R[];
  }
  return result as R[];
}

/** The first row of a raw statement (see `queryRows`), or null. */
export async function queryRow<R>(em: Pick<EntityManager, 'query'>, sql: string, params: unknown[] = []): Promise<R | null> {
  return (await queryRows<R>(em, sql, params))[0] ?? null;
}

/** `LIKE` pattern text matching `term` literally (its `\`, `%` and `_` escaped). */
export const likeEscape = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);
