import type { BenchContext } from '../context.js';
import { fmt } from '../report.js';
import { seedUsers } from '../seed.js';
import { connectLoad, watched } from './load-steps.js';
import { ensureApi } from './servers.js';

const BIG_MEMBERS = 500;
const BIG_ONLINE = 200;
const BIG_RATE = 20;

/**
 * A big room beside the usual load: a public room of `BIG_MEMBERS` members (made by SQL) of whom `BIG_ONLINE` have a
 * socket, `BIG_RATE` messages a second sent into it by those online, while the load sockets chat in their rooms of
 * 10 at half the app's sustained rate. The figure is the big room's fan-out latency (send → each online member), with
 * the server's CPU per delivery over both. Socket.IO encodes a room emission once for all its receivers.
 */
export async function bigRoomPhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  const api = await ensureApi(ctx);
  const rate = ctx.results.app?.half?.rate ?? o.rates[0]!;
  const members = o.smoke ? 50 : BIG_MEMBERS;
  const online = o.smoke ? 20 : BIG_ONLINE;
  ctx.progress.update(`big room: ${members} members`);
  const seeded = await seedUsers(ctx.db.url, ctx.jwtSecret, `r${ctx.tag}_`, members, members, ctx.users[0]!.id);
  const roomId = seeded[0]!.roomId;
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
      `big room: ${BIG_RATE} msg/s to ${big.connected.length} online members while ${conn.connected.length} sockets chat at ${fmt.n(rate)}/s`,
    );
    const [load, room] = await Promise.all([
      ctx.gens.step({ ...common, group: 'load', rate, receivers, clientTag: 'bl' }),
      ctx.gens.step({ ...common, group: 'big', rate: BIG_RATE, receivers: { [roomId]: big.connected.length }, clientTag: 'bb' }),
    ]);
    // both steps sampled the same server over the same window: its CPU over every delivery of the two
    const deliveries = load.deliveredPerSec + room.deliveredPerSec;
    const cpuPerDeliveryMs = room.cpu.server !== undefined && deliveries > 0 ? (room.cpu.server * 10) / deliveries : null;
    ctx.results.bigRoom = { members, online: big.connected.length, rate: BIG_RATE, loadRate: rate, room, load, cpuPerDeliveryMs };
    ctx.progress.line(
      `big room: ${members} members, ${big.connected.length} online, ${BIG_RATE} msg/s while ${conn.connected.length} sockets chat at ${fmt.n(rate)}/s: ` +
        `fan-out p50 ${fmt.ms(room.latency.p50)} p99 ${fmt.ms(room.latency.p99)} ms (${fmt.n(room.deliveredPerSec)} deliveries/s, lost ${room.lost}); ` +
        `the other rooms p99 ${fmt.ms(load.latency.p99)} ms; server CPU ${cpuPerDeliveryMs === null ? '—' : cpuPerDeliveryMs.toFixed(3)} ms per delivery`,
    );
  } finally {
    await ctx.gens.close('big');
    await ctx.gens.close('load');
  }
}
