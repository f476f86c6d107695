import { QueryFailedError } from 'typeorm';

/** True when a query failed on the named unique constraint or index (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const e = err.driverError as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** True when a statement broke an integrity constraint (SQLSTATE class 23): the data of the statement, not the database. */
export function isConstraintViolation(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: string })?.code;
  return typeof code === 'string' && code.startsWith('23');
}

/**
 * pg-pool's own deadline (`connectionTimeoutMillis`): every connection is busy and none came free in time, or the
 * server took the connection but did not answer (paused, overloaded). No statement ran.
 */
const POOL_TIMEOUTS = new Set(['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout']);

/**
 * True when PostgreSQL gave up on a statement because of time, not data: a statement or lock timeout (the pool sets
 * both), or too many connections; or when no connection to it came in time. The request changed nothing and may be
 * sent again.
 */
export function isDatabaseBusy(err: unknown): boolean {
  if (err instanceof Error && !(err instanceof QueryFailedError) && POOL_TIMEOUTS.has(err.message)) return true;
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: string })?.code;
  return code === '57014' || code === '55P03' || code === '53300';
}
