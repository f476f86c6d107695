import { createRoom, joinRoom, pool, register } from '../api-client.js';
import type { BenchContext } from '../context.js';
import type { SocketSpec } from '../protocol.js';
import { round1 } from '../util.js';

/** Setup: users and rooms through the REST API. */
export async function setupPhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  const base = ctx.api!.url;
  const roomSize = Math.ceil(o.users / o.rooms);
  let t = performance.now();
  const idx = Array.from({ length: o.users }, (_, i) => i);
  ctx.users = await pool(
    idx,
    o.registerConcurrency,
    (i) => register(base, `b${ctx.tag}_${i}`),
    (n) => ctx.progress.update(`registering users (REST) ${n}/${o.users}`),
  );
  const registerSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  ctx.roomIds = await pool(
    Array.from({ length: o.rooms }, (_, r) => r),
    8,
    (r) => createRoom(base, ctx.users[Math.min(r * roomSize, o.users - 1)]!.token, `bench room ${r}`),
  );
  ctx.userRoom = idx.map((i) => ctx.roomIds[Math.min(Math.floor(i / roomSize), ctx.roomIds.length - 1)]!);
  const joiners = idx.filter((i) => i % roomSize !== 0 && Math.floor(i / roomSize) < ctx.roomIds.length);
  await pool(
    joiners,
    16,
    (i) => joinRoom(base, ctx.users[i]!.token, ctx.userRoom[i]!),
    (n) => ctx.progress.update(`joining rooms (REST) ${n}/${joiners.length}`),
  );
  const roomsSeconds = (performance.now() - t) / 1000;
  ctx.results.setup = {
    users: o.users,
    rooms: ctx.roomIds.length,
    roomSize,
    registerSeconds: round1(registerSeconds),
    roomsSeconds: round1(roomsSeconds),
  };
  ctx.progress.line(
    `setup: ${o.users} users registered in ${registerSeconds.toFixed(1)} s, ${ctx.roomIds.length} rooms made and joined in ${roomsSeconds.toFixed(1)} s`,
  );
}

/** The load sockets: socket k for user k % users, in that user's room. */
export function loadSpecs(ctx: BenchContext): SocketSpec[] {
  return Array.from({ length: ctx.opts.sockets }, (_, k) => {
    const u = k % ctx.users.length;
    const user = ctx.users[u]!;
    return { id: k, userId: user.id, username: user.username, token: user.token, roomIds: [ctx.userRoom[u]!] };
  });
}
