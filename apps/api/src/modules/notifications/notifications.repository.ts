import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity.js';

export type NewNotification = Pick<NotificationEntity, 'userId' | 'type' | 'actorId' | 'roomId' | 'messageId' | 'text'>;

/** Every query on `notifications`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>) {}

  insert(values: NewNotification): Promise<NotificationEntity> {
    return this.notifications.save(this.notifications.create(values));
  }

  list(userId: string, unreadOnly: boolean, limit: number): Promise<NotificationEntity[]> {
    return this.notifications.find({
      where: unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
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

  async markAllRead(userId: string): Promise<void> {
    await this.notifications.update({ userId, readAt: IsNull() }, { readAt: new Date() });
  }
}
