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
 * The API keeps a sender's profile this long (`SENDER_CACHE_MS` in apps/api users.service.ts): a send or a page looks
 * it up again (`users … WHERE "u"."id" = ANY`) at most once per period, which twenty requests can outlast.
 */
const SENDER_CACHE_MS = 2000;
const SENDER_LOOKUP = `%FROM "users" "u" WHERE "u"."id" = ANY(%`;
/** A socket's presence is announced this long after it connects (`PRESENCE_COALESCE_MS`): its queries come before counting. */
const PRESENCE_SETTLED_MS = 1500;

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
  const count = async (fn: () => Promise<unknown>): Promise<{ calls: number; senderLookups: number; ms: number }> => {
    await query(ctx.db.url, ['SELECT pg_stat_statements_reset()']);
    const started = performance.now();
    await fn();
    const ms = performance.now() - started;
    await sleep(300); // after-response work (notifications, read markers) belongs to the request
    const [res] = await query(ctx.db.url, [
      `SELECT coalesce(sum(calls), 0)::int AS calls,
              coalesce(sum(calls) FILTER (WHERE query LIKE '${SENDER_LOOKUP}'), 0)::int AS lookups
         FROM pg_stat_statements
        WHERE query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pg_reload_conf%'
          AND query NOT ILIKE '%delivery_jobs%' AND query NOT ILIKE '%gin_clean_pending_list%'`,
    ]);
    // statements that did not run once per request: what a count above a whole number is made of
    const [odd] = await query(ctx.db.url, [
      `SELECT calls, left(query, 160) AS query FROM pg_stat_statements
        WHERE calls % ${COUNTED} <> 0 AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pg_reload_conf%'
          AND query NOT ILIKE '%delivery_jobs%' AND query NOT ILIKE '%gin_clean_pending_list%'`,
    ]);
    for (const row of odd!.rows) ctx.progress.line(`  round trips: also ${String(row.calls)} × ${String(row.query)}`);
    return { calls: Number(res!.rows[0].calls), senderLookups: Number(res!.rows[0].lookups), ms };
  };
  try {
    await query(ctx.db.url, [`ALTER SYSTEM SET pg_stat_statements.track = 'top'`, 'SELECT pg_reload_conf()']);
    await sleep(300);
    for (let i = 0; i < WARM; i++) await send();
    for (let i = 0; i < WARM; i++) await page();
    await sleep(PRESENCE_SETTLED_MS);
    const sends = await count(async () => {
      for (let i = 0; i < COUNTED; i++) await send();
    });
    const pages = await count(async () => {
      for (let i = 0; i < COUNTED; i++) await page();
    });
    // the senders' profiles (a send's own, a page's authors) looked up again as their cache expired are not statements
    // of each request: one per period is allowed, more (a lookup per request) counts in full
    const perRequest = (c: { calls: number; senderLookups: number; ms: number }) =>
      Math.round(((c.calls - Math.min(c.senderLookups, Math.ceil(c.ms / SENDER_CACHE_MS))) / COUNTED) * 100) / 100;
    ctx.results.roundTrips = {
      counted: COUNTED,
      perSend: perRequest(sends),
      perHistoryPage: perRequest(pages),
      senderLookups: sends.senderLookups + pages.senderLookups,
      ms: Math.round(sends.ms + pages.ms),
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
