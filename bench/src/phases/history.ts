import { timeGets } from '../api-client.js';
import { WARM_REQUESTS, type BenchContext } from '../context.js';
import { percentilesOf } from '../histogram.js';
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
  const page = async (label: string, qs: string) => {
    ctx.progress.update(`history: ${label} page × ${o.historyRequests}`);
    return percentilesOf(await timeGets(base, `/rooms/${roomId}/messages?${qs}`, owner.token, WARM_REQUESTS, o.historyRequests));
  };
  const deepBefore = Math.floor(o.history / 2);
  const newest = await page('newest', 'limit=50');
  const deep = await page('deep', `before=${deepBefore}&limit=50`);
  const oldest = await page('oldest', 'before=51&limit=50');
  ctx.results.history = {
    messages: o.history,
    seedSeconds: round1(seedSeconds),
    requests: o.historyRequests,
    newest,
    deep,
    oldest,
    deepBefore,
  };
  ctx.progress.line(
    `history (${fmt.n(o.history)} messages, seeded in ${seedSeconds.toFixed(1)} s): newest page p50 ${fmt.ms(newest.p50)} p99 ${fmt.ms(newest.p99)} ms; ` +
      `deep (before ${fmt.n(deepBefore)}) p50 ${fmt.ms(deep.p50)} p99 ${fmt.ms(deep.p99)} ms; oldest p50 ${fmt.ms(oldest.p50)} p99 ${fmt.ms(oldest.p99)} ms`,
  );
}
