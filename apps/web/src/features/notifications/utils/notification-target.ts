import type { Notification } from '@chat/contracts';

/**
 * Where a notification leads: requests and invites wait on the friends page (invites in their own section), a new
 * friend's profile, messages and mentions in their conversation, a resolved report to the notifications page.
 */
export function notificationTarget(notification: Pick<Notification, 'type' | 'roomId' | 'actor'>): string {
  switch (notification.type) {
    case 'friend_request':
      return '/friends';
    case 'friend_accepted':
      return `/users/${notification.actor.id}`;
    case 'room_invite':
      return '/friends#invites';
    case 'direct_message':
    case 'mention':
      return notification.roomId ? `/rooms/${notification.roomId}` : '/notifications';
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
