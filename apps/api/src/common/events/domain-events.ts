import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import type { FriendRequest, Member, Message, Notification, ReactionUpdate, ReportAction, User } from '@chat/contracts';

/** The room a message was posted in, as listeners need it (read by the statement that stored the message). */
export interface PostedIn {
  kind: 'group' | 'direct';
  name: string;
  directKey: string | null;
}

/**
 * Every domain event of the API: its name and its payload. A module announces what happened through `DomainEvents`
 * after its transaction committed; the modules that care (realtime fan-out, notifications, …) subscribe with
 * `@OnDomainEvent`. The emitter does not know its listeners, and a listener's failure is logged, never thrown back
 * to the emitter (`suppressErrors`).
 *
 * Payloads carry what listeners need without another query where the emitter has it at hand (a presented message, a
 * presented member); otherwise ids.
 */
export interface DomainEventMap {
  /** Sessions ended (logout, revoke, password change or reset): their live connections close. */
  'session.revoked': { sessionIds: string[] };

  /** A friend request was sent; `request` as its recipient sees it. */
  'friendship.requested': { request: FriendRequest };
  /** A friend request was accepted by `by`; `request` and `accepter` as the request's sender sees them. */
  'friendship.accepted': { by: string; request: FriendRequest; accepter: User };
  /** A friend request was rejected or cancelled; `request` as `notify` (the other party) sees it. */
  'friendship.request-closed': { notify: string; request: FriendRequest };
  /** `by` ended the friendship with `other`. */
  'friendship.removed': { by: string; other: string };
  /** `by` blocked `blocked` (who from now on sees them offline), or lifted that block. */
  'user.blocked': { by: string; blocked: string };
  'user.unblocked': { by: string; blocked: string };

  /** A group room was created by `userId`, its first member. */
  'room.created': { roomId: string; userId: string };
  /** A room's settings changed (`by` changed them). */
  'room.updated': { roomId: string; by: string };
  /** A room was deleted; `memberIds` were its members. */
  'room.deleted': { roomId: string; memberIds: string[] };
  /** A user joined a room (joined, accepted an invite), or a member's role changed; `member` as presented. */
  'room.member-joined': { roomId: string; member: Member };
  'room.member-role-changed': { roomId: string; member: Member };
  /** A member left (`kicked`: removed by an admin, or banned). `roomDeleted`: they were the last member and the room is gone. */
  'room.member-left': { roomId: string; userId: string; kicked: boolean; roomDeleted: boolean };
  /** A user was invited to a group room. */
  'room.invited': { inviteId: string; roomId: string; roomName: string; fromId: string; fromName: string; toId: string };
  /** A direct room was created by `openedBy` with `otherId`. */
  'room.direct-opened': { roomId: string; openedBy: string; otherId: string };
  /** A member's read marker moved. */
  'room.read': { roomId: string; userId: string; seq: number };

  /** A message was stored (presented as every member sees it but the sender: `friendship: 'none'`). */
  'message.created': { message: Message; room: PostedIn };
  'message.updated': { message: Message };
  'message.deleted': { roomId: string; id: string; seq: number };
  /** A user's reaction changed (`on`: added); `count` is the emoji's count on the message after it. */
  'reaction.changed': ReactionUpdate;

  /** A report was resolved by `by` with `action`; its reporter is told. */
  'report.resolved': { reportId: string; reporterId: string; by: string; action: ReportAction };

  /**
   * A notification was stored for `userId`. A direct message or mention carries `message`: a title and the message's
   * text for pushes and mails, and whether the user muted the room.
   */
  'notification.created': { userId: string; notification: Notification; message?: NotifiedMessage };
  /** Notifications of `userId` were marked read (by hand, or by a read marker passing their message). */
  'notification.read': { userId: string; ids: string[]; readAt: string };
}

/** What a push or a mail about a message notification needs besides the notification. */
export interface NotifiedMessage {
  title: string;
  body: string;
  seq: number;
  roomMuted: boolean;
  /** The sender's avatar (`/api/files/<id>/content`), or null. */
  senderAvatarUrl: string | null;
}

export type DomainEventName = keyof DomainEventMap;

/** Emits domain events, typed by `DomainEventMap`. Emit after the transaction that made the change committed. */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<E extends DomainEventName>(event: E, payload: DomainEventMap[E]): void {
    this.emitter.emit(event, payload);
  }
}

/** Subscribes a provider method to a domain event; the method's parameter is typed by the event's payload. */
export function OnDomainEvent<E extends DomainEventName>(event: E) {
  const decorate = OnEvent(event, { suppressErrors: true });
  return <M extends (payload: DomainEventMap[E]) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    decorate(target, key, descriptor);
  };
}

/** The event bus, available to every module (registered once, at the ground floor, like configuration). */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: false, global: false })],
  providers: [DomainEvents],
  exports: [DomainEvents],
})
export class DomainEventsModule {}
