import { describe, expect, it } from '@jest/globals';
import type { Notification } from '@chat/contracts';
import { bellLabel, notificationTarget, unreadBadge } from './notification-target';

const actor = { id: 'u-1' } as Notification['actor'];

describe('notificationTarget', () => {
  it.each([
    ['friend_request', null, '/friends'],
    ['friend_accepted', null, '/users/u-1'],
    ['room_invite', 'r-1', '/friends#invites'],
    ['direct_message', 'r-2', '/rooms/r-2'],
    ['mention', 'r-3', '/rooms/r-3'],
  ] as const)('%s → %s', (type, roomId, path) => {
    expect(notificationTarget({ type, roomId, actor, messageId: null })).toBe(path);
  });

  it('opens a mention at the message that mentions you', () => {
    expect(notificationTarget({ type: 'mention', roomId: 'r-3', actor, messageId: 'm-9' })).toBe('/rooms/r-3?message=m-9');
  });

  it('falls back to the notifications page for a message notification without its room', () => {
    expect(notificationTarget({ type: 'mention', roomId: null, actor, messageId: 'm-9' })).toBe('/notifications');
  });
});

describe('unreadBadge and bellLabel', () => {
  it('shows nothing at zero, the number up to 99, then 99+', () => {
    expect(unreadBadge(0)).toBeNull();
    expect(unreadBadge(7)).toBe('7');
    expect(unreadBadge(99)).toBe('99');
    expect(unreadBadge(100)).toBe('99+');
  });

  it('names the count for screen readers', () => {
    expect(bellLabel(0)).toBe('Notifications');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(bellLabel(150)).toBe('Notifications, more than 99 unread');
  });
});
