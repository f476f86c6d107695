import { Injectable } from '@nestjs/common';
import type { Message, Notification, NotificationType, ReportAction } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { type DomainEventMap, DomainEvents, type NotifiedMessage, OnDomainEvent } from '../../common/events/domain-events.js';
import { BlocksService } from '../friendships/blocks.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { NotifySettingsService } from '../rooms/notify-settings.service.js';
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

type Draft = Omit<NewNotification, 'roomId' | 'messageId' | 'messageSeq'> & {
  roomId?: string | null;
  messageId?: string | null;
  messageSeq?: number | null;
};

/**
 * Stored for every friend request, acceptance, room invite and resolved report (to its reporter); for direct messages and `@username` mentions as
 * the recipient's level for the room allows (`onMessage`). Each new one is announced (`notification.created`), which
 * realtime pushes as `notification:new`, and each one read (`notification.read`, to the user's every device). Nothing is stored from someone the recipient blocked.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly blocks: BlocksService,
    private readonly rooms: RoomAccessService,
    private readonly levels: NotifySettingsService,
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

  /**
   * Direct messages notify the other member, mentions the mentioned members, whether they are online or not, as each
   * one's level for the room allows: `all` (a direct room's default) every direct message, `mentions` (a group room's
   * default) only messages that mention them, `none` nothing. A mute or do-not-disturb does not stop the
   * notification from being stored (it is listed and counted); it stops pushes and e-mails.
   *
   * Runs after the message was answered: the first await yields to the event loop, so the send costs nothing here.
   */
  @OnDomainEvent('message.created')
  async onMessage({ message: m, room }: DomainEventMap['message.created']): Promise<void> {
    // most messages: a group room's message that mentions no one notifies no one (checked before any work)
    if (room.kind !== 'direct' && m.mentions.userIds.length === 0 && !m.mentions.room && !m.mentions.here) return;
    await new Promise((resolve) => setImmediate(resolve));
    if (m.deletedAt) return;
    // the members the message mentions, as the server resolved them when it was sent
    const mentioned = new Set(await this.mentionTargets(m));
    let targets: Array<{ userId: string; type: NotificationType; text: string }>;
    if (room.kind === 'direct') {
      const others = (room.directKey?.split(':') ?? []).filter((id) => id !== m.sender.id);
      targets = others.map((userId) => ({
        userId,
        type: 'direct_message',
        text: `${m.sender.displayName}: ${preview(m.body || 'sent an attachment')}`,
      }));
    } else {
      const text = `${m.sender.displayName} mentioned you in ${room.name}: ${preview(m.body)}`;
      targets = [...mentioned].map((userId) => ({ userId, type: 'mention', text }));
    }
    if (targets.length === 0) return;
    const settings = new Map(
      (
        await this.levels.ofMembers(
          m.roomId,
          targets.map((t) => t.userId),
        )
      ).map((s) => [s.userId, s]),
    );
    for (const t of targets) {
      const s = settings.get(t.userId);
      if (!s || s.level === 'none' || (s.level === 'mentions' && !mentioned.has(t.userId))) continue;
      const title = room.kind === 'direct' ? m.sender.displayName : `${m.sender.displayName} in ${room.name}`;
      const body = m.body.trim() || 'sent an attachment';
      await this.create(
        { ...t, actorId: m.sender.id, roomId: m.roomId, messageId: m.id, messageSeq: m.seq },
        { title, body, seq: m.seq, roomMuted: s.muted, senderAvatarUrl: m.sender.avatarUrl },
      );
    }
  }

  /**
   * The user's read marker moved: their direct-message and mention notifications up to it are read now, and their
   * devices hear it (`notification.read`).
   */
  @OnDomainEvent('room.read')
  async onRead({ roomId, userId, seq }: DomainEventMap['room.read']): Promise<void> {
    const readAt = new Date();
    const ids = await this.notifications.markReadUpTo(userId, roomId, seq, readAt);
    if (ids.length > 0) this.events.emit('notification.read', { userId, ids, readAt: readAt.toISOString() });
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
  private async create(n: Draft, message?: NotifiedMessage): Promise<void> {
    if (n.actorId !== n.userId && (await this.blocks.isBlocked(n.userId, n.actorId))) return;
    const saved = await this.notifications.insert({
      ...n,
      roomId: n.roomId ?? null,
      messageId: n.messageId ?? null,
      messageSeq: n.messageSeq ?? null,
      text: n.text.slice(0, 300),
    });
    // already read (the user read the message before this was written): nothing to announce, push or mail
    if (saved.readAt) return;
    const [notification] = await this.present(n.userId, [saved]);
    if (notification) this.events.emit('notification.created', { userId: n.userId, notification, message });
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

  /** Of these notifications of the user, the unread ones, oldest first (e-mail digests). */
  async unreadAmong(userId: string, ids: string[]): Promise<Notification[]> {
    if (ids.length === 0) return [];
    return this.present(userId, await this.notifications.unreadAmong(userId, ids));
  }

  /** Marks one of the caller's notifications read (someone else's is 404). */
  async markRead(userId: string, id: string): Promise<Notification> {
    const row = await this.notifications.findOwn(userId, id);
    if (!row) throw AppException.notFound('Notification');
    if (!row.readAt) {
      row.readAt = new Date();
      await this.notifications.markRead(userId, id, row.readAt);
      this.events.emit('notification.read', { userId, ids: [id], readAt: row.readAt.toISOString() });
    }
    return (await this.present(userId, [row]))[0]!;
  }

  async markAllRead(userId: string): Promise<void> {
    const readAt = new Date();
    const ids = await this.notifications.markAllRead(userId, readAt);
    if (ids.length > 0) this.events.emit('notification.read', { userId, ids, readAt: readAt.toISOString() });
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
