import { join } from 'node:path';
import type { BenchContext } from '../context.js';
import type { Watched } from '../generators.js';
import type { Results } from '../results.js';
import { hasRedisServer, startRedis, stopServer, type Server } from '../servers.js';
import { runTarget, watched } from './load-steps.js';
import { startApp } from './servers.js';

/**
 * Scale-out: one API process on Redis, then two, under the same load steps. Redis is `--redis URL` or REDIS_URL (on
 * loopback only), else a throwaway redis-server when installed.
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
  try {
    if (o.redisBaseline) {
      const one = await startApp(ctx, 'api-redis-1', { redisUrl });
      try {
        out.one = await runTarget(ctx, 'redis ×1', 'app', [one], { rates, clientTag: 'x', watch: watched(ctx, [one], extraWatch) });
      } finally {
        await stopServer(one);
      }
    }
    const [a, b] = await Promise.all([startApp(ctx, 'api-redis-a', { redisUrl }), startApp(ctx, 'api-redis-b', { redisUrl })]);
    try {
      out.two = await runTarget(ctx, 'redis ×2', 'app', [a, b], { rates, clientTag: 'y', watch: watched(ctx, [a, b], extraWatch) });
    } finally {
      await Promise.all([stopServer(a), stopServer(b)]);
    }
  } finally {
    await stopServer(redis);
  }
}
