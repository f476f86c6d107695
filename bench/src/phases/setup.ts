import { createRoom, joinRoom, pool, register } from '../api-client.js';
import type { BenchContext } from '../context.js';
import type { SocketSpec } from '../protocol.js';
import { seedHistory } from '../seed.js';
import { query } from '../servers.js';
import { round1, sleep } from '../util.js';

/**
 * Setup: users and rooms through the REST API, in two halves: the first on the empty database, then (unless the
 * history phase is skipped) the history room's `--history` messages are seeded by SQL, and the second half is set up
 * on a database with history. The two halves' time per user shows what stored history does to registering, making
 * and joining rooms (it must change nothing).
 */
export async function setupPhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  const base = ctx.api!.url;
  const roomSize = Math.ceil(o.users / o.rooms);
  const roomCount = Math.ceil(o.users / roomSize);
  ctx.users = new Array(o.users);
  ctx.roomIds = new Array(roomCount);
  ctx.userRoom = new Array<string>(o.users).fill('');
  const seeding = o.history > 0 && !o.skip.has('history');
  const splitRoom = seeding ? Math.max(1, Math.floor(roomCount / 2)) : roomCount;
  const halves = [
    { rooms: [0, splitRoom], users: [0, Math.min(o.users, splitRoom * roomSize)] },
    { rooms: [splitRoom, roomCount], users: [Math.min(o.users, splitRoom * roomSize), o.users] },
  ].filter((h) => h.users[1]! > h.users[0]!);
  const timings: Array<{ users: number; registerSeconds: number; roomsSeconds: number }> = [];
  const scans: Array<{ messages: number; roomMembers: number }> = [];
  let statements: Array<Record<string, unknown>> = [];
  for (const [k, half] of halves.entries()) {
    if (k === 1) await seedHistoryRoom(ctx);
    const watch = await watchStatements(ctx);
    timings.push(await setUpHalf(ctx, base, roomSize, half.users as [number, number], half.rooms as [number, number]));
    const seen = await watch();
    scans.push(seen.scans);
    statements = seen.top;
  }
  const registerSeconds = timings.reduce((n, t) => n + t.registerSeconds, 0);
  const roomsSeconds = timings.reduce((n, t) => n + t.roomsSeconds, 0);
  const perUserMs = (t: (typeof timings)[number] | undefined) =>
    t ? round1(((t.registerSeconds + t.roomsSeconds) * 1000) / t.users) : null;
  ctx.results.setup = {
    users: o.users,
    rooms: roomCount,
    roomSize,
    registerSeconds: round1(registerSeconds),
    roomsSeconds: round1(roomsSeconds),
    perUserMsEmpty: perUserMs(timings[0]),
    perUserMsWithHistory: seeding ? perUserMs(timings[1]) : null,
    historyMessages: seeding ? o.history : 0,
    seqScans: scans,
    statements,
  };
  ctx.progress.line(
    `setup: ${o.users} users registered in ${registerSeconds.toFixed(1)} s, ${roomCount} rooms made and joined in ${roomsSeconds.toFixed(1)} s` +
      (seeding
        ? `; per user ${ctx.results.setup.perUserMsEmpty} ms on the empty database, ` +
          `${ctx.results.setup.perUserMsWithHistory} ms with ${o.history} messages stored`
        : '') +
      `; sequential scans of messages / room_members per half: ${scans.map((x) => `${x.messages} / ${x.roomMembers}`).join(', ')}`,
  );
  for (const st of statements.slice(0, 3))
    ctx.progress.line(`  setup statement: ${st.calls} calls, ${st.total_ms} ms in all: ${String(st.query).slice(0, 140)}`);
}

/**
 * Counts what PostgreSQL does during one half of the setup: sequential scans of `messages` and `room_members`
 * (`pg_stat_user_tables`, read after a pause so the backends have reported) and, when pg_stat_statements is loaded,
 * the statements that took longest.
 */
async function watchStatements(ctx: BenchContext) {
  const read = async () => {
    const [res] = await query(ctx.db.url, [
      `SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname IN ('messages', 'room_members')`,
    ]);
    const of = (name: string) => Number(res!.rows.find((r: { relname: string }) => r.relname === name)?.seq_scan ?? 0);
    return { messages: of('messages'), roomMembers: of('room_members') };
  };
  if (ctx.db.instrumented) {
    await query(ctx.db.url, [
      `ALTER SYSTEM SET pg_stat_statements.track = 'top'`,
      'SELECT pg_reload_conf()',
      'SELECT pg_stat_statements_reset()',
    ]);
  }
  await sleep(1100);
  const before = await read();
  return async () => {
    // a backend reports its counts when idle for a second at most
    await sleep(1500);
    const after = await read();
    let top: Array<Record<string, unknown>> = [];
    if (ctx.db.instrumented) {
      const [res] = await query(ctx.db.url, [
        `SELECT calls, round(total_exec_time::numeric, 1)::float AS total_ms, round(mean_exec_time::numeric, 3)::float AS mean_ms,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 240) AS query
           FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat%' ORDER BY total_exec_time DESC LIMIT 10`,
        `ALTER SYSTEM SET pg_stat_statements.track = 'none'`,
        'SELECT pg_reload_conf()',
      ]);
      top = res!.rows;
    }
    return { scans: { messages: after.messages - before.messages, roomMembers: after.roomMembers - before.roomMembers }, top };
  };
}

/** Registers users `from..to-1`, makes rooms `from..to-1` (by their first user) and has the others join. */
async function setUpHalf(
  ctx: BenchContext,
  base: string,
  roomSize: number,
  [uFrom, uTo]: [number, number],
  [rFrom, rTo]: [number, number],
): Promise<{ users: number; registerSeconds: number; roomsSeconds: number }> {
  const o = ctx.opts;
  let t = performance.now();
  const idx = Array.from({ length: uTo - uFrom }, (_, i) => uFrom + i);
  const users = await pool(
    idx,
    o.registerConcurrency,
    (i) => register(base, `b${ctx.tag}_${i}`),
    (n) => ctx.progress.update(`registering users (REST) ${uFrom + n}/${o.users}`),
  );
  users.forEach((u, k) => (ctx.users[uFrom + k] = u));
  const registerSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const rooms = await pool(
    Array.from({ length: rTo - rFrom }, (_, k) => rFrom + k),
    8,
    (r) => createRoom(base, ctx.users[Math.min(r * roomSize, o.users - 1)]!.token, `bench room ${r}`),
  );
  rooms.forEach((id, k) => (ctx.roomIds[rFrom + k] = id));
  for (const i of idx) ctx.userRoom[i] = ctx.roomIds[Math.min(Math.floor(i / roomSize), ctx.roomIds.length - 1)]!;
  const joiners = idx.filter((i) => i % roomSize !== 0);
  await pool(
    joiners,
    16,
    (i) => joinRoom(base, ctx.users[i]!.token, ctx.userRoom[i]!),
    (n) => ctx.progress.update(`joining rooms (REST) ${n}/${joiners.length}`),
  );
  return { users: idx.length, registerSeconds, roomsSeconds: (performance.now() - t) / 1000 };
}

/** The history room (by the first user) and its `--history` messages, seeded by SQL between the setup's halves. */
async function seedHistoryRoom(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  const owner = ctx.users[0]!;
  const roomId = await createRoom(ctx.api!.url, owner.token, 'bench history');
  ctx.progress.update(`seeding ${o.history} messages (one INSERT … SELECT generate_series)`);
  const t = performance.now();
  await seedHistory(ctx.db.url, roomId, owner.id, o.history);
  ctx.historyRoom = roomId;
  ctx.historySeedSeconds = (performance.now() - t) / 1000;
}

/** The load sockets: socket k for user k % users, in that user's room. */
export function loadSpecs(ctx: BenchContext): SocketSpec[] {
  return Array.from({ length: ctx.opts.sockets }, (_, k) => {
    const u = k % ctx.users.length;
    const user = ctx.users[u]!;
    return { id: k, userId: user.id, username: user.username, token: user.token, roomIds: [ctx.userRoom[u]!] };
  });
}
