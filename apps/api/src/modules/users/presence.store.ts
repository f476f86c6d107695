import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { REDIS, type RedisClient } from '../../common/redis.js';

const NODES = 'presence:nodes';
const userKey = (userId: string) => `presence:u:${userId}`;
const HEARTBEAT_MS = 10_000;
const NODE_TTL_MS = 35_000;

/** How long the set of live processes read from Redis is reused (it changes on the scale of NODE_TTL_MS). */
const ALIVE_CACHE_MS = 1000;

/**
 * Counts connected sockets per user. Each process counts its own sockets; without Redis that is the whole truth.
 * With Redis each process also keeps its count in a hash per user (field = process id) and a heartbeat in a sorted
 * set; a process that stops heartbeating (killed) is ignored after 35 s, so its users do not stay online for ever.
 * A user with a socket on this process is online without asking Redis (every message's sender, for one).
 */
@Injectable()
export class PresenceStore implements OnModuleInit, OnModuleDestroy {
  private readonly counts = new Map<string, number>();
  private readonly nodeId = randomUUID();
  private heartbeat?: NodeJS.Timeout;
  private alive: { nodes: Promise<Set<string>>; at: number } | null = null;

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
    const n = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, n);
    if (!this.redis) return n;
    await this.redis.hIncrBy(userKey(userId), this.nodeId, 1);
    return this.total(userId);
  }

  /** Removes one socket; returns the user's remaining count across every process. */
  async remove(userId: string): Promise<number> {
    const n = Math.max(0, (this.counts.get(userId) ?? 0) - 1);
    if (n === 0) this.counts.delete(userId);
    else this.counts.set(userId, n);
    if (!this.redis) return n;
    const left = await this.redis.hIncrBy(userKey(userId), this.nodeId, -1);
    if (left <= 0) await this.redis.hDel(userKey(userId), this.nodeId);
    return this.total(userId);
  }

  async online(userIds: string[]): Promise<Set<string>> {
    const here = new Set(userIds.filter((id) => this.counts.has(id)));
    const elsewhere = userIds.filter((id) => !here.has(id));
    if (!this.redis || elsewhere.length === 0) return here;
    const [alive, hashes] = await Promise.all([this.aliveNodes(), Promise.all(elsewhere.map((id) => this.redis!.hGetAll(userKey(id))))]);
    elsewhere.forEach((id, i) => {
      if (this.sum(hashes[i]!, alive) > 0) here.add(id);
    });
    return here;
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

  private aliveNodes(): Promise<Set<string>> {
    const now = Date.now();
    if (this.alive && now - this.alive.at < ALIVE_CACHE_MS) return this.alive.nodes;
    const nodes = this.redis!.zRangeByScore(NODES, now - NODE_TTL_MS, '+inf').then((ids) => new Set(ids.map(String)));
    this.alive = { nodes, at: now };
    nodes.catch(() => {
      if (this.alive?.nodes === nodes) this.alive = null;
    });
    return nodes;
  }
}
