import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { REDIS, type RedisClient } from '../../common/redis.js';

const NODES = 'presence:nodes';
const userKey = (userId: string) => `presence:u:${userId}`;
const HEARTBEAT_MS = 10_000;
const NODE_TTL_MS = 35_000;

/**
 * Counts connected sockets per user. Without Redis the counts live in this process. With Redis each process
 * keeps its count in a hash per user (field = process id) and a heartbeat in a sorted set; a process that stops
 * heartbeating (killed) is ignored after 35 s, so its users do not stay online for ever.
 */
@Injectable()
export class PresenceStore implements OnModuleInit, OnModuleDestroy {
  private readonly counts = new Map<string, number>();
  private readonly nodeId = randomUUID();
  private heartbeat?: NodeJS.Timeout;

  constructor(@Optional() @Inject(REDIS) private readonly redis: RedisClient | null) {}

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeat);
    if (!this.redis?.isOpen) return;
    await this.redis.zRem(NODES, this.nodeId).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    await this.redis!.zAdd(NODES, { score: Date.now(), value: this.nodeId });
  }

  /** Adds one socket; returns the user's socket count across every process. */
  async add(userId: string): Promise<number> {
    if (!this.redis) {
      const n = (this.counts.get(userId) ?? 0) + 1;
      this.counts.set(userId, n);
      return n;
    }
    await this.redis.hIncrBy(userKey(userId), this.nodeId, 1);
    return this.total(userId);
  }

  /** Removes one socket; returns the user's remaining count across every process. */
  async remove(userId: string): Promise<number> {
    if (!this.redis) {
      const n = Math.max(0, (this.counts.get(userId) ?? 0) - 1);
      if (n === 0) this.counts.delete(userId);
      else this.counts.set(userId, n);
      return n;
    }
    const left = await this.redis.hIncrBy(userKey(userId), this.nodeId, -1);
    if (left <= 0) await this.redis.hDel(userKey(userId), this.nodeId);
    return this.total(userId);
  }

  async online(userIds: string[]): Promise<Set<string>> {
    if (!this.redis) return new Set(userIds.filter((id) => this.counts.has(id)));
    if (userIds.length === 0) return new Set();
    const [alive, hashes] = await Promise.all([this.aliveNodes(), Promise.all(userIds.map((id) => this.redis!.hGetAll(userKey(id))))]);
    return new Set(userIds.filter((_id, i) => this.sum(hashes[i]!, alive) > 0));
  }

  private async total(userId: string): Promise<number> {
    const [alive, hash] = await Promise.all([this.aliveNodes(), this.redis!.hGetAll(userKey(userId))]);
    return this.sum(hash, alive);
  }

  private sum(hash: Record<string, string>, alive: Set<string>): number {
    let n = 0;
    for (const [node, count] of Object.entries(hash)) if (alive.has(node)) n += Math.max(0, Number(count));
    return n;
  }

  private async aliveNodes(): Promise<Set<string>> {
    const nodes = await this.redis!.zRangeByScore(NODES, Date.now() - NODE_TTL_MS, '+inf');
    return new Set(nodes.map(String));
  }
}
