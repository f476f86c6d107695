import { call, createRoom, pool, timeGets } from '../api-client.js';
import { WARM_REQUESTS, type BenchContext } from '../context.js';
import { percentilesOf } from '../histogram.js';
import { fmt } from '../report.js';
import { seedRoomsList } from '../seed.js';
import { ensureApi } from './servers.js';

/** Room list: a user in `--rooms-list` rooms with messages; `GET /rooms` timed. */
export async function roomsListPhase(ctx: BenchContext): Promise<void> {
  const api = await ensureApi(ctx);
  const o = ctx.opts;
  if (o.roomsList <= 0) return;
  const base = api.url;
  const user = ctx.users[1 % ctx.users.length]!;
  const other = ctx.users[2 % ctx.users.length]!;
  ctx.listUser = user;
  const rooms = await pool(
    Array.from({ length: o.roomsList }, (_, i) => i),
    8,
    (i) => createRoom(base, user.token, `list ${i}`),
    (n) => ctx.progress.update(`GET /rooms: making rooms ${n}/${o.roomsList}`),
  );
  await seedRoomsList(ctx.db.url, rooms, user.id, other.id, o.roomsListMessages);
  ctx.progress.update(`GET /rooms × ${o.listRequests}`);
  const bodies = await call<unknown[]>(base, 'GET', '/rooms', user.token);
  const times = await timeGets(base, '/rooms', user.token, WARM_REQUESTS, o.listRequests);
  const latency = percentilesOf(times);
  const joined = Array.isArray(bodies) ? bodies.length : 0;
  ctx.results.roomsList = {
    rooms: joined,
    messagesPerRoom: o.roomsListMessages,
    requests: o.listRequests,
    latency,
    bytes: JSON.stringify(bodies).length,
  };
  ctx.progress.line(
    `GET /rooms for a user in ${joined} rooms: p50 ${fmt.ms(latency.p50)} p99 ${fmt.ms(latency.p99)} ms (${fmt.n(JSON.stringify(bodies).length / 1024)} KB)`,
  );
}
