import { Logger } from '@nestjs/common';
import type { RedisClientType } from 'redis';

export type RedisClient = RedisClientType;
/** The shared-state client, or null without REDIS_URL. */
export const REDIS = Symbol('REDIS');
/** Every client the app opened, closed at shutdown. */
export const REDIS_CLIENTS = Symbol('REDIS_CLIENTS');

/** Connects a Redis client (node-redis) with reconnects and logged errors. */
export async function connectRedis(url: string, name: string): Promise<RedisClient> {
  const logger = new Logger('Redis');
  // loaded only when Redis is configured (a fifth of a second of start-up otherwise spent for nothing)
  const { createClient } = await import('redis');
  const client = createClient({ url, name, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 3000) } });
  client.on('error', (err: unknown) => logger.warn({ err, client: name }, 'redis client error'));
  await client.connect();
  return client as unknown as RedisClient;
}
