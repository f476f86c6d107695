import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FileMeta, isBlank, type Message, type MessagePage, type SendMessageDto } from '@chat/contracts';
import { DataSource, In, IsNull, type Repository } from 'typeorm';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppException } from '../../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { FilesService, type MessageLookup } from '../files/files.service.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { type PostTarget, RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';
import { MessageEntity } from './entities/message.entity.js';
import { type PreparedQuery, preparedQuery } from '../../database/prepared-query.js';
import { MessageWriter, type NewMessage } from './message-writer.js';

export interface SendResult {
  message: Message;
  /** False when the clientId was seen before and the first message is returned. */
  created: boolean;
}

/** The room a message was posted in, as the listeners need it (no extra query per message). */
export interface PostedIn {
  kind: 'group' | 'direct';
  name: string;
  directKey: string | null;
}

/** A message row as the page statements answer it (times already in the contract's ISO form). */
interface MessageRow {
  id: string;
  room_id: string;
  seq: string;
  sender_id: string;
  client_id: string;
  body: string;
  reply_to_id: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  attached: true | null;
}

/** A message as `present` takes it: an entity, or a history row whose times are ISO strings already. */
type PresentableMessage = Omit<MessageEntity, 'createdAt' | 'editedAt' | 'deletedAt'> & {
  createdAt: Date | string;
  editedAt: Date | string | null;
  deletedAt: Date | string | null;
};

const iso = (t: Date | string): string => (typeof t === 'string' ? t : t.toISOString());

/**
 * A timestamptz column as `Date.toISOString()` writes it (UTC, milliseconds truncated, as node-postgres' Date parsing
 * truncates them), formatted by PostgreSQL: a page of history parses no dates.
 */
const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The columns of a `MessageRow` from `messages m`. `attached` is a scalar subquery (true or null), not EXISTS:
 * PostgreSQL may plan an EXISTS in the select list as one hashed scan of every attachment, where this is one index
 * lookup per row.
 */
const messageColumns = `m.id, m.room_id, m.seq, m.sender_id, m.client_id, m.body, m.reply_to_id,
  ${isoSql('m.created_at')} AS created_at, ${isoSql('m.edited_at')} AS edited_at, ${isoSql('m.deleted_at')} AS deleted_at,
  (SELECT true FROM message_attachments a WHERE a.message_id = m.id AND m.deleted_at IS NULL LIMIT 1) AS attached`;

const fromRow = (r: MessageRow): PresentableMessage => ({
  id: r.id,
  roomId: r.room_id,
  seq: Number(r.seq),
  senderId: r.sender_id,
  clientId: r.client_id,
  body: r.body,
  replyToId: r.reply_to_id,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
});

export interface MessageEvents {
  created(message: Message, room: PostedIn): void;
}

@Injectable()
export class MessagesService implements OnModuleInit, OnApplicationShutdown, MessageLookup {
  private listeners: MessageEvents[] = [];
  /** Per user: `rate` a second sustained, plus a burst on top (rate-limiter-flexible). */
  private readonly sendLimiter: BurstyRateLimiter;
  private readonly writer: MessageWriter;
  /** Named prepared statements (the writer's, history pages). */
  private readonly query: PreparedQuery;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly realtime: RealtimeService,
    private readonly rooms: RoomsService,
    private readonly files: FilesService,
  ) {
    this.query = preparedQuery(dataSource);
    this.writer = new MessageWriter(this.query, rooms.groupPosterSql);
    const { messageRatePerSecond: rate, messageBurst: burst } = config.limits;
    this.sendLimiter = new BurstyRateLimiter(
      new RateLimiterMemory({ keyPrefix: 'send', points: rate, duration: 1 }),
      new RateLimiterMemory({ keyPrefix: 'send-burst', points: Math.max(1, burst - rate), duration: Math.max(1, Math.ceil(burst / rate)) }),
    );
  }

  onModuleInit(): void {
    this.rooms.useActivity(this);
    this.files.useMessages(this);
  }

  /** Sends still queued for the group commit are written before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.writer.drain();
  }

  listen(listener: MessageEvents): void {
    this.listeners.push(listener);
  }

  /**
   * Stores a message with the room's next seq. Messages without attachments go through the group-commit writer
   * (one statement for every send queued while the previous one was at the database); with attachments, one
   * transaction stores the message and its links. Either way the room's counter and the insert commit together, so
   * seqs have no gaps, and a repeated (sender, clientId) answers the first message, also when repeats race (unique
   * constraint).
   *
   * The common case, text in a group room, costs no query of its own: the writer's statement checks membership and the
   * reply target itself (`RoomsService.groupPosterSql`). Whatever it refuses (a direct room, not a member, a reply to
   * another room, a repeated clientId) takes the full checks, which give the precise error.
   */
  async send(userId: string, roomId: string, dto: SendMessageDto): Promise<SendResult> {
    const attachmentIds = dto.attachmentIds ?? [];
    try {
      await this.consumeSend(userId);
    } catch (err) {
      return this.previousOr(userId, dto.clientId, err);
    }
    if (attachmentIds.length === 0 && !isBlank(dto.body) && !this.rooms.isKnownDirect(roomId)) {
      const fast = await this.writer.write(this.newMessage(userId, roomId, dto, false));
      if (fast.stored) return this.created(userId, fast.entity, fast.room, false);
    }
    let room: PostTarget;
    try {
      ({ room } = await this.rooms.requirePoster(roomId, userId));
      await this.files.requireAttachable(userId, attachmentIds);
      if (isBlank(dto.body) && attachmentIds.length === 0) throw AppException.validation('body', 'must not be empty');
      if (dto.replyToId) {
        const target = await this.messages.exists({ where: { id: dto.replyToId, roomId } });
        if (!target) throw AppException.validation('replyToId', 'must name a message of the same room');
      }
    } catch (err) {
      return this.previousOr(userId, dto.clientId, err);
    }
    let entity: MessageEntity | null;
    if (attachmentIds.length === 0) {
      const written = await this.writer.write(this.newMessage(userId, roomId, dto, true));
      entity = written.stored ? written.entity : null;
    } else {
      entity = await this.writeWithAttachments(userId, roomId, dto, attachmentIds);
    }
    if (!entity) {
      const previous = await this.findByClientId(userId, dto.clientId);
      if (previous) return { message: previous, created: false };
      throw AppException.notFound('Room'); // deleted since the membership check
    }
    return this.created(userId, entity, room, attachmentIds.length > 0);
  }

  /** A stored message, presented once, broadcast, and announced to the listeners (notifications). */
  private async created(userId: string, entity: MessageEntity, room: PostedIn, attachments: boolean): Promise<SendResult> {
    const [message] = await this.present(userId, [entity], { attachments });
    this.broadcast('message:new', message!);
    for (const l of this.listeners) l.created(message!, { kind: room.kind, name: room.name, directKey: room.directKey });
    return { message: message!, created: true };
  }

  /** A retry of a message that was stored answers the message, whatever changed since (membership, limits). */
  private async previousOr(userId: string, clientId: string, err: unknown): Promise<SendResult> {
    const previous = await this.findByClientId(userId, clientId);
    if (previous) return { message: previous, created: false };
    throw err;
  }

  private newMessage(userId: string, roomId: string, dto: SendMessageDto, checked: boolean): NewMessage {
    return { roomId, senderId: userId, clientId: dto.clientId, body: dto.body, replyToId: dto.replyToId ?? null, checked };
  }

  private async writeWithAttachments(
    userId: string,
    roomId: string,
    dto: SendMessageDto,
    attachmentIds: string[],
  ): Promise<MessageEntity | null> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const rows: Array<{ last_seq: string }> = await em.query(
          `UPDATE rooms SET last_seq = last_seq + 1, last_activity_at = now() WHERE id = $1 RETURNING last_seq`,
          [roomId],
        );
        const row = Array.isArray(rows[0]) ? rows[0][0] : rows[0];
        if (!row) return null;
        const saved = await em.save(
          em.create(MessageEntity, {
            roomId,
            seq: Number(row.last_seq),
            senderId: userId,
            clientId: dto.clientId,
            body: dto.body,
            replyToId: dto.replyToId ?? null,
          }),
        );
        await this.files.attach(em, saved.id, attachmentIds);
        return saved;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'messages_sender_client_key')) return null;
      if (isUniqueViolation(err, 'message_attachments_file_id_key')) throw this.files.alreadyAttached();
      throw err;
    }
  }

  /**
   * One emission to the room's channel, the sender's own sockets included: Socket.IO encodes the payload once for every
   * receiver. So the sender carries no per-viewer relation (`none`, as in the history others read); the answer to the
   * sender (ack or REST) says `self`.
   */
  private broadcast(event: 'message:new' | 'message:updated', message: Message): void {
    this.realtime.toRoom(message.roomId, event, { ...message, sender: { ...message.sender, friendship: 'none' } });
  }

  /** Over the limit: 429 RATE_LIMITED and nothing stored. */
  private async consumeSend(userId: string): Promise<void> {
    try {
      await this.sendLimiter.consume(userId);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw AppException.rateLimited(res.msBeforeNext / 1000);
      throw res;
    }
  }

  private async findByClientId(userId: string, clientId: string): Promise<Message | null> {
    const row = await this.messages.findOneBy({ senderId: userId, clientId });
    return row ? (await this.present(userId, [row]))[0]! : null;
  }

  /**
   * A page of history in ascending seq: the newest `limit` by default, the `limit` before `before`, or the `limit`
   * after `after` (catch-up). `hasMore` says whether more lie beyond the page in the direction of travel.
   *
   * One prepared statement reads the page only when the caller is a member (`RoomsService.memberSql`), so a page costs
   * no membership query of its own; when it comes back empty, `requireMember` decides (403, 404, or an empty page).
   * Each row says whether the message has attachments, so a page without any makes no attachments query.
   */
  async history(userId: string, roomId: string, q: { before?: number; after?: number; limit: number }): Promise<MessagePage> {
    const forward = q.after !== undefined && q.before === undefined;
    const rows = await this.query<MessageRow>(
      forward ? 'history-forward' : 'history-back',
      forward ? (this.historyForward ??= this.historySql('ASC')) : (this.historyBack ??= this.historySql('DESC')),
      [roomId, userId, q.before ?? Number.MAX_SAFE_INTEGER, q.after ?? -1, q.limit + 1],
    );
    if (rows.length === 0) {
      await this.rooms.requireMember(roomId, userId);
      return { messages: [], hasMore: false };
    }
    const hasMore = rows.length > q.limit;
    if (hasMore) rows.length = q.limit;
    if (!forward) rows.reverse();
    const attachments = rows.some((r) => r.attached);
    return { messages: await this.present(userId, rows.map(fromRow), { attachments }), hasMore };
  }

  /** The page statement: the page, only when the caller is a member of the room. */
  private historySql(order: 'ASC' | 'DESC'): string {
    return `SELECT ${messageColumns}
      FROM messages m
     WHERE m.room_id = $1 AND m.seq < $3 AND m.seq > $4 AND ${this.rooms.memberSql('$1', '$2')}
     ORDER BY m.seq ${order} LIMIT $5`;
  }

  private historyBack: string | undefined;
  private historyForward: string | undefined;

  /** A message the caller may see (a member of its room), else 404. */
  private async visible(userId: string, messageId: string): Promise<{ entity: MessageEntity; role: string }> {
    const entity = await this.messages.findOneBy({ id: messageId });
    if (!entity) throw AppException.notFound('Message');
    try {
      const { member } = await this.rooms.requireMember(entity.roomId, userId);
      return { entity, role: member.role };
    } catch (err) {
      if (err instanceof AppException) throw AppException.notFound('Message');
      throw err;
    }
  }

  async edit(userId: string, messageId: string, body: string): Promise<Message> {
    const { entity } = await this.visible(userId, messageId);
    if (entity.senderId !== userId) throw AppException.forbidden('You can only edit your own messages');
    if (entity.deletedAt) throw AppException.conflict('This message was deleted');
    if (isBlank(body)) throw AppException.validation('body', 'must not be empty');
    await this.rooms.requirePoster(entity.roomId, userId);
    const res = await this.messages.update({ id: messageId, deletedAt: IsNull() }, { body, editedAt: new Date() });
    if (!res.affected) throw AppException.notFound('Message');
    const [message] = await this.present(userId, [await this.messages.findOneByOrFail({ id: messageId })]);
    this.broadcast('message:updated', message!);
    return message!;
  }

  /** The sender, or an admin or owner of a group room, deletes: a tombstone keeps id and seq. */
  async remove(userId: string, messageId: string): Promise<void> {
    const { entity, role } = await this.visible(userId, messageId);
    if (entity.senderId !== userId && role !== 'admin' && role !== 'owner')
      throw AppException.forbidden('You can only delete your own messages');
    if (entity.deletedAt) return;
    await this.dataSource.transaction(async (em) => {
      await em.update(MessageEntity, { id: messageId }, { body: '', deletedAt: new Date() });
      await this.files.detach(em, messageId);
    });
    this.realtime.toRoom(entity.roomId, 'message:deleted', { roomId: entity.roomId, id: entity.id, seq: entity.seq });
  }

  /** Others' live messages after the user's read marker, for each room, in one query. */
  async unreadCounts(userId: string, roomIds: string[]): Promise<Map<string, number>> {
    if (roomIds.length === 0) return new Map();
    const rows: Array<{ room_id: string; n: number }> = await this.dataSource.query(
      `SELECT m.room_id, count(msg.id)::int AS n FROM room_members m
         JOIN messages msg ON msg.room_id = m.room_id AND msg.seq > m.last_read_seq AND msg.sender_id <> m.user_id AND msg.deleted_at IS NULL
        WHERE m.user_id = $1 AND m.room_id = ANY($2) GROUP BY m.room_id`,
      [userId, roomIds],
    );
    return new Map(rows.map((r) => [r.room_id, r.n]));
  }

  /** Last message of each room given by (roomId, seq), in one query. */
  async lastMessages(viewerId: string, keys: Array<{ roomId: string; seq: number }>): Promise<Map<string, Message>> {
    if (keys.length === 0) return new Map();
    // One index lookup per room (LIMIT 1 keeps PostgreSQL from turning the lateral subquery into a join it could
    // answer by hashing the whole messages table).
    const rows = await this.query<MessageRow>(
      'last-messages',
      `SELECT ${messageColumns}
         FROM unnest($1::uuid[], $2::bigint[]) AS k(room_id, seq)
         CROSS JOIN LATERAL (SELECT * FROM messages x WHERE x.room_id = k.room_id AND x.seq = k.seq LIMIT 1) m`,
      [keys.map((k) => k.roomId), keys.map((k) => k.seq)],
    );
    const messages = await this.present(viewerId, rows.map(fromRow), { attachments: rows.some((r) => r.attached) });
    return new Map(messages.map((m) => [m.roomId, m]));
  }

  /** Rooms of those of the messages that are not deleted (who may read their attachments). */
  async liveRoomIds(messageIds: string[]): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.messages.find({ where: { id: In(messageIds), deletedAt: IsNull() }, select: { roomId: true } });
    return [...new Set(rows.map((r) => r.roomId))];
  }

  /**
   * The `Message` shape, senders and attachments presented in one batch each. A sender's `friendship` is only `self`
   * (the viewer's own messages) or `none`: the same payload is broadcast to every member, so it carries no per-viewer
   * relation.
   */
  async present(viewerId: string, rows: PresentableMessage[], opts: { attachments?: boolean } = {}): Promise<Message[]> {
    if (rows.length === 0) return [];
    const senderIds = [...new Set(rows.map((r) => r.senderId))];
    const [senders, attachments] = await Promise.all([
      this.users.findByIdsCached(senderIds).then((users) => this.users.present(viewerId, users, { relations: false })),
      opts.attachments === false
        ? new Map<string, FileMeta[]>()
        : this.files.attachmentsOf(rows.filter((r) => !r.deletedAt).map((r) => r.id)),
    ]);
    const byId = new Map(senders.map((u) => [u.id, u]));
    return rows.map((r) => ({
      id: r.id,
      roomId: r.roomId,
      seq: r.seq,
      clientId: r.clientId,
      sender: byId.get(r.senderId)!,
      body: r.deletedAt ? '' : r.body,
      attachments: r.deletedAt ? [] : (attachments.get(r.id) ?? []),
      replyToId: r.replyToId,
      createdAt: iso(r.createdAt),
      editedAt: r.editedAt ? iso(r.editedAt) : null,
      deletedAt: r.deletedAt ? iso(r.deletedAt) : null,
    }));
  }
}
