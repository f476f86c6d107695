import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Server } from 'socket.io';
import { connectRedis, type RedisClient } from '../../common/redis.js';
import { loadConfig } from '../../config/app-config.js';
import { until } from '../../../test/support/api-process.js';
import { redisAvailable, startRedis, type TestRedis } from '../../../test/support/redis-server.js';
import { redisAdapter } from './socket-io.adapter.js';

/**
 * Redis going away with broadcasts on the wire must cost those broadcasts and nothing else: a publish whose promise
 * nobody handles is an unhandled rejection, which ends a Node process (Socket.IO's classic Redis adapter publishes
 * without handling it). Jest fails a test during which a rejection goes unhandled.
 */
if (!redisAvailable && process.env.CI) throw new Error('CI needs redis-server on PATH or REDIS_URL for this test');
const describeIfRedis = redisAvailable ? describe : describe.skip;

describeIfRedis.each(['classic', 'sharded'] as const)('the Redis adapter (%s pub/sub) when Redis dies', (mode) => {
  let redis: TestRedis;
  let clients: RedisClient[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await redis?.stop();
  });

  it('leaves no rejection unhandled for broadcasts in flight', async () => {
    if (!redis.owned) return; // a REDIS_URL of the environment is not ours to kill
    const config = { ...loadConfig({ JWT_SECRET: 'x'.repeat(32), REDIS_URL: redis.url }), redisPubSub: mode };
    clients = await Promise.all(['pub', 'sub'].map((name) => connectRedis(redis.url, `adapter-test-${name}`)));
    // the adapter's subscriptions are made before the burst (a pending SUBSCRIBE is the adapter's own, at its start)
    const subscribed: Promise<unknown>[] = [];
    const sub = new Proxy(clients[1]!, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          if (/subscribe/i.test(String(key))) subscribed.push(result as Promise<unknown>);
          return result;
        };
      },
    });
    const io = new Server({ adapter: await redisAdapter(config, clients[0]!, sub) });
    await Promise.all(subscribed);
    for (let i = 0; i < 2_000; i += 1) io.to(`room-${i % 10}`).emit('message:new', { i, body: 'x'.repeat(200) });
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    // back in business once the clients have reconnected and subscribed again
    await until(async () => (await io.of('/').adapter.serverCount()) === 1, 'the adapter to subscribe again', 10_000);
    await io.of('/').adapter.close();
    // and jest fails the test for each rejection left unhandled meanwhile (~90 before the classic adapter's publish was wrapped)
  });
});
