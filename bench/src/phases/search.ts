import { call, timeGets } from '../api-client.js';
import { HISTORY_WARM_REQUESTS, WARM_REQUESTS, type BenchContext } from '../context.js';
import { percentilesOf } from '../histogram.js';
import { fmt } from '../report.js';
import { seedSearch } from '../seed.js';
import { round1 } from '../util.js';
import { describeServerSide, HISTORY_ROUTE, withServerSide } from './history.js';
import { ensureApi } from './servers.js';

/** The searches timed: a whole word, and a 4-character part of longer words. */
export const SEARCH_WORD = 'release';
export const SEARCH_PART = 'ploy';

/**
 * Search: `--search-messages` messages over `--search-rooms` rooms seeded by SQL, a user in `--search-user-rooms` of
 * them; `GET /search/messages` timed for a word and for a part of words, and `around=` paging in the history room.
 */
export async function searchPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  const o = ctx.opts;
  if (o.searchMessages <= 0) return;
  const base = api.url;
  const user = ctx.users[3 % ctx.users.length]!;
  const sender = ctx.users[4 % ctx.users.length]!;
  ctx.progress.update(
    `search: seeding ${fmt.n(o.searchMessages)} messages in ${fmt.n(o.searchRooms)} rooms (full-text and trigram indexes)`,
  );
  const t = performance.now();
  await seedSearch(ctx.db.url, {
    count: o.searchMessages,
    rooms: o.searchRooms,
    userRooms: Math.min(o.searchUserRooms, o.searchRooms),
    userId: user.id,
    senderId: sender.id,
    prefix: `b${ctx.tag}`,
  });
  const seedSeconds = (performance.now() - t) / 1000;
  ctx.searchUser = user;
  const timed = async (label: string, path: string, token = user.token, warm = Math.min(WARM_REQUESTS, 50)) => {
    ctx.progress.update(`search: ${label} × ${o.historyRequests}`);
    return percentilesOf(await timeGets(base, path, token, warm, o.historyRequests));
  };
  const first = await call<{ results: unknown[] }>(base, 'GET', `/search/messages?q=${SEARCH_WORD}&limit=20`, user.token);
  const word = await timed(`"${SEARCH_WORD}"`, `/search/messages?q=${SEARCH_WORD}&limit=20`);
  const part = await timed(`"${SEARCH_PART}"`, `/search/messages?q=${SEARCH_PART}&limit=20`);
  let around = null;
  let aroundServer = null;
  if (ctx.historyRoom) {
    const seq = Math.floor(o.history / 3);
    // the history room is its owner's, the setup's first user
    const path = `/rooms/${ctx.historyRoom}/messages?around=${seq}&limit=50`;
    ({ result: around, server: aroundServer } = await withServerSide(base, HISTORY_ROUTE, () =>
      // the route is the history pages' (warmed there unless skipped); this warms its around= reads
      timed(`around=${seq}`, path, ctx.users[0]!.token, o.smoke ? 50 : HISTORY_WARM_REQUESTS / 10),
    ));
  }
  ctx.results.search = {
    messages: o.searchMessages,
    rooms: o.searchRooms,
    userRooms: Math.min(o.searchUserRooms, o.searchRooms),
    seedSeconds: round1(seedSeconds),
    requests: o.historyRequests,
    wordResults: first.results.length,
    word,
    part,
    around,
    aroundServer,
  };
  if (aroundServer) ctx.progress.line(`around=, in the API: ${describeServerSide(aroundServer)}`);
  ctx.progress.line(
    `search (${fmt.n(o.searchMessages)} messages in ${fmt.n(o.searchRooms)} rooms, user in ${ctx.results.search.userRooms}, seeded in ${seedSeconds.toFixed(1)} s): ` +
      `"${SEARCH_WORD}" p50 ${fmt.ms(word.p50)} p99 ${fmt.ms(word.p99)} ms; "${SEARCH_PART}" p50 ${fmt.ms(part.p50)} p99 ${fmt.ms(part.p99)} ms` +
      (around ? `; around= p50 ${fmt.ms(around.p50)} p99 ${fmt.ms(around.p99)} ms` : ''),
  );
}
