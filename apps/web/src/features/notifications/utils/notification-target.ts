import type { Notification } from '@chat/contracts';

/**
 * Where a notification leads: requests and invites wait on the friends page (invites in their own section), a new
 * friend's profile, messages in their conversation, a mention at its message, a resolved report to the notifications page.
 */
export function notificationTarget(notification: Pick<Notification, 'type' | 'roomId' | 'actor' | 'messageId'>): string {
  switch (notification.type) {
    case 'friend_request':
      return '/friends';
    case 'friend_accepted':
      return `/users/${notification.actor.id}`;
    case 'room_invite':
      return '/friends#invites';
    case 'direct_message':
      return notification.roomId ? `/rooms/${notification.roomId}` : '/notifications';
    case 'mention':
      // The conversation shows the message that mentions you (looking for it in older pages when needed).
      if (!notification.roomId) return '/notifications';
      return notification.messageId
        ? `/rooms/${notification.roomId}?message=${encodeURIComponent(notification.messageId)}`
        : `/rooms/${notification.roomId}`;
    case 'report_resolved':
      return '/notifications';
  }
}

/** The count on the bell: nothing at 0, "99+" past 99. */
export function unreadBadge(count: number): string | null {
  if (count <= 0) return null;
  return count > 99 ? '99+' : String(count);
}

/** The bell's accessible name, with the count in words. */
export function bellLabel(count: number): string {
  if (count <= 0) return 'Notifications';
  return `Notifications, ${count > 99 ? 'more than 99' : count} unread`;
}
