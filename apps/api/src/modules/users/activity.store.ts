import { Inject, Injectable, Optional } from '@nestjs/common';
import { REDIS, type RedisClient } from '../../common/redis.js';

/** How long a client's `client:active { active: true }` counts: a user active within it gets no Web Push. */
export const ACTIVE_WINDOW_MS = 60_000;
const userKey = (userId: string) => `active:u:${userId}`;

/**
 * When each connected socket last reported itself active (`client:active`, sent by a client that has focus). A socket
 * that reports `false` or disconnects no longer counts. Each process keeps its own sockets in memory; with Redis it
 * also keeps, per user, a hash of socket id → time with a TTL of the window, so that every process agrees on who is
 * active (a killed process's entries end with the key's TTL).
 */
@Injectable()
export class ActivityStore {
  private readonly local = new Map<string, Map<string, number>>();

  constructor(@Optional() @Inject(REDIS) private readonly redis: RedisClient | null) {}

  async report(userId: string, socketId: string, active: boolean, now = Date.now()): Promise<void> {
    if (!active) return this.forget(userId, socketId);
    const sockets = this.local.get(userId) ?? new Map<string, number>();
    sockets.set(socketId, now);
    this.local.set(userId, sockets);
    if (!this.redis) return;
    await this.redis
      .multi()
      .hSet(userKey(userId), socketId, String(now))
      .pExpire(userKey(userId), ACTIVE_WINDOW_MS)
      .exec()
      .catch(() => undefined); // Redis down: this process still knows its own sockets
  }

  /** The socket lost focus or disconnected. */
  async forget(userId: string, socketId: string): Promise<void> {
    const sockets = this.local.get(userId);
    if (sockets) {
      sockets.delete(socketId);
      if (sockets.size === 0) this.local.delete(userId);
    }
    if (this.redis) await this.redis.hDel(userKey(userId), socketId).catch(() => undefined);
  }

  /** Whether some connected socket of the user reported itself active within the window. */
  async isActive(userId: string, now = Date.now()): Promise<boolean> {
    const recent = (at: number) => now - at < ACTIVE_WINDOW_MS;
    if ([...(this.local.get(userId)?.values() ?? [])].some(recent)) return true;
    if (!this.redis) return false;
    // Redis down: only this process's sockets count (a user active elsewhere may get a push)
    const hash = await this.redis.hGetAll(userKey(userId)).catch(() => ({}) as Record<string, string>);
    return Object.values(hash).some((v) => recent(Number(v)));
  }
}
