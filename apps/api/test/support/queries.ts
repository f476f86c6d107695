import { jest } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Statements the app runs by itself in the background, whenever they fall due: a session's throttled "last used"
 * update, the delivery queue's polling, the search indexes' merge (`SearchIndexJob`, every second).
 */
const BACKGROUND = /\b(sessions|delivery_jobs|gin_clean_pending_list)\b/;

/** The statements a `jest.spyOn(dataSource.logger, 'logQuery')` saw, background work left out. */
export function foregroundQueries(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((c) => String(c[0])).filter((q) => !BACKGROUND.test(q));
}

/**
 * Every statement any pool sends to PostgreSQL while `run` runs (TypeORM's and the hot statements' named ones, which
 * TypeORM's logger never sees), background work left out.
 */
export async function allForegroundStatements(run: () => Promise<void>): Promise<string[]> {
  const spy = jest.spyOn(pg.Client.prototype, 'query');
  try {
    await run();
    return spy.mock.calls
      .map((c) => (typeof c[0] === 'string' ? c[0] : ((c[0] as { text?: string }).text ?? '')))
      .filter((q) => !BACKGROUND.test(q));
  } finally {
    spy.mockRestore();
  }
}

/**
 * Runs `run` `tries` times and answers the run that logged the fewest foreground statements, with its result. Work
 * that an earlier step left running after its answer (a send's notifications and mentions are handled after the ack, a
 * closed socket goes offline) can land in one window; a statement `run` itself causes lands in every one.
 */
export async function fewestQueries<T>(
  dataSource: DataSource,
  run: () => Promise<T>,
  tries = 2,
): Promise<{ result: T; queries: string[] }> {
  let best: { result: T; queries: string[] } | null = null;
  for (let i = 0; i < tries; i++) {
    const spy = jest.spyOn(dataSource.logger, 'logQuery');
    try {
      const result = await run();
      const queries = foregroundQueries(spy);
      if (!best || queries.length < best.queries.length) best = { result, queries };
    } finally {
      spy.mockRestore();
    }
  }
  return best!;
}
