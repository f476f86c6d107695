import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { isBlank, type Message, type MessageEdit, type MessageMentions, type SendMessageDto } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { DomainEvents, type PostedIn } from '../../common/events/domain-events.js';
import { MetricsService } from '../../common/metrics.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { FilesService } from '../files/files.service.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import type { MessageEntity } from './entities/message.entity.js';
import { forEveryone, type PresentableMessage } from './message.mapper.js';
import { MessageAccessService } from './message-access.service.js';
import { MessagePresenter } from './message.presenter.js';
import { MentionsService } from './mentions.service.js';
import { MessageWriter } from './message-writer.js';
import { type NewMessage, MessagesRepository } from './messages.repository.js';
import { ReactionsRepository } from './reactions.repository.js';

export interface SendResult {
  message: Message;
  /** False when the clientId was seen before and the first message is returned. */
  created: boolean;
}

/** Sending, editing and deleting messages. */
@Injectable()
export class MessagesService implements OnApplicationShutdown {
  private readonly writer: MessageWriter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly messages: MessagesRepository,
    private readonly access: RoomAccessService,
    private readonly files: FilesService,
    private readonly presenter: MessagePresenter,
    private readonly limits: RateLimitService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly messageAccess: MessageAccessService,
    private readonly reactions: ReactionsRepository,
    private readonly mentions: MentionsService,
    metrics: MetricsService,
  ) {
    this.writer = new MessageWriter(messages.writeBatch, 0, 1000, config.limits.messageQueueMax, {
      queued: (seconds) => metrics.sendQueued.observe(seconds),
      statement: (seconds) => metrics.sendStatement.observe(seconds),
    });
  }

  /** Sends waiting for the message writer (health). */
  get queueDepth(): number {
    return this.writer.depth;
  }

  /** Sends still queued for the group commit are written before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.writer.drain();
  }

  /**
   * Stores a message with the room's next seq. Messages without attachments go through the group-commit writer
   * (one statement for every send queued while the previous one was at the database); with attachments, one
   * transaction stores the message and its links. Either way the room's counter and the insert commit together, so
   * seqs have no gaps, and a repeated (sender, clientId) answers the first message, also when repeats race (unique
   * constraint).
   *
   * The common case, text in a group room, costs no query of its own: the writer's statement checks membership and the
   * reply target itself (`groupPosterSql`). Whatever it refuses (a direct room, not a member, a reply to another room,
   * a repeated clientId) takes the full checks, which give the precise error.
   */
  async send(userId: string, roomId: string, dto: SendMessageDto): Promise<SendResult> {
    const attachmentIds = dto.attachmentIds ?? [];
    try {
      await this.limits.consume('send', userId);
    } catch (err) {
      return this.previousOr(userId, dto.clientId, err);
    }
    // a body without '@' costs no query here
    const mentions = await this.mentions.resolve(userId, roomId, dto.body);
    if (attachmentIds.length === 0 && !isBlank(dto.body) && !this.access.isKnownDirect(roomId)) {
      const fast = await this.writer.write(newMessage(userId, roomId, dto, mentions, false));
      if (fast.stored) return this.created(userId, fast.message, fast.room, false);
    }
    let room: PostedIn;
    try {
      ({ room } = await this.access.requirePoster(roomId, userId));
      await this.files.requireAttachable(userId, attachmentIds);
      if (isBlank(dto.body) && attachmentIds.length === 0) throw AppException.validation('body', 'must not be empty');
      if (dto.replyToId && !(await this.messages.isInRoom(dto.replyToId, roomId))) {
        throw AppException.validation('replyToId', 'must name a message of the same room');
      }
    } catch (err) {
      return this.previousOr(userId, dto.clientId, err);
    }
    let stored: PresentableMessage | null;
    if (attachmentIds.length === 0) {
      const written = await this.writer.write(newMessage(userId, roomId, dto, mentions, true));
      stored = written.stored ? written.message : null;
    } else {
      stored = await this.writeWithAttachments(userId, roomId, dto, attachmentIds, mentions);
    }
    if (!stored) {
      const previous = await this.findByClientId(userId, dto.clientId);
      if (previous) return { message: previous, created: false };
      throw AppException.notFound('Room'); // deleted since the membership check
    }
    return this.created(userId, stored, room, attachmentIds.length > 0);
  }

  /** A stored message, presented once and announced (broadcast to the room, notifications). */
  private async created(userId: string, stored: PresentableMessage, room: PostedIn, attachments: boolean): Promise<SendResult> {
    const [message] = await this.presenter.present(userId, [stored], { attachments, reactions: false });
    this.events.emit('message.created', {
      message: forEveryone(message!),
      room: { kind: room.kind, name: room.name, directKey: room.directKey },
    });
    return { message: message!, created: true };
  }

  /** A retry of a message that was stored answers the message, whatever changed since (membership, limits). */
  private async previousOr(userId: string, clientId: string, err: unknown): Promise<SendResult> {
    const previous = await this.findByClientId(userId, clientId);
    if (previous) return { message: previous, created: false };
    throw err;
  }

  private async writeWithAttachments(
    userId: string,
    roomId: string,
    dto: SendMessageDto,
    attachmentIds: string[],
    mentions: MessageMentions,
  ): Promise<PresentableMessage | null> {
    try {
      return await this.messages.transaction(async (em) => {
        const seq = await this.messages.nextSeq(em, roomId);
        if (seq === null) return null;
        const saved = await this.messages.insert(em, {
          roomId,
          seq,
          senderId: userId,
          clientId: dto.clientId,
          body: dto.body,
          replyToId: dto.replyToId ?? null,
          mentionUserIds: mentions.userIds,
          mentionRoom: mentions.room,
          mentionHere: mentions.here,
        });
        await this.files.attach(em, saved.id, attachmentIds);
        return saved;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'messages_sender_client_key')) return null;
      if (isUniqueViolation(err, 'message_attachments_file_id_key')) throw this.files.alreadyAttached();
      throw err;
    }
  }

  private async findByClientId(userId: string, clientId: string): Promise<Message | null> {
    const row = await this.messages.findByClientId(userId, clientId);
    return row ? (await this.presenter.present(userId, [row]))[0]! : null;
  }

  /** A message the caller may see (a member of its room), else 404. */
  private async visible(userId: string, messageId: string) {
    const { entity, access } = await this.messageAccess.requireVisible(userId, messageId);
    return { entity, role: access.member.role };
  }

  /** Edits count against the same per-user budget as sends. */
  async edit(userId: string, messageId: string, body: string): Promise<Message> {
    await this.limits.consume('send', userId);
    const { entity } = await this.visible(userId, messageId);
    if (entity.senderId !== userId) throw AppException.forbidden('You can only edit your own messages');
    if (entity.deletedAt) throw AppException.conflict('This message was deleted');
    if (isBlank(body)) throw AppException.validation('body', 'must not be empty');
    await this.access.requirePoster(entity.roomId, userId);
    const mentions = await this.mentions.resolve(userId, entity.roomId, body);
    if (!(await this.messages.edit(messageId, body, mentions))) throw AppException.notFound('Message');
    const [message] = await this.presenter.present(userId, [(await this.messages.findById(messageId))!]);
    this.events.emit('message.updated', { message: forEveryone(message!) });
    return message!;
  }

  /** The earlier versions of a message (members of its room), oldest first; none once it is deleted. */
  async edits(userId: string, messageId: string): Promise<MessageEdit[]> {
    await this.visible(userId, messageId);
    return (await this.messages.edits(messageId)).map((e) => ({ body: e.body, editedAt: e.edited_at }));
  }

  /** The sender, or an admin or owner of a group room, deletes: a tombstone keeps id and seq. */
  async remove(userId: string, messageId: string): Promise<void> {
    const { entity, role } = await this.visible(userId, messageId);
    if (entity.senderId !== userId && role !== 'admin' && role !== 'owner')
      throw AppException.forbidden('You can only delete your own messages');
    await this.tombstone(entity, userId);
  }

  /**
   * Deletes a message for a moderator whose right the caller checked (a report's resolution): no membership needed.
   * Audited like every deletion by someone other than the sender.
   */
  async removeAsModerator(moderatorId: string, messageId: string): Promise<void> {
    const entity = await this.messages.findById(messageId);
    if (!entity) throw AppException.notFound('Message');
    await this.tombstone(entity, moderatorId);
  }

  private async tombstone(entity: MessageEntity, by: string): Promise<void> {
    if (entity.deletedAt) return;
    await this.messages.transaction(async (em) => {
      await this.messages.markDeleted(em, entity.id);
      await this.reactions.deleteForMessage(em, entity.id);
      await this.messages.deleteEdits(em, entity.id);
      await this.files.detach(em, entity.id);
      if (by !== entity.senderId) {
        const details = { roomId: entity.roomId, senderId: entity.senderId, seq: entity.seq };
        await this.audit.record({ actorId: by, action: 'message.deleted', targetType: 'message', targetId: entity.id, details }, em);
      }
    });
    this.events.emit('message.deleted', { roomId: entity.roomId, id: entity.id, seq: entity.seq });
  }

  /** A message the caller may see (a member of its room), presented, with its room and sender ids; else 404. */
  async get(userId: string, messageId: string): Promise<{ message: Message; roomId: string; senderId: string }> {
    const { entity } = await this.visible(userId, messageId);
    const [message] = await this.presenter.present(userId, [entity]);
    return { message: message!, roomId: entity.roomId, senderId: entity.senderId };
  }

  /** Messages by id, presented for the viewer with no access check (the caller decided who may see them). */
  async presentByIds(viewerId: string, ids: string[]): Promise<Map<string, Message>> {
    if (ids.length === 0) return new Map();
    const rows = await this.messages.findByIds([...new Set(ids)]);
    const messages = await this.presenter.present(viewerId, rows);
    return new Map(messages.map((m) => [m.id, m]));
  }

  /** Messages sent since `since`, and about how many there are in all (`MessagesRepository.counts`). */
  counts(since: Date): Promise<{ since: number; total: number }> {
    return this.messages.counts(since);
  }

  /** Rooms of those of the messages that are not deleted (who may read their attachments). */
  liveRoomIds(messageIds: string[]): Promise<string[]> {
    return this.messages.liveRoomIds(messageIds);
  }
}

function newMessage(userId: string, roomId: string, dto: SendMessageDto, mentions: MessageMentions, checked: boolean): NewMessage {
  return { roomId, senderId: userId, clientId: dto.clientId, body: dto.body, replyToId: dto.replyToId ?? null, mentions, checked };
}
