import { call, timeGets } from '../api-client.js';
import type { BenchContext } from '../context.js';
import { percentilesOf } from '../histogram.js';
import { fmt } from '../report.js';
import type { RoomBesideLoad } from '../results.js';
import { seedHistory, seedUsers } from '../seed.js';
import { connectLoad, watched } from './load-steps.js';
import { ensureApi } from './servers.js';

const BIG_MEMBERS = 500;
const BIG_ONLINE = 200;
const BIG_RATE = 20;
/** The community-sized public room: members, of whom online, newcomers who join it (timed), history it holds. */
const HUGE_MEMBERS = 10_000;
const HUGE_ONLINE = 100;
const HUGE_JOINS = 50;
const HUGE_HISTORY = 1_000;
const HUGE_HISTORY_REQUESTS = 100;

/**
 * Big rooms beside the usual load. First a public room of `BIG_MEMBERS` members (made by SQL) of whom `BIG_ONLINE`
 * have a socket, `BIG_RATE` messages a second sent into it by those online, while the load sockets chat in their rooms
 * of 10 at half the app's sustained rate: the figure is its fan-out latency (send → each online member), with the
 * server's CPU per delivery over both. Then a community's public room of `HUGE_MEMBERS` with `HUGE_ONLINE` online,
 * the same way, followed by `HUGE_JOINS` newcomers joining it and its newest history page read, each timed. Socket.IO
 * encodes a room emission once for all its receivers.
 */
export async function bigRoomPhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  const big = await roomBesideLoad(ctx, o.smoke ? 50 : BIG_MEMBERS, o.smoke ? 20 : BIG_ONLINE, 'r');
  ctx.results.bigRoom = big;
  ctx.progress.line(
    `big room: ${big.members} members, ${big.online} online, ${BIG_RATE} msg/s while the load chats at ${fmt.n(big.loadRate)}/s: ` +
      `fan-out p50 ${fmt.ms(big.room.latency.p50)} p99 ${fmt.ms(big.room.latency.p99)} ms (${fmt.n(big.room.deliveredPerSec)} deliveries/s, lost ${big.room.lost}); ` +
      `the other rooms p99 ${fmt.ms(big.load.latency.p99)} ms; server CPU ${big.cpuPerDeliveryMs === null ? '—' : big.cpuPerDeliveryMs.toFixed(3)} ms per delivery`,
  );
  const huge = await roomBesideLoad(ctx, o.smoke ? 200 : HUGE_MEMBERS, o.smoke ? 10 : HUGE_ONLINE, 'h', {
    // history first: the fan-out's messages follow it
    before: (roomId, ownerId) => seedHistory(ctx.db.url, roomId, ownerId, o.smoke ? 100 : HUGE_HISTORY, `huge-${ctx.tag}-`),
    after: async (api, roomId) => {
      // newcomers join it one after another (each answer is the Room, with its member count), then its history is read
      const joins = o.smoke ? 5 : HUGE_JOINS;
      const newcomers = await seedUsers(ctx.db.url, ctx.jwtSecret, `j${ctx.tag}_`, joins, joins, ctx.users[0]!.id);
      const joinMs: number[] = [];
      for (const u of newcomers) {
        const t0 = performance.now();
        await call(api, 'POST', `/rooms/${roomId}/join`, u.token);
        joinMs.push(performance.now() - t0);
      }
      const requests = o.smoke ? 10 : HUGE_HISTORY_REQUESTS;
      const history = await timeGets(api, `/rooms/${roomId}/messages?limit=50`, newcomers[0]!.token, 5, requests);
      return { joins: percentilesOf(joinMs), history: percentilesOf(history) };
    },
  });
  ctx.results.hugeRoom = huge;
  ctx.progress.line(
    `huge room: ${fmt.n(huge.members)} members, ${huge.online} online, ${BIG_RATE} msg/s beside the load: fan-out p50 ${fmt.ms(huge.room.latency.p50)} ` +
      `p99 ${fmt.ms(huge.room.latency.p99)} ms (lost ${huge.room.lost}); join p50 ${fmt.ms(huge.joins.p50)} p99 ${fmt.ms(huge.joins.p99)} ms; ` +
      `history page p50 ${fmt.ms(huge.history.p50)} p99 ${fmt.ms(huge.history.p99)} ms`,
  );
}

/**
 * A public room of `members` members (made by SQL) of whom `online` have a socket, `BIG_RATE` messages a second sent
 * into it by those online, while the load sockets chat in their rooms of 10 at half the app's sustained rate.
 * `before` runs once the room exists; `after` (timed requests on the quiet server) while the sockets are still connected.
 */
async function roomBesideLoad<T extends object = object>(
  ctx: BenchContext,
  members: number,
  online: number,
  prefix: string,
  hooks: {
    before?: (roomId: string, ownerId: string) => Promise<void>;
    after?: (api: string, roomId: string) => Promise<T>;
  } = {},
): Promise<RoomBesideLoad & T> {
  const o = ctx.opts;
  const api = await ensureApi(ctx);
  const rate = ctx.results.app?.half?.rate ?? o.rates[0]!;
  ctx.progress.update(`big room: ${fmt.n(members)} members`);
  const seeded = await seedUsers(ctx.db.url, ctx.jwtSecret, `${prefix}${ctx.tag}_`, members, members, ctx.users[0]!.id);
  const roomId = seeded[0]!.roomId;
  await hooks.before?.(roomId, seeded[0]!.id);
  const specs = seeded
    .slice(0, online)
    .map((u, k) => ({ id: 100_000 + k, userId: u.id, username: u.username, token: u.token, roomIds: [roomId] }));
  const big = await ctx.gens.connect('big', 'app', [api.url], specs, true, 16);
  const { conn, receivers } = await connectLoad(ctx, 'app', [api.url]);
  try {
    if (big.connected.length === 0 || conn.connected.length === 0)
      throw new Error(`big room: sockets did not connect (${[...big.errors, ...conn.errors].join('; ')})`);
    const watch = watched(ctx, [api]);
    const common = {
      warmupMs: o.warmupS * 1000,
      measureMs: o.stepS * 1000,
      ackTimeoutMs: o.ackTimeoutS * 1000,
      bodyBytes: o.bodyBytes,
      p99LimitMs: o.p99Ms,
      watch,
    };
    ctx.progress.update(
      `big room: ${BIG_RATE} msg/s to ${big.connected.length} of ${fmt.n(members)} members online while ${conn.connected.length} sockets chat at ${fmt.n(rate)}/s`,
    );
    const [load, room] = await Promise.all([
      ctx.gens.step({ ...common, group: 'load', rate, receivers, clientTag: `${prefix}l` }),
      ctx.gens.step({ ...common, group: 'big', rate: BIG_RATE, receivers: { [roomId]: big.connected.length }, clientTag: `${prefix}b` }),
    ]);
    // both steps sampled the same server over the same window: its CPU over every delivery of the two
    const deliveries = load.deliveredPerSec + room.deliveredPerSec;
    const cpuPerDeliveryMs = room.cpu.server !== undefined && deliveries > 0 ? (room.cpu.server * 10) / deliveries : null;
    const extra = hooks.after ? await hooks.after(api.url, roomId) : ({} as T);
    return { members, online: big.connected.length, rate: BIG_RATE, loadRate: rate, room, load, cpuPerDeliveryMs, ...extra };
  } finally {
    await ctx.gens.close('big');
    await ctx.gens.close('load');
  }
}
