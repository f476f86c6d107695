/**
 * Statements the app runs by itself in the background, whenever they fall due: a session's throttled "last used"
 * update, the delivery queue's polling, the search indexes' merge (`SearchIndexJob`, every second).
 */
const BACKGROUND = /\b(sessions|delivery_jobs|gin_clean_pending_list)\b/;

/** The statements a `jest.spyOn(dataSource.logger, 'logQuery')` saw, background work left out. */
export function foregroundQueries(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((c) => String(c[0])).filter((q) => !BACKGROUND.test(q));
}
