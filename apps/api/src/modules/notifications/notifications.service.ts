import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FriendRequest, Invite, Message, Notification, NotificationType } from '@chat/contracts';
import { IsNull, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { MessagesService, type PostedIn } from '../messages/messages.service.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';
import { NotificationEntity } from './entities/notification.entity.js';

const MENTION = /(?:^|[^\w@])@([a-zA-Z0-9_.-]{3,32})/g;
const PREVIEW = 120;

/** The `@username` handles named in a message body (lower-cased, unique). */
export function mentionedUsernames(body: string): string[] {
  const names = new Set<string>();
  for (const m of body.matchAll(MENTION)) names.add(m[1]!.replace(/[.-]+$/, '').toLowerCase());
  return [...names].filter((n) => n.length >= 3);
}

function preview(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > PREVIEW ? `${chars.slice(0, PREVIEW - 1).join('')}…` : chars.join('');
}

interface NewNotification {
  userId: string;
  type: NotificationType;
  actorId: string;
  roomId?: string | null;
  messageId?: string | null;
  text: string;
}

/**
 * Stored for every friend request, acceptance and room invite; for direct messages and `@username` mentions only
 * when the recipient is offline (online users see them live). Each new one is pushed as `notification:new`.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly realtime: RealtimeService,
  ) {}

  onModuleInit(): void {
    const guard = (what: string, p: Promise<unknown>) =>
      p.catch((err: unknown) => this.logger.error({ err }, `${what} notification failed`));
    this.friendships.listen({
      requested: (r) => void guard('friend request', this.onFriendRequest(r)),
      accepted: (by, r) => void guard('friend accepted', this.onFriendAccepted(by, r)),
    });
    this.rooms.listenInvites({ invited: (i) => void guard('invite', this.onInvite(i)) });
    this.messages.listen({ created: (m, room) => void guard('message', this.onMessage(m, room)) });
  }

  private onFriendRequest(r: FriendRequest): Promise<void> {
    return this.create({
      userId: r.to.id,
      type: 'friend_request',
      actorId: r.from.id,
      text: `${r.from.displayName} sent you a friend request`,
    });
  }

  private async onFriendAccepted(by: string, r: FriendRequest): Promise<void> {
    const actor = r.to.id === by ? r.to : r.from;
    const userId = r.to.id === by ? r.from.id : r.to.id;
    await this.create({ userId, type: 'friend_accepted', actorId: by, text: `${actor.displayName} accepted your friend request` });
  }

  private onInvite(i: Invite): Promise<void> {
    return this.create({
      userId: i.to.id,
      type: 'room_invite',
      actorId: i.from.id,
      roomId: i.room.id,
      text: `${i.from.displayName} invited you to ${i.room.name}`,
    });
  }

  /** Direct messages notify the other member, mentions the mentioned members; only those who are offline. */
  private async onMessage(m: Message, room: PostedIn): Promise<void> {
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
      const names = mentionedUsernames(m.body);
      if (names.length === 0) return;
      const [mentioned, memberIds] = await Promise.all([this.users.findByUsernames(names), this.rooms.memberIds(m.roomId)]);
      const members = new Set(memberIds.filter((id) => id !== m.sender.id));
      targets = mentioned
        .filter((u) => members.has(u.id))
        .map((u) => ({ userId: u.id, type: 'mention', text: `${m.sender.displayName} mentioned you in ${room.name}: ${preview(m.body)}` }));
    }
    if (targets.length === 0) return;
    const online = await this.users.onlineUsers(targets.map((t) => t.userId));
    for (const t of targets.filter((x) => !online.has(x.userId))) {
      await this.create({ ...t, actorId: m.sender.id, roomId: m.roomId, messageId: m.id });
    }
  }

  private async create(n: NewNotification): Promise<void> {
    const saved = await this.notifications.save(
      this.notifications.create({ ...n, roomId: n.roomId ?? null, messageId: n.messageId ?? null, text: n.text.slice(0, 300) }),
    );
    const [presented] = await this.present(n.userId, [saved]);
    if (presented) this.realtime.toUser(n.userId, 'notification:new', presented);
  }

  async list(userId: string, unreadOnly: boolean, limit: number): Promise<Notification[]> {
    const rows = await this.notifications.find({
      where: unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return this.present(userId, rows);
  }

  /** Marks one of the caller's notifications read (someone else's is 404). */
  async markRead(userId: string, id: string): Promise<Notification> {
    const row = await this.notifications.findOneBy({ id, userId });
    if (!row) throw AppException.notFound('Notification');
    if (!row.readAt) {
      row.readAt = new Date();
      await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: row.readAt });
    }
    return (await this.present(userId, [row]))[0]!;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.notifications.update({ userId, readAt: IsNull() }, { readAt: new Date() });
  }

  private async present(viewerId: string, rows: NotificationEntity[]): Promise<Notification[]> {
    if (rows.length === 0) return [];
    const actors = await this.users.present(viewerId, await this.users.findByIds([...new Set(rows.map((r) => r.actorId))]));
    const byId = new Map(actors.map((u) => [u.id, u]));
    return rows
      .filter((r) => byId.has(r.actorId))
      .map((r) => ({
        id: r.id,
        type: r.type,
        actor: byId.get(r.actorId)!,
        roomId: r.roomId,
        messageId: r.messageId,
        text: r.text,
        readAt: r.readAt ? r.readAt.toISOString() : null,
        createdAt: r.createdAt.toISOString(),
      }));
  }
}
