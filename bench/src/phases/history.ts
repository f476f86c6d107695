import { timeGets } from '../api-client.js';
import { HISTORY_WARM_REQUESTS, WARM_REQUESTS, type BenchContext } from '../context.js';
import { percentilesOf } from '../histogram.js';
import { scrapeMetrics, serverSide, type ServerSide } from '../metrics.js';
import { fmt } from '../report.js';
import { round1 } from '../util.js';
import { ensureApi } from './servers.js';

/** History: a room with `--history` messages seeded by SQL; its newest, a deep and the oldest page timed. */
export async function historyPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  const o = ctx.opts;
  if (o.history <= 0) return;
  const owner = ctx.users[0]!;
  const base = api.url;
  // seeded by the setup, between its halves (before the load users' second half registers)
  const roomId = ctx.historyRoom;
  if (!roomId) throw new Error('the history room was not seeded by the setup');
  const seedSeconds = ctx.historySeedSeconds;
  const page = async (label: string, qs: string, warm: number) => {
    ctx.progress.update(`history: ${label} page × ${o.historyRequests}`);
    return percentilesOf(await timeGets(base, `/rooms/${roomId}/messages?${qs}`, owner.token, warm, o.historyRequests));
  };
  // the route warms once; the other pages take a tenth of that for their own rows
  const warm = o.smoke ? WARM_REQUESTS : HISTORY_WARM_REQUESTS;
  const deepBefore = Math.floor(o.history / 2);
  // the newest pages between two scrapes of the API's metrics: its own timing of them, its GC pauses, its event loop
  const { result: newest, server: newestServer } = await withServerSide(api.url, HISTORY_ROUTE, () => page('newest', 'limit=50', warm));
  const deep = await page('deep', `before=${deepBefore}&limit=50`, warm / 10);
  const oldest = await page('oldest', 'before=51&limit=50', warm / 10);
  ctx.results.history = {
    messages: o.history,
    seedSeconds: round1(seedSeconds),
    requests: o.historyRequests,
    newest,
    deep,
    oldest,
    deepBefore,
    newestServer,
  };
  if (newestServer) ctx.progress.line(`history, newest page, in the API: ${describeServerSide(newestServer)}`);
  ctx.progress.line(
    `history (${fmt.n(o.history)} messages, seeded in ${seedSeconds.toFixed(1)} s): newest page p50 ${fmt.ms(newest.p50)} p99 ${fmt.ms(newest.p99)} ms; ` +
      `deep (before ${fmt.n(deepBefore)}) p50 ${fmt.ms(deep.p50)} p99 ${fmt.ms(deep.p99)} ms; oldest p50 ${fmt.ms(oldest.p50)} p99 ${fmt.ms(oldest.p99)} ms`,
  );
}

/** The route of a room's history pages (and of `around=`), as the API's metrics label it. */
export const HISTORY_ROUTE = '/api/rooms/:id/messages';

/** Runs `run` (sequential GETs of `route`) between two scrapes of the API's metrics; `server` is null without them. */
export async function withServerSide<T>(
  url: string,
  route: string,
  run: () => Promise<T>,
): Promise<{ result: T; server: ServerSide | null }> {
  const before = await scrapeMetrics(url).catch(() => null);
  const result = await run();
  const after = before ? await scrapeMetrics(url).catch(() => null) : null;
  return { result, server: before && after ? serverSide(before, after, 'GET', route) : null };
}

export function describeServerSide(s: ServerSide): string {
  return (
    `${fmt.n(s.requests)} requests (warm-up included) timed by the API p50 ≈ ${fmt.ms(s.p50Ms)} p99 ≈ ${fmt.ms(s.p99Ms)} ms; ` +
    `${s.minorGcs} scavenges (${fmt.ms(s.minorGcMs)} ms in all), ${s.majorGcs} full or incremental GC steps (${fmt.ms(s.majorGcMs)} ms); ` +
    `event loop delay p99 ${fmt.ms(s.loopDelayP99Ms)} ms`
  );
}
