import { createServer } from 'node:http';
import { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { connectRedis, type RedisClient } from '../../common/redis.js';
import { loadConfig } from '../../config/app-config.js';
import { until } from '../../../test/support/api-process.js';
import { redisAvailable, startRedis, type TestRedis } from '../../../test/support/redis-server.js';
import { framesInOneBuffer, redisAdapter } from './socket-io.adapter.js';

/**
 * A broadcast reaches each WebSocket client in one plain socket write: its frame is one buffer, not a header and a
 * body written under cork (one `writev` for each recipient). The same broadcasts without the change take a `writev`
 * each, so the count tells the two apart.
 */
describe('broadcast frames', () => {
  it.each([
    ['joined into one buffer', true],
    ['as socket.io-adapter frames them', false],
  ])('%s: every payload arrives whole', async (_name, joined) => {
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'] });
    if (joined) framesInOneBuffer(io.of('/').adapter);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as { port: number };
    const serverSide = new Promise<NetSocket>((resolve) =>
      io.on('connection', (socket) => {
        void socket.join('room');
        // the WebSocket transport's TCP socket, under engine.io and ws
        resolve((socket.conn.transport as unknown as { socket: { _socket: NetSocket } }).socket._socket);
      }),
    );
    const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
    const received: Array<{ i: number; body: string }> = [];
    client.on('message:new', (m: { i: number; body: string }) => received.push(m));
    const tcp = await serverSide;
    const writev = jest.spyOn(NetSocket.prototype, '_writev');
    try {
      // bodies whose frames take each header length: 7-bit, 16-bit and 64-bit payload lengths
      const bodies = ['short', 'x'.repeat(300), 'é'.repeat(40_000)];
      for (const [i, body] of bodies.entries()) {
        io.to('room').emit('message:new', { i, body });
        await until(async () => received.length === i + 1, 'the broadcast to arrive', 5_000);
      }
      expect(received).toEqual(bodies.map((body, i) => ({ i, body })));
      const ours = writev.mock.contexts.filter((s) => s === tcp).length;
      expect(ours).toBe(joined ? 0 : bodies.length);
    } finally {
      writev.mockRestore();
      client.close();
      await io.close();
    }
  });
});

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
