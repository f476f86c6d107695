import type { INestApplicationContext } from '@nestjs/common';
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
    return server;
  }
}

export type RedisAdapter = ServerOptions['adapter'];

/** The Socket.IO Redis adapter over this pub/sub pair (its library is loaded only when Redis is configured). */
export async function redisAdapter(config: AppConfig, pub: RedisClient, sub: RedisClient): Promise<RedisAdapter> {
  const { createAdapter, createShardedAdapter } = await import('@socket.io/redis-adapter');
  return config.redisPubSub === 'sharded'
    ? createShardedAdapter(pub, sub, { channelPrefix: 'chat-io', subscriptionMode: 'dynamic' })
    : createAdapter(pub, sub, { key: 'chat-io' });
}
