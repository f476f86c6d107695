import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type Repository } from 'typeorm';
import { queryRow, queryRows } from '../../database/sql.js';
import { NotificationEntity } from './entities/notification.entity.js';

export type NewNotification = Pick<NotificationEntity, 'userId' | 'type' | 'actorId' | 'roomId' | 'messageId' | 'messageSeq' | 'text'>;

/** Every query on `notifications`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>) {}

  /**
   * Stores one notification. One about a message the user's read marker already passed is stored read: it is written
   * after the send was answered, so the user may have read the message first. The marker's row is read `FOR SHARE`,
   * so a marker moving at the same moment either commits first (and is seen here) or waits for this row (and its
   * `markReadUpTo` then finds it).
   */
  async insert(values: NewNotification): Promise<NotificationEntity> {
    const row = await queryRow<{ id: string; read_at: Date | null; created_at: Date }>(
      this.notifications.manager,
      `INSERT INTO notifications (user_id, type, actor_id, room_id, message_id, message_seq, text, read_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
         CASE WHEN $6::bigint IS NOT NULL
               AND (SELECT rm.last_read_seq FROM room_members rm WHERE rm.room_id = $4 AND rm.user_id = $1 FOR SHARE) >= $6::bigint
              THEN now() END)
       RETURNING id, read_at, created_at`,
      [values.userId, values.type, values.actorId, values.roomId, values.messageId, values.messageSeq, values.text],
    );
    return this.notifications.create({ ...values, id: row!.id, readAt: row!.read_at, createdAt: row!.created_at });
  }

  list(userId: string, unreadOnly: boolean, limit: number): Promise<NotificationEntity[]> {
    return this.notifications.find({
      where: unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  unreadAmong(userId: string, ids: string[]): Promise<NotificationEntity[]> {
    return this.notifications.find({ where: { userId, id: In(ids), readAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  findOwn(userId: string, id: string): Promise<NotificationEntity | null> {
    return this.notifications.findOneBy({ id, userId });
  }

  async markRead(userId: string, id: string, at: Date): Promise<void> {
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: at });
  }

  async deleteForMessage(messageId: string): Promise<void> {
    await this.notifications.delete({ messageId });
  }

  /** Marks every unread one read; answers their ids. */
  async markAllRead(userId: string, at: Date): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.notifications.manager,
      `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
      [userId, at],
    );
    return rows.map((r) => r.id);
  }

  /** Marks read the unread ones about messages of the room up to `seq` (a read marker passed them); answers their ids. */
  async markReadUpTo(userId: string, roomId: string, seq: number, at: Date): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.notifications.manager,
      `UPDATE notifications SET read_at = $4
        WHERE user_id = $1 AND room_id = $2 AND message_seq <= $3 AND read_at IS NULL AND message_seq IS NOT NULL
        RETURNING id`,
      [userId, roomId, seq, at],
    );
    return rows.map((r) => r.id);
  }
}
