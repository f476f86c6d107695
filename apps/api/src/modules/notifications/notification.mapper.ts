import type { Notification, User } from '@chat/contracts';
import type { NotificationEntity } from './entities/notification.entity.js';

export function toNotification(r: NotificationEntity, actor: User): Notification {
  return {
    id: r.id,
    type: r.type,
    actor,
    roomId: r.roomId,
    messageId: r.messageId,
    text: r.text,
    readAt: r.readAt ? r.readAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}
