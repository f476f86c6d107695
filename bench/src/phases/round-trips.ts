import { io } from 'socket.io-client';
import { call } from '../api-client.js';
import type { BenchContext } from '../context.js';
import { query } from '../servers.js';
import { sleep } from '../util.js';
import { ensureApi } from './servers.js';

/** Sends and pages counted, one at a time, after a few unmeasured ones. */
const COUNTED = 20;
const WARM = 5;

/**
 * Database round-trips of the hot paths, counted (never timed): the statements PostgreSQL ran (pg_stat_statements,
 * transaction control included) per `message:send` over a socket, one at a time (each its own commit, the worst case
 * of the group commit), and per newest history page. The smoke test holds these counts as a regression guard.
 */
export async function roundTripsPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  if (!ctx.db.instrumented) throw new Error('pg_stat_statements could not be loaded in PostgreSQL');
  const user = ctx.users[0]!;
  const roomId = ctx.userRoom[0]!;
  const socket = io(api.url, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  let n = 0;
  const send = async () => {
    const ack = (await socket.timeout(5000).emitWithAck('message:send', {
      roomId,
      clientId: `rt-${ctx.tag}-${n++}`,
      body: 'counted round trips',
    })) as { ok: boolean };
    if (!ack.ok) throw new Error(`message:send was refused: ${JSON.stringify(ack)}`);
  };
  const page = () => call(api.url, 'GET', `/rooms/${roomId}/messages?limit=50`, user.token);
  /**
   * Statements PostgreSQL ran during `fn` (the counting queries themselves left out, and the work that runs every
   * second whatever the requests: the push/e-mail queue's worker polling its table, the search indexes' merge).
   */
  const count = async (fn: () => Promise<unknown>): Promise<number> => {
    await query(ctx.db.url, ['SELECT pg_stat_statements_reset()']);
    await fn();
    await sleep(300); // after-response work (notifications, read markers) belongs to the request
    const [res] = await query(ctx.db.url, [
      `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements
        WHERE query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pg_reload_conf%'
          AND query NOT ILIKE '%delivery_jobs%' AND query NOT ILIKE '%gin_clean_pending_list%'`,
    ]);
    return Number(res!.rows[0].calls);
  };
  try {
    await query(ctx.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'top'`, 'SELECT pg_reload_conf()']);
    await sleep(300);
    for (let i = 0; i < WARM; i++) await send();
    for (let i = 0; i < WARM; i++) await page();
    const sends = await count(async () => {
      for (let i = 0; i < COUNTED; i++) await send();
    });
    const pages = await count(async () => {
      for (let i = 0; i < COUNTED; i++) await page();
    });
    ctx.results.roundTrips = {
      counted: COUNTED,
      perSend: Math.round((sends / COUNTED) * 100) / 100,
      perHistoryPage: Math.round((pages / COUNTED) * 100) / 100,
    };
    ctx.progress.line(
      `round trips: ${ctx.results.roundTrips.perSend} statements per message:send (one at a time), ` +
        `${ctx.results.roundTrips.perHistoryPage} per history page`,
    );
  } finally {
    socket.close();
    await query(ctx.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'none'`, 'SELECT pg_reload_conf()']);
  }
}
