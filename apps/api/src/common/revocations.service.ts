import { Global, Inject, Injectable, Logger, Module, Optional } from '@nestjs/common';
import { REDIS, type RedisClient } from './redis.js';

/**
 * A user's revocation version: it moves whenever something the user's sockets hold may have been taken away (a
 * session ended, a room left or kicked from). `null` means "unknown" (Redis unreachable): it never equals a version,
 * so a socket holding it checks again.
 */
export type RevocationVersion = string | null;

const versionKey = (userId: string) => `revoked:u:${userId}`;
/** How long a bump waits for Redis before the request goes on (the command stays queued and runs on reconnect). */
const BUMP_WAIT_MS = 1000;

/**
 * Per-user revocation versions, so a socket can tell that it missed a revocation. Kicks and logouts reach other
 * processes' sockets through the Socket.IO adapter's pub/sub, which is fire-and-forget: a message lost on the way
 * leaves a socket in a room it was kicked from, or open after its session ended. So every such change also bumps the
 * user's version (after its transaction committed, before the pub/sub message), and each socket compares the version
 * it last checked against the current one on every incoming event; when it moved, the socket re-reads its session and
 * its rooms before acting.
 *
 * With `REDIS_URL` the versions are Redis counters (`INCR`, shared by every process; no expiry, one small key per user
 * ever revoked); without it there is one process, and they live in its memory.
 */
@Injectable()
export class RevocationsService {
  private readonly logger = new Logger('Revocations');
  private readonly local = new Map<string, number>();
  /** Reads of one user's version already on their way (a burst of events costs one round trip). */
  private readonly reading = new Map<string, Promise<RevocationVersion>>();

  constructor(@Optional() @Inject(REDIS) private readonly redis: RedisClient | null) {}

  /** Moves the versions of these users. Call after the change committed and before announcing it. */
  async bump(userIds: string[]): Promise<void> {
    const ids = [...new Set(userIds)];
    if (!this.redis) {
      for (const id of ids) this.local.set(id, (this.local.get(id) ?? 0) + 1);
      return;
    }
    // node-redis queues commands while it reconnects: a bump during an outage is not lost, it runs once Redis is back
    // (sockets meanwhile read "unknown" and check every event). The request does not wait for that.
    const sent = Promise.all(ids.map((id) => this.redis!.incr(versionKey(id)))).then(
      () => 'done' as const,
      (err: unknown) => this.logger.error({ err, userIds: ids }, 'revocation bump failed'),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), BUMP_WAIT_MS)));
    if ((await Promise.race([sent, late])) === 'late') this.logger.warn({ userIds: ids }, 'revocation bump queued: Redis is not answering');
    clearTimeout(timer);
  }

  /** The user's current version; null when it cannot be known now (Redis unreachable). */
  current(userId: string): Promise<RevocationVersion> {
    if (!this.redis) return Promise.resolve(String(this.local.get(userId) ?? 0));
    if (!this.redis.isReady) return Promise.resolve(null);
    let read = this.reading.get(userId);
    if (!read) {
      read = this.redis.get(versionKey(userId)).then(
        (v) => v ?? '0',
        () => null,
      );
      this.reading.set(userId, read);
      void read.finally(() => this.reading.delete(userId));
    }
    return read;
  }
}

/** The revocation versions, available to every module (the ground floor, like the rate limits). */
@Global()
@Module({ providers: [RevocationsService], exports: [RevocationsService] })
export class RevocationsModule {}
