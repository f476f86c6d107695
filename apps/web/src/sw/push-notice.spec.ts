import { describe, expect, it } from '@jest/globals';
import { isOpenPathMessage, parsePushPayload, PUSH_ICON, pushIconPath, pushNotice, pushTargetPath } from './push-notice';

const payload = {
  type: 'mention' as const,
  notificationId: 'n1',
  roomId: '0b6f4c1e-2a51-4f7e-9a55-1d2f3e4a5b6c',
  messageId: 'm1',
  title: 'Bo in Reading room',
  body: 'hi @ada',
  url: 'https://chat.example/rooms/0b6f4c1e-2a51-4f7e-9a55-1d2f3e4a5b6c?seq=42',
};

describe('push notifications in the service worker', () => {
  it('reads the contract payload and refuses anything else', () => {
    expect(parsePushPayload(JSON.stringify(payload))).toEqual(payload);
    expect(parsePushPayload('not json')).toBeNull();
    expect(parsePushPayload(JSON.stringify({ ...payload, type: 'friend_request' }))).toBeNull();
    expect(parsePushPayload(JSON.stringify({ ...payload, roomId: '../admin' }))).toBeNull();
    expect(parsePushPayload(null)).toBeNull();
  });

  it('opens the message’s permalink on this app, whatever host the url names', () => {
    expect(pushTargetPath(payload)).toBe(`/rooms/${payload.roomId}/messages/42`);
    expect(pushTargetPath({ ...payload, url: 'https://evil.example/x' })).toBe(`/rooms/${payload.roomId}`);
  });

  it('shows one notification per room (tag), alerting again for a newer message, with the payload’s text', () => {
    const n = pushNotice(payload, 1000);
    expect(n.title).toBe('Bo in Reading room');
    expect(n.options).toMatchObject({ body: 'hi @ada', tag: `room:${payload.roomId}`, renotify: true, timestamp: 1000 });
    expect(n.options.data).toEqual({ path: `/rooms/${payload.roomId}/messages/42`, roomId: payload.roomId, notificationId: 'n1' });
  });

  it('shows the sender’s picture from this app’s file route when the push names one, else the app icon', () => {
    const avatar = 'https://chat.example/api/files/5d1c9e2a-0f3b-4c7d-8e6f-112233445566/content';
    expect(pushNotice({ ...payload, icon: avatar }, 0).options).toMatchObject({
      icon: '/api/files/5d1c9e2a-0f3b-4c7d-8e6f-112233445566/content',
      badge: PUSH_ICON,
    });
    expect(pushNotice(payload, 0).options.icon).toBe(PUSH_ICON);
    expect(pushIconPath('https://evil.example/track.png')).toBeNull();
    expect(pushIconPath('https://chat.example/api/files/../users/me')).toBeNull();
    expect(pushIconPath('javascript:alert(1)')).toBeNull();
    expect(parsePushPayload(JSON.stringify({ ...payload, icon: avatar }))).toEqual({ ...payload, icon: avatar });
    expect(parsePushPayload(JSON.stringify({ ...payload, icon: 42 }))).toBeNull();
  });

  it('a window opens only app paths a click asks for', () => {
    expect(isOpenPathMessage({ type: 'chat:open', path: '/rooms/r1/messages/2' })).toBe(true);
    expect(isOpenPathMessage({ type: 'chat:open', path: 'https://evil.example' })).toBe(false);
    expect(isOpenPathMessage('chat:open')).toBe(false);
  });
});
