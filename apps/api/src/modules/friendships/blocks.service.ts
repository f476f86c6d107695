import { Injectable } from '@nestjs/common';
import type { User } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { UsersService } from '../users/users.service.js';
import { toFriendRequest } from './friend-request.mapper.js';
import { FriendshipsRepository } from './friendships.repository.js';
import { PeopleService } from './people.service.js';

/**
 * Blocks between users. A block ends the pair's friendship and pending requests; while it stands the blocked user
 * cannot send the blocker a friend request, a room invite or a direct message (the friendships, invites and direct
 * rooms rules ask `blockedBetween`), sees the blocker offline (`PeopleService`) and notifies them of nothing
 * (`NotificationsService`).
 */
@Injectable()
export class BlocksService {
  constructor(
    private readonly friendships: FriendshipsRepository,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly events: DomainEvents,
  ) {}

  /** Blocks a user (again: nothing changes). The other party hears that the friendship or their request ended. */
  async block(me: string, userId: string): Promise<void> {
    if (me === userId) throw AppException.validation('id', 'cannot be yourself');
    await this.users.get(userId);
    const { friendshipEnded, closed } = await this.friendships.block(me, userId);
    for (const request of closed) {
      const users = await this.people.byId(userId, [request.fromId, request.toId]);
      this.events.emit('friendship.request-closed', { notify: userId, request: toFriendRequest(request, users) });
    }
    if (friendshipEnded) this.events.emit('friendship.removed', { by: me, other: userId });
    this.events.emit('user.blocked', { by: me, blocked: userId });
  }

  /** Lifts a block (none: nothing changes). */
  async unblock(me: string, userId: string): Promise<void> {
    if (me === userId) throw AppException.validation('id', 'cannot be yourself');
    if (await this.friendships.unblock(me, userId)) this.events.emit('user.unblocked', { by: me, blocked: userId });
  }

  /** The users the caller blocked, the latest first. */
  async list(me: string): Promise<User[]> {
    const ids = await this.friendships.blockedIds(me);
    const users = await this.people.byId(me, ids);
    return ids.flatMap((id) => users.get(id) ?? []);
  }

  /** Whether either of the two blocked the other. */
  blockedBetween(x: string, y: string): Promise<boolean> {
    return this.friendships.blockedBetween(x, y);
  }

  /** Whether `blocker` blocked `blocked`. */
  isBlocked(blockerId: string, blockedId: string): Promise<boolean> {
    return this.friendships.isBlocked(blockerId, blockedId);
  }

  /** Users the blocker blocked. */
  blockedIds(blockerId: string): Promise<string[]> {
    return this.friendships.blockedIds(blockerId);
  }
}
