import { Injectable } from '@nestjs/common';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { PresenceStore } from '../users/presence.store.js';
import { UsersService } from '../users/users.service.js';
import { RealtimeService } from './realtime.service.js';

/**
 * A user is online while any of their sockets is connected, on any API process (the count is kept by the users
 * module's PresenceStore, which answers `online` when users are presented). Going online or offline is announced to
 * their friends and co-members; going offline stamps `last_seen_at`.
 */
@Injectable()
export class PresenceService {
  /** Per user, the tail of their pending announcements (see `inOrder`). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: PresenceStore,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly rooms: RoomAccessService,
    private readonly realtime: RealtimeService,
  ) {}

  async connected(userId: string): Promise<void> {
    const count = await this.store.add(userId);
    if (count === 1) await this.inOrder(userId, () => this.announce(userId, true, null));
  }

  async disconnected(userId: string): Promise<void> {
    const count = await this.store.remove(userId);
    if (count > 0) return;
    await this.inOrder(userId, async () => {
      const lastSeenAt = new Date();
      await this.users.touchLastSeen(userId, lastSeenAt);
      await this.announce(userId, false, lastSeenAt.toISOString());
    });
  }

  /**
   * Runs a user's announcements one after another, in the order of their transitions: otherwise a socket that
   * connects and closes at once could have its "online" overtake its "offline", leaving friends with a stale online.
   */
  private inOrder(userId: string, task: () => Promise<void>): Promise<void> {
    const run = (this.queues.get(userId) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => undefined);
    this.queues.set(userId, tail);
    void tail.then(() => {
      if (this.queues.get(userId) === tail) this.queues.delete(userId);
    });
    return run;
  }

  private async announce(userId: string, online: boolean, lastSeenAt: string | null): Promise<void> {
    const [friends, coMembers] = await Promise.all([this.friendships.friendIds(userId), this.rooms.coMemberIds(userId)]);
    const audience = [...new Set([...friends, ...coMembers])];
    if (online) lastSeenAt = (await this.users.get(userId)).lastSeenAt?.toISOString() ?? null;
    this.realtime.toUser(audience, 'presence', { userId, online, lastSeenAt });
  }
}
