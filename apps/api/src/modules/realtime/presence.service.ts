import { Injectable, Logger, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { BlocksService } from '../friendships/blocks.service.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { PresenceStore } from '../users/presence.store.js';
import { UsersService } from '../users/users.service.js';
import { RealtimeService } from './realtime.service.js';

/** Announcements of one user's presence are at least this far apart. */
export const PRESENCE_COALESCE_MS = 1000;
const COALESCE_MS = PRESENCE_COALESCE_MS;

/** What was announced at the start of a window, and the state the user is in now. */
interface PresenceWindow {
  announced: boolean;
  state: boolean;
  timer: NodeJS.Timeout;
}

/**
 * A user is online while any of their sockets is connected, on any API process (the count is kept by the users
 * module's PresenceStore, which answers `online` when users are presented). Going online or offline is announced to
 * their friends and co-members but those they blocked; going offline stamps `last_seen_at`.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  /** Per user, the tail of their pending announcements (see `inOrder`). */
  private readonly queues = new Map<string, Promise<void>>();
  /** Per user, the window of their last announcement (see `changed`). */
  private readonly windows = new Map<string, PresenceWindow>();
  private closing = false;

  constructor(
    private readonly store: PresenceStore,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly blocks: BlocksService,
    private readonly rooms: RoomAccessService,
    private readonly realtime: RealtimeService,
  ) {}

  async connected(userId: string): Promise<void> {
    if ((await this.store.add(userId)) === 1) await this.changed(userId, true);
  }

  async disconnected(userId: string): Promise<void> {
    if ((await this.store.remove(userId)) === 0) await this.changed(userId, false);
  }

  /**
   * At most one announcement per user per COALESCE_MS: a transition inside the window of the last announcement is
   * announced when the window ends, as the state the user is in then (nothing when they are back where they were).
   * So a client that connects and disconnects in a loop costs its audience one event a second at most.
   */
  private changed(userId: string, online: boolean): Promise<void> {
    const window = this.windows.get(userId);
    if (!window || this.closing) return this.publish(userId, online);
    window.state = online;
    return Promise.resolve();
  }

  private publish(userId: string, online: boolean): Promise<void> {
    const window: PresenceWindow = {
      announced: online,
      state: online,
      timer: setTimeout(() => this.endWindow(userId, window), COALESCE_MS),
    };
    window.timer.unref();
    clearTimeout(this.windows.get(userId)?.timer);
    this.windows.set(userId, window);
    return this.inOrder(userId, async () => {
      if (online) return this.announce(userId, true, null);
      const lastSeenAt = new Date();
      await this.users.touchLastSeen(userId, lastSeenAt);
      await this.announce(userId, false, lastSeenAt.toISOString());
    });
  }

  /**
   * Shutting down (before the sockets close): the windows end now, and the disconnects of the closing sockets are
   * announced at once, while the database is still there to stamp `last_seen_at`.
   */
  onModuleDestroy(): void {
    this.closing = true;
    for (const [userId, window] of [...this.windows]) {
      clearTimeout(window.timer);
      this.endWindow(userId, window);
    }
  }

  /**
   * After the sockets closed (the server is disposed before this hook) and before the database goes (this module
   * shuts down before TypeORM's, which it imports): the last announcements and `last_seen_at` stamps finish.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }

  private endWindow(userId: string, window: PresenceWindow): void {
    if (this.windows.get(userId) !== window) return;
    this.windows.delete(userId);
    if (window.state !== window.announced) {
      this.publish(userId, window.state).catch((err: unknown) => this.logger.error({ err }, 'presence update failed'));
    }
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

  /**
   * To the user's friends and to the channels of their rooms, whose subscribers are their co-members (a channel per
   * room rather than one per co-member: a member of a 10,000-member room going offline is one emission, not a list
   * of 10,000 read from the database and resolved channel by channel, a cost every member of that room paid at each
   * connect and disconnect, so a burst of reconnects stalled the process for seconds).
   */
  private async announce(userId: string, online: boolean, lastSeenAt: string | null): Promise<void> {
    const [friends, roomIds, blocked] = await Promise.all([
      this.friendships.friendIds(userId),
      this.rooms.roomIdsOf(userId),
      this.blocks.blockedIds(userId),
    ]);
    if (online) lastSeenAt = (await this.users.get(userId)).lastSeenAt?.toISOString() ?? null;
    // never to the user's own sockets; whoever the user blocked sees them offline: they hear none of it
    this.realtime.toUsersAndRooms({ userIds: friends, roomIds, exceptUserIds: [userId, ...blocked] }, 'presence', {
      userId,
      online,
      lastSeenAt,
    });
  }
}
