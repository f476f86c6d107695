import { Injectable } from '@nestjs/common';
import type { FriendRequest, User } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { authorizeAnswer, type RequestAction, STATUS_AFTER } from '../../common/pending-request.js';
import { UsersService } from '../users/users.service.js';
import type { FriendRequestEntity } from './entities/friend-request.entity.js';
import { toFriendRequest } from './friend-request.mapper.js';
import { FriendshipsRepository } from './friendships.repository.js';
import { PeopleService } from './people.service.js';

const WORDS = {
  name: 'Friend request',
  recipientOnly: 'Only the recipient can answer a request',
  senderOnly: 'Only the sender can cancel a request',
};

/** Friend requests and friendships. */
@Injectable()
export class FriendshipsService {
  constructor(
    private readonly friendships: FriendshipsRepository,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly events: DomainEvents,
  ) {}

  areFriends(x: string, y: string): Promise<boolean> {
    return this.friendships.areFriends(x, y);
  }

  friendIds(userId: string): Promise<string[]> {
    return this.friendships.friendIds(userId);
  }

  async listFriends(userId: string): Promise<User[]> {
    const users = await this.people.present(userId, await this.users.findByIds(await this.friendIds(userId)));
    return users.sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** Sends a request; a pending request from the other user is accepted instead (crossing requests). */
  async sendRequest(me: string, userId: string): Promise<FriendRequest> {
    if (me === userId) throw AppException.validation('userId', 'cannot be yourself');
    await this.users.get(userId);
    // a block (either way) refuses the request before anything else: nothing stored, nobody told
    if (await this.friendships.blockedBetween(me, userId)) throw blockedRequest();
    if (await this.areFriends(me, userId)) throw AppException.conflict('You are already friends');
    const crossing = await this.friendships.findPendingFrom(userId, me);
    if (crossing) return this.respond(me, crossing.id, 'accept');
    let saved: FriendRequestEntity | null;
    try {
      saved = await this.friendships.insertRequest(me, userId);
    } catch (err) {
      if (isUniqueViolation(err, 'friend_requests_pending_pair_key')) throw AppException.conflict('A friend request is already pending');
      throw err;
    }
    if (!saved) throw blockedRequest(); // blocked meanwhile
    this.events.emit('friendship.requested', { request: await this.present(userId, saved) });
    return this.present(me, saved);
  }

  async listPending(me: string, direction: 'incoming' | 'outgoing'): Promise<FriendRequest[]> {
    const rows = await this.friendships.listPending(me, direction);
    const users = await this.people.byId(
      me,
      rows.flatMap((r) => [r.fromId, r.toId]),
    );
    return rows.map((r) => toFriendRequest(r, users));
  }

  /**
   * Accept and reject belong to the recipient, cancel to the sender. A request that does not involve the caller is
   * 404; the other party's action is 403; a request no longer pending is 409.
   */
  async respond(me: string, requestId: string, action: RequestAction): Promise<FriendRequest> {
    const request = authorizeAnswer(await this.friendships.findRequest(requestId), me, action, WORDS);
    const updated = await this.friendships.answer(request, STATUS_AFTER[action]);
    if (!updated) throw AppException.conflict(`This request is already ${request.status}`);
    if (action === 'accept') {
      const [accepter] = await this.people.present(request.fromId, [await this.users.get(me)]);
      this.events.emit('friendship.accepted', { by: me, request: await this.present(request.fromId, updated), accepter: accepter! });
    } else {
      // The other party's pending list changes too: they get the request with its new status.
      const other = me === request.fromId ? request.toId : request.fromId;
      this.events.emit('friendship.request-closed', { notify: other, request: await this.present(other, updated) });
    }
    return this.present(me, updated);
  }

  async unfriend(me: string, userId: string): Promise<void> {
    if (!(await this.friendships.deleteFriendship(me, userId))) throw AppException.notFound('Friend');
    this.events.emit('friendship.removed', { by: me, other: userId });
  }

  /** A deleted account's friendships and pending requests end; each other side is told (`friend:removed`, the request closed). */
  async forgetUser(userId: string): Promise<void> {
    const { friendIds, closed } = await this.friendships.forgetUser(userId);
    for (const other of friendIds) this.events.emit('friendship.removed', { by: userId, other });
    for (const request of closed) {
      const other = request.fromId === userId ? request.toId : request.fromId;
      this.events.emit('friendship.request-closed', { notify: other, request: await this.present(other, request) });
    }
  }

  private async present(viewerId: string, request: FriendRequestEntity): Promise<FriendRequest> {
    return toFriendRequest(request, await this.people.byId(viewerId, [request.fromId, request.toId]));
  }
}

function blockedRequest(): AppException {
  return AppException.forbidden('You cannot send this person a friend request');
}
