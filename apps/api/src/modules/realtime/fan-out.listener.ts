import { Injectable } from '@nestjs/common';
import { type DomainEventMap, OnDomainEvent } from '../../common/events/domain-events.js';
import { RoomViewsService } from '../room-views/room-views.service.js';
import { UsersService } from '../users/users.service.js';
import { RealtimeService } from './realtime.service.js';

/**
 * Domain events → socket events: who hears what, in one place. Channel subscriptions change first, synchronously,
 * so a socket subscribed by a join hears the room's next message.
 */
@Injectable()
export class FanOut {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly rooms: RoomViewsService,
    private readonly users: UsersService,
  ) {}

  @OnDomainEvent('session.revoked')
  sessionRevoked({ sessionIds }: DomainEventMap['session.revoked']): void {
    this.realtime.disconnectSessions(sessionIds);
  }

  // ---- friends ----

  @OnDomainEvent('friendship.requested')
  friendRequested({ request }: DomainEventMap['friendship.requested']): void {
    this.realtime.toUser(request.to.id, 'friend:request', request);
  }

  @OnDomainEvent('friendship.accepted')
  friendAccepted({ request, accepter }: DomainEventMap['friendship.accepted']): void {
    this.realtime.toUser(request.from.id, 'friend:accepted', accepter);
  }

  @OnDomainEvent('friendship.request-closed')
  friendRequestClosed({ notify, request }: DomainEventMap['friendship.request-closed']): void {
    this.realtime.toUser(notify, 'friend:request', request);
  }

  @OnDomainEvent('friendship.removed')
  unfriended({ by, other }: DomainEventMap['friendship.removed']): void {
    this.realtime.toUser(other, 'friend:removed', { userId: by });
  }

  /** The blocked user sees the blocker go offline; once unblocked, as they are. */
  @OnDomainEvent('user.blocked')
  async blocked({ by, blocked }: DomainEventMap['user.blocked']): Promise<void> {
    const { lastSeenAt } = await this.users.get(by);
    this.realtime.toUser(blocked, 'presence', { userId: by, online: false, lastSeenAt: lastSeenAt?.toISOString() ?? null });
  }

  @OnDomainEvent('user.unblocked')
  async unblocked({ by, blocked }: DomainEventMap['user.unblocked']): Promise<void> {
    const [{ lastSeenAt }, online] = await Promise.all([this.users.get(by), this.users.onlineUsers([by])]);
    this.realtime.toUser(blocked, 'presence', { userId: by, online: online.has(by), lastSeenAt: lastSeenAt?.toISOString() ?? null });
  }

  // ---- rooms ----

  @OnDomainEvent('room.created')
  roomCreated({ roomId, userId }: DomainEventMap['room.created']): void {
    this.realtime.subscribe([userId], roomId);
  }

  /** Members see the room's shared fields; their own (role, marker, unread) they keep from their list. */
  @OnDomainEvent('room.updated')
  async roomUpdated({ roomId, by }: DomainEventMap['room.updated']): Promise<void> {
    const room = await this.rooms.get(roomId, by);
    this.realtime.toRoom(roomId, 'room:updated', { ...room, myRole: null, myReadSeq: 0, unreadCount: 0, mentionCount: 0 });
  }

  @OnDomainEvent('room.deleted')
  roomDeleted({ roomId, memberIds }: DomainEventMap['room.deleted']): void {
    this.realtime.toUser(memberIds, 'room:removed', { roomId });
    this.realtime.closeRoom(roomId);
  }

  @OnDomainEvent('room.member-joined')
  memberJoined({ roomId, member }: DomainEventMap['room.member-joined']): void {
    this.realtime.subscribe([member.user.id], roomId);
    this.realtime.toRoom(roomId, 'room:member-joined', { roomId, member });
  }

  @OnDomainEvent('room.member-role-changed')
  roleChanged({ roomId, member }: DomainEventMap['room.member-role-changed']): void {
    this.realtime.toRoom(roomId, 'room:member-joined', { roomId, member });
  }

  @OnDomainEvent('room.member-left')
  memberLeft({ roomId, userId, kicked, roomDeleted }: DomainEventMap['room.member-left']): void {
    this.realtime.unsubscribe([userId], roomId);
    if (roomDeleted || kicked) this.realtime.toUser(userId, 'room:removed', { roomId });
    if (!roomDeleted) this.realtime.toRoom(roomId, 'room:member-left', { roomId, userId });
  }

  /** Both sockets subscribe; the other member learns of the conversation at once, as they see it. */
  @OnDomainEvent('room.direct-opened')
  async directOpened({ roomId, openedBy, otherId }: DomainEventMap['room.direct-opened']): Promise<void> {
    this.realtime.subscribe([openedBy, otherId], roomId);
    this.realtime.toUser(otherId, 'room:updated', await this.rooms.get(roomId, otherId));
  }

  @OnDomainEvent('room.read')
  read({ roomId, userId, seq }: DomainEventMap['room.read']): void {
    this.realtime.toRoom(roomId, 'room:read', { roomId, userId, seq });
  }

  // ---- messages ----

  @OnDomainEvent('message.created')
  messageCreated({ message }: DomainEventMap['message.created']): void {
    this.realtime.toRoom(message.roomId, 'message:new', message);
  }

  @OnDomainEvent('message.updated')
  messageUpdated({ message }: DomainEventMap['message.updated']): void {
    this.realtime.toRoom(message.roomId, 'message:updated', message);
  }

  @OnDomainEvent('message.deleted')
  messageDeleted(payload: DomainEventMap['message.deleted']): void {
    this.realtime.toRoom(payload.roomId, 'message:deleted', payload);
  }

  /** One emission to the room's channel: Socket.IO encodes it once for every member, no query per recipient. */
  @OnDomainEvent('reaction.changed')
  reactionChanged(payload: DomainEventMap['reaction.changed']): void {
    this.realtime.toRoom(payload.roomId, 'reaction:updated', payload);
  }

  @OnDomainEvent('notification.created')
  notification({ userId, notification }: DomainEventMap['notification.created']): void {
    this.realtime.toUser(userId, 'notification:new', notification);
  }

  @OnDomainEvent('notification.read')
  notificationRead({ userId, ids, readAt }: DomainEventMap['notification.read']): void {
    this.realtime.toUser(userId, 'notification:read', { ids, readAt });
  }
}
