import { connect } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from '../context.js';
import type { Watched } from '../generators.js';
import type { Results } from '../results.js';
import { postmasterPid } from '../proc-stats.js';
import { hasRedisServer, hasTaskset, pinTrees, startRedis, stopServer, type Server } from '../servers.js';
import { runTarget, watched } from './load-steps.js';
import { startApp } from './servers.js';

/**
 * Cores for two API processes with a core each (0 and 1) beside PostgreSQL, Redis and the generator (the rest). With
 * fewer the processes share the cores, where two cannot beat one, and the summary judges the projection instead.
 */
export const SCALE_OUT_CORES = 4;

/**
 * Scale-out: one API process on Redis, then two, under the same load steps. Redis is `--redis URL` or REDIS_URL (on
 * loopback only), else a throwaway redis-server when installed. With `SCALE_OUT_CORES` cores or more (and `taskset`),
 * each API process runs on a core of its own, 0 and 1 (the single process on 0), and PostgreSQL, Redis and the
 * generator on the others, so two processes have twice one's CPU, as on a machine per process.
 */
export async function scaleOutPhase(ctx: BenchContext): Promise<void> {
  const o = ctx.opts;
  let redisUrl: string;
  let redis: Server | undefined;
  let how: string;
  if (o.redis === 'off') {
    ctx.results.scaleOut = { redis: 'off', skipped: '--redis off' };
    return;
  }
  const given = o.redis !== 'auto' ? o.redis : process.env.REDIS_URL;
  if (given) {
    const host = new URL(given).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
      throw new Error(`REDIS_URL must be on this machine (loopback), not ${host}`);
    redisUrl = given;
    how = 'REDIS_URL';
  } else if (hasRedisServer()) {
    redis = await startRedis(join(ctx.tmp, 'logs'));
    redisUrl = redis.url;
    how = 'throwaway redis-server';
  } else {
    ctx.results.scaleOut = { redis: 'none', skipped: 'no REDIS_URL and no redis-server binary' };
    ctx.progress.line('scale-out: skipped (no REDIS_URL and no redis-server)');
    return;
  }
  await stopServer(ctx.api);
  ctx.api = undefined;
  // from the lowest rate: Redis adds work of its own, the single process's rate is no lower bound
  const rates = o.rates;
  const extraWatch: Record<string, Watched> = redis ? { redis: { pids: [redis.pid] } } : {};
  const out: NonNullable<Results['scaleOut']> = { redis: how };
  ctx.results.scaleOut = out;
  const n = cpus().length;
  const pinned = n >= SCALE_OUT_CORES && hasTaskset();
  const everyCore = `0-${n - 1}`;
  const others = [postmasterPid(ctx.db.dir), redis?.pid, ...ctx.gens.pids].filter((pid): pid is number => !!pid);
  if (pinned) {
    pinTrees(others, `2-${n - 1}`);
    out.pinning = `API processes on cores 0 and 1, PostgreSQL, Redis and the generator on 2-${n - 1} (taskset)`;
  } else {
    out.pinning = `none: ${n} cores${hasTaskset() ? '' : ', no taskset'} (a core for each API process needs ${SCALE_OUT_CORES})`;
  }
  ctx.progress.line(`scale-out: pinning ${out.pinning}`);
  try {
    if (o.redisBaseline) {
      const one = await startApp(ctx, 'api-redis-1', { redisUrl, cpus: pinned ? '0' : undefined });
      try {
        const before = await redisTrafficBytes(redisUrl);
        out.one = await runTarget(ctx, 'redis ×1', 'app', [one], { rates, clientTag: 'x', watch: watched(ctx, [one], extraWatch) });
        out.redisBytesPerMessageOne = perMessage((await redisTrafficBytes(redisUrl)) - before, out.one, o);
      } finally {
        await stopServer(one);
      }
    }
    const [a, b] = await Promise.all([
      startApp(ctx, 'api-redis-a', { redisUrl, cpus: pinned ? '0' : undefined }),
      startApp(ctx, 'api-redis-b', { redisUrl, cpus: pinned ? '1' : undefined }),
    ]);
    try {
      const before = await redisTrafficBytes(redisUrl);
      out.two = await runTarget(ctx, 'redis ×2', 'app', [a, b], { rates, clientTag: 'y', watch: watched(ctx, [a, b], extraWatch) });
      out.redisBytesPerMessageTwo = perMessage((await redisTrafficBytes(redisUrl)) - before, out.two, o);
    } finally {
      await Promise.all([stopServer(a), stopServer(b)]);
    }
  } finally {
    await stopServer(redis);
    // the phases after this one (and a restarted API) use every core again
    if (pinned)
      pinTrees(
        others.filter((pid) => pid !== redis?.pid),
        everyCore,
      );
  }
}

/** Bytes over the steps of a target per message sent in them (warm-up included, as its traffic is). */
function perMessage(bytes: number, target: { steps: Array<{ sent: number }> }, o: BenchContext['opts']): number | null {
  const sent = target.steps.reduce((n, st) => n + st.sent, 0) * ((o.warmupS + o.stepS) / o.stepS);
  return sent > 0 && bytes >= 0 ? Math.round(bytes / sent) : null;
}

/** Redis's network traffic so far, in and out (`INFO stats`), over one RESP request on a plain TCP socket. */
function redisTrafficBytes(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''));
    let text = '';
    socket.setTimeout(3000, () => socket.destroy(new Error('redis INFO timed out')));
    socket.on('error', reject);
    socket.on('data', (d) => {
      text += d.toString('latin1');
      const m = /^\$(\d+)\r\n/.exec(text);
      if (!m || text.length < m[0].length + Number(m[1])) return;
      socket.end();
      const read = (key: string) => Number(new RegExp(`${key}:(\\d+)`).exec(text)?.[1] ?? 0);
      resolve(read('total_net_input_bytes') + read('total_net_output_bytes'));
    });
    socket.write('*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n');
  });
}
