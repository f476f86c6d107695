import { pool, register } from '../api-client.js';
import type { BenchContext } from '../context.js';
import { sampleTree } from '../proc-stats.js';
import type { Mode, SocketSpec } from '../protocol.js';
import { fmt } from '../report.js';
import type { IdleResult } from '../results.js';
import { seedUsers } from '../seed.js';
import type { Server } from '../servers.js';
import { round1, sleep } from '../util.js';
import { ensureApi } from './servers.js';

/** The app's idle sockets: `--idle-sockets` authenticated sockets of users made by SQL (or REST), RSS per socket. */
export async function idlePhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  if (o.idleSockets <= 0) return;
  const api = await ensureApi(ctx);
  let specs: SocketSpec[];
  const t = performance.now();
  ctx.progress.update(`making ${fmt.n(o.idleSockets)} users for idle sockets (${o.idleUsers})`);
  if (o.idleUsers === 'sql') {
    const seeded = await seedUsers(ctx.db.url, ctx.jwtSecret, `i${ctx.tag}_`, o.idleSockets, 10, ctx.users[0]!.id);
    specs = seeded.map((u, k) => ({ id: k, userId: u.id, username: u.username, token: u.token, roomIds: [u.roomId] }));
  } else {
    const base = api.url;
    const made = await pool(
      Array.from({ length: o.idleSockets }, (_, i) => i),
      o.registerConcurrency,
      (i) => register(base, `i${ctx.tag}_${i}`),
      (n) => ctx.progress.update(`registering idle users (REST) ${n}/${o.idleSockets}`),
    );
    specs = made.map((u, k) => ({ id: k, userId: u.id, username: u.username, token: u.token, roomIds: [] }));
  }
  const made = (performance.now() - t) / 1000;
  const res = await measureIdleSockets(ctx, 'idle', 'app', api, specs);
  res.usersMadeBy = `${o.idleUsers === 'sql' ? 'SQL (users, rooms of 10, sessions; tokens signed with JWT_SECRET)' : 'REST register'} in ${made.toFixed(1)} s`;
  (ctx.results.idle ??= {}).app = res;
}

/**
 * Server RSS before, halfway and after connecting `specs` idle sockets: RSS per socket over all of them, and the
 * marginal cost over the second half (which leaves out one-off costs such as code warming up).
 */
export async function measureIdleSockets(
  ctx: BenchContext,
  name: string,
  mode: Mode,
  server: Server,
  specs: SocketSpec[],
): Promise<IdleResult> {
  const quiet = ctx.opts.smoke ? 300 : 3000;
  await sleep(quiet / 2);
  const before = await medianRss(server.pid);
  const ticker = setInterval(
    () =>
      ctx.progress.update(
        `${name}: connecting ${fmt.n(specs.length)} idle sockets — server RSS ${fmt.mb(sampleTree([server.pid]).rssKb)} MB`,
      ),
    500,
  );
  const half = Math.floor(specs.length / 2);
  let first;
  let second;
  let mid: number;
  try {
    first = await ctx.gens.connect('idle', mode, [server.url], specs.slice(0, half), false, 64);
    await sleep(quiet);
    mid = await medianRss(server.pid);
    second = await ctx.gens.connect('idle', mode, [server.url], specs.slice(half), false, 64);
  } finally {
    clearInterval(ticker);
  }
  await sleep(quiet);
  const after = await medianRss(server.pid);
  await ctx.gens.close('idle');
  const connected = first.connected.length + second.connected.length;
  const failed = first.failed + second.failed;
  const errors = [...first.errors, ...second.errors];
  const perSocketKb = connected ? round1((after - before) / connected) : null;
  const marginalKb = second.connected.length ? round1((after - mid) / second.connected.length) : null;
  ctx.progress.line(
    `${name === 'idle' ? 'app' : name}: ${fmt.n(connected)}/${fmt.n(specs.length)} idle sockets in ${((first.ms + second.ms) / 1000).toFixed(1)} s; ` +
      `server RSS ${fmt.mb(before)} → ${fmt.mb(mid)} → ${fmt.mb(after)} MB: ${fmt.kb(perSocketKb)} KB per socket (second half: ${fmt.kb(marginalKb)} KB)` +
      `${failed ? ` (${failed} failed: ${errors.join('; ')})` : ''}`,
  );
  await sleep(quiet / 2);
  return {
    target: mode,
    sockets: specs.length,
    connected,
    failed,
    errors,
    connectSeconds: round1((first.ms + second.ms) / 1000),
    rssBeforeKb: before,
    rssHalfwayKb: mid,
    rssAfterKb: after,
    perSocketKb,
    marginalKb,
  };
}

/** The median of 5 RSS samples, 200 ms apart. */
async function medianRss(pid: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < 5; i++) {
    values.push(sampleTree([pid]).rssKb);
    await sleep(200);
  }
  values.sort((a, b) => a - b);
  return values[2]!;
}
