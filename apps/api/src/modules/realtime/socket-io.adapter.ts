import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { RedisClient } from '../../common/redis.js';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Socket.IO server options from configuration: frame size cap, CORS for the allowed web origins, ping timings, and
 * the time a connection may stay without an authenticated handshake.
 * With Redis, `@socket.io/redis-adapter` carries room broadcasts and socket joins between API processes: over classic
 * pub/sub, or with `REDIS_PUBSUB=sharded` over sharded pub/sub (a channel per room, subscribed while the process has a
 * socket in it), which a Redis Cluster spreads over its nodes.
 */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    /** The Redis adapter (`redisAdapter`), or null for one process. */
    private readonly adapter: RedisAdapter | null,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      maxHttpBufferSize: this.config.limits.socketMaxBytes,
      cors: { origin: this.config.webOrigins, credentials: false },
      pingInterval: 20_000,
      pingTimeout: 20_000,
      // a connection that has not completed an authenticated handshake by then is closed
      connectTimeout: this.config.limits.socketConnectTimeoutMs,
      serveClient: false,
    } as ServerOptions);
    if (this.adapter) server.adapter(this.adapter);
    framesInOneBuffer(server.of('/').adapter);
    return server;
  }
}

/** What a broadcast's packet options carry once the adapter has encoded it (socket.io-adapter ≥ 2.5, not typed). */
interface BroadcastEncoder {
  _encode(packet: unknown, packetOpts: { wsPreEncodedFrame?: Buffer[] }): unknown[];
}

/**
 * A broadcast is encoded once, and for WebSocket clients framed once too (`wsPreEncodedFrame`): a header buffer and
 * the data buffer, which ws writes to each socket as cork, two writes, uncork, one `writev`. Joined into one buffer,
 * once per broadcast, each recipient costs one plain `write` instead: in a probe of 10 loopback sockets receiving
 * 400-byte frames, 8.5–8.9 µs of CPU per write against 9.9–10.0. The adapter's method is wrapped on its instance, so
 * the in-memory and the Redis adapter (which broadcasts what it receives through the same method) both get it.
 */
export function framesInOneBuffer(adapter: unknown): void {
  const encoder = adapter as Partial<BroadcastEncoder>;
  const encode = encoder._encode;
  if (typeof encode !== 'function') return;
  encoder._encode = function (packet, packetOpts) {
    const encoded = encode.call(this, packet, packetOpts);
    const frame = packetOpts.wsPreEncodedFrame;
    if (frame?.length === 2) packetOpts.wsPreEncodedFrame = [Buffer.concat(frame)];
    return encoded;
  };
}

export type RedisAdapter = ServerOptions['adapter'];

/** The Socket.IO Redis adapter over this pub/sub pair (its library is loaded only when Redis is configured). */
export async function redisAdapter(config: AppConfig, pub: RedisClient, sub: RedisClient): Promise<RedisAdapter> {
  const { createAdapter, createShardedAdapter } = await import('@socket.io/redis-adapter');
  return config.redisPubSub === 'sharded'
    ? createShardedAdapter(pub, sub, { channelPrefix: 'chat-io', subscriptionMode: 'dynamic' })
    : createAdapter(publishingSafely(pub), sub, { key: 'chat-io' });
}

/**
 * The client with a `publish` that never rejects. The classic adapter publishes without handling the promise, so a
 * broadcast on the wire when Redis goes away (its reply lost with the connection) would be an unhandled rejection,
 * which ends a Node process; such a broadcast is lost either way, as it is while Redis is unreachable.
 */
function publishingSafely(client: RedisClient): RedisClient {
  const logger = new Logger('Redis');
  const publish = (channel: string, message: string | Buffer) =>
    client.publish(channel, message).catch((err: unknown) => {
      logger.warn({ err }, 'a broadcast to the other processes was lost with its Redis connection');
      return 0;
    });
  const bound = new Map<PropertyKey, unknown>([['publish', publish]]);
  return new Proxy(client, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      // the client's methods read its private fields, which a proxy as `this` does not have
      if (!bound.has(key)) bound.set(key, value.bind(target));
      return bound.get(key);
    },
  });
}
