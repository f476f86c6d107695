import { Injectable } from '@nestjs/common';
import type { Message, Notification, NotificationType, ReportAction } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { type DomainEventMap, DomainEvents, OnDomainEvent } from '../../common/events/domain-events.js';
import { BlocksService } from '../friendships/blocks.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';
import type { NotificationEntity } from './entities/notification.entity.js';
import { toNotification } from './notification.mapper.js';
import { type NewNotification, NotificationsRepository } from './notifications.repository.js';

const PREVIEW = 120;
/** Distinct users one message may notify by mentions; the handles past it are ignored. */
export const MAX_MENTIONED = 20;

function preview(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > PREVIEW ? `${chars.slice(0, PREVIEW - 1).join('')}…` : chars.join('');
}

const REPORT_OUTCOME: Record<ReportAction, string> = {
  dismiss: 'Your report was reviewed: no action was needed',
  delete_message: 'Your report was reviewed: the message was deleted',
  ban_from_room: 'Your report was reviewed: the user was banned from the room',
  deactivate_user: 'Your report was reviewed: the account was deactivated',
};

type Draft = Omit<NewNotification, 'roomId' | 'messageId'> & { roomId?: string | null; messageId?: string | null };

/**
 * Stored for every friend request, acceptance, room invite and resolved report (to its reporter); for direct messages and `@username` mentions only
 * when the recipient is offline (online users see them live). Each new one is announced (`notification.created`),
 * which realtime pushes as `notification:new`. Nothing is stored from someone the recipient blocked.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly blocks: BlocksService,
    private readonly rooms: RoomAccessService,
    private readonly roomList: RoomsService,
    private readonly events: DomainEvents,
  ) {}

  @OnDomainEvent('friendship.requested')
  async onFriendRequest({ request: r }: DomainEventMap['friendship.requested']): Promise<void> {
    await this.create({
      userId: r.to.id,
      type: 'friend_request',
      actorId: r.from.id,
      text: `${r.from.displayName} sent you a friend request`,
    });
  }

  @OnDomainEvent('friendship.accepted')
  async onFriendAccepted({ by, request: r }: DomainEventMap['friendship.accepted']): Promise<void> {
    const actor = r.to.id === by ? r.to : r.from;
    const userId = r.to.id === by ? r.from.id : r.to.id;
    await this.create({ userId, type: 'friend_accepted', actorId: by, text: `${actor.displayName} accepted your friend request` });
  }

  @OnDomainEvent('room.invited')
  async onInvite(i: DomainEventMap['room.invited']): Promise<void> {
    await this.create({
      userId: i.toId,
      type: 'room_invite',
      actorId: i.fromId,
      roomId: i.roomId,
      text: `${i.fromName} invited you to ${i.roomName}`,
    });
  }

  /**
   * The reporter hears that their report was dealt with. The moderator stays anonymous: the notification's actor is
   * the reporter.
   */
  @OnDomainEvent('report.resolved')
  async onReportResolved({ reporterId, action }: DomainEventMap['report.resolved']): Promise<void> {
    await this.create({ userId: reporterId, type: 'report_resolved', actorId: reporterId, text: REPORT_OUTCOME[action] });
  }

  /** Direct messages notify the other member, mentions the mentioned members; only those who are offline. */
  @OnDomainEvent('message.created')
  async onMessage({ message: m, room }: DomainEventMap['message.created']): Promise<void> {
    if (m.deletedAt) return;
    let targets: Array<{ userId: string; type: NotificationType; text: string }>;
    if (room.kind === 'direct') {
      const others = (room.directKey?.split(':') ?? []).filter((id) => id !== m.sender.id);
      targets = others.map((userId) => ({
        userId,
        type: 'direct_message',
        text: `${m.sender.displayName}: ${preview(m.body || 'sent an attachment')}`,
      }));
    } else {
      const mentioned = await this.mentionTargets(m);
      const text = `${m.sender.displayName} mentioned you in ${room.name}: ${preview(m.body)}`;
      targets = mentioned.map((userId) => ({ userId, type: 'mention', text }));
    }
    if (targets.length === 0) return;
    const online = await this.users.onlineUsers(targets.map((t) => t.userId));
    for (const t of targets.filter((x) => !online.has(x.userId))) {
      await this.create({ ...t, actorId: m.sender.id, roomId: m.roomId, messageId: m.id });
    }
  }

  /**
   * Who a message's mentions notify, as the server resolved them at send time: the members it names, then for `@room`
   * every member and for `@here` the members online, never the sender, at most MAX_MENTIONED distinct users.
   */
  private async mentionTargets(m: Message): Promise<string[]> {
    const targets = new Set(m.mentions.userIds.filter((id) => id !== m.sender.id).slice(0, MAX_MENTIONED));
    if ((m.mentions.room || m.mentions.here) && targets.size < MAX_MENTIONED) {
      let members = (await this.rooms.memberIds(m.roomId)).filter((id) => id !== m.sender.id && !targets.has(id));
      if (!m.mentions.room) {
        const online = await this.users.onlineUsers(members);
        members = members.filter((id) => online.has(id));
      }
      for (const id of members.slice(0, MAX_MENTIONED - targets.size)) targets.add(id);
    }
    return [...targets];
  }

  /** A deleted message takes its notifications with it: their text quoted it. */
  @OnDomainEvent('message.deleted')
  async onMessageDeleted({ id }: DomainEventMap['message.deleted']): Promise<void> {
    await this.notifications.deleteForMessage(id);
  }

  /** Stores and announces one notification; nothing from someone the user blocked. */
  private async create(n: Draft): Promise<void> {
    if (n.actorId !== n.userId && (await this.blocks.isBlocked(n.userId, n.actorId))) return;
    const saved = await this.notifications.insert({
      ...n,
      roomId: n.roomId ?? null,
      messageId: n.messageId ?? null,
      text: n.text.slice(0, 300),
    });
    const [notification] = await this.present(n.userId, [saved]);
    if (notification) this.events.emit('notification.created', { userId: n.userId, notification });
  }

  /** The user's notifications, newest first; those about a room being deleted are hidden until they are removed with it. */
  async list(userId: string, unreadOnly: boolean, limit: number): Promise<Notification[]> {
    const rows = await this.notifications.list(userId, unreadOnly, limit);
    const roomIds = [...new Set(rows.flatMap((r) => (r.roomId ? [r.roomId] : [])))];
    const deleted = await this.roomList.deletedAmong(roomIds);
    return this.present(
      userId,
      rows.filter((r) => !r.roomId || !deleted.has(r.roomId)),
    );
  }

  /** Marks one of the caller's notifications read (someone else's is 404). */
  async markRead(userId: string, id: string): Promise<Notification> {
    const row = await this.notifications.findOwn(userId, id);
    if (!row) throw AppException.notFound('Notification');
    if (!row.readAt) {
      row.readAt = new Date();
      await this.notifications.markRead(userId, id, row.readAt);
    }
    return (await this.present(userId, [row]))[0]!;
  }

  markAllRead(userId: string): Promise<void> {
    return this.notifications.markAllRead(userId);
  }

  private async present(viewerId: string, rows: NotificationEntity[]): Promise<Notification[]> {
    if (rows.length === 0) return [];
    const actors = await this.people.byId(
      viewerId,
      rows.map((r) => r.actorId),
    );
    return rows.filter((r) => actors.has(r.actorId)).map((r) => toNotification(r, actors.get(r.actorId)!));
  }
}
