import { Injectable } from '@nestjs/common';

/** Counts connected sockets per user. This one is for a single process; the Redis store shares counts across processes. */
@Injectable()
export class PresenceStore {
  private readonly counts = new Map<string, number>();

  /** Adds one socket; returns the user's socket count across every process. */
  async add(userId: string): Promise<number> {
    const n = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, n);
    return n;
  }

  /** Removes one socket; returns the user's remaining count across every process. */
  async remove(userId: string): Promise<number> {
    const n = Math.max(0, (this.counts.get(userId) ?? 0) - 1);
    if (n === 0) this.counts.delete(userId);
    else this.counts.set(userId, n);
    return n;
  }

  async online(userIds: string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.counts.has(id)));
  }

  async close(): Promise<void> {}
}
