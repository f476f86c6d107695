import { describe, expect, it, jest } from '@jest/globals';
import { closeRoomNotifications, noticeSeq, ReadNotificationCloser, type NotificationRegistration } from './read-notifications';

class FakeNotice {
  closed = false;
  constructor(
    readonly tag: string,
    readonly data: unknown,
  ) {}
  close(): void {
    this.closed = true;
  }
}

/** The service worker's registration with the notifications it shows (the worker tags them `room:<id>`). */
function registrationWith(notices: Array<{ tag: string; path?: string }>) {
  const shown = notices.map(
    ({ tag, path }) => new FakeNotice(tag, path === undefined ? null : { path, roomId: tag.slice(5), notificationId: 'n' }),
  );
  const registration = {
    shown,
    asked: [] as Array<string | undefined>,
    getNotifications(filter?: GetNotificationOptions) {
      this.asked.push(filter?.tag);
      return Promise.resolve(shown.filter((n) => !n.closed && (!filter?.tag || n.tag === filter.tag)) as unknown as Notification[]);
    },
  };
  return registration;
}

const openTags = (r: ReturnType<typeof registrationWith>) =>
  r.shown.filter((n) => !n.closed).map((n) => n.data && (n.data as { path: string }).path);

describe('closing the notifications of a room once it is read', () => {
  it('reads the seq a notification is about from its permalink', () => {
    expect(noticeSeq({ path: '/rooms/r1/messages/42' })).toBe(42);
    expect(noticeSeq({ path: '/rooms/r1' })).toBeNull();
    expect(noticeSeq({ path: 'https://elsewhere.example/rooms/r1/messages/4' })).toBeNull();
    expect(noticeSeq(null)).toBeNull();
  });

  it('closes the room’s notifications up to the read marker, and leaves later messages and other rooms', async () => {
    const registration = registrationWith([
      { tag: 'room:r1', path: '/rooms/r1/messages/7' },
      { tag: 'room:r1', path: '/rooms/r1/messages/12' },
      { tag: 'room:r2', path: '/rooms/r2/messages/3' },
      { tag: 'room:r1', path: '/rooms/r1' },
    ]);
    expect(await closeRoomNotifications(registration as NotificationRegistration, 'r1', 10)).toBe(2);
    expect(registration.asked).toEqual(['room:r1']);
    expect(openTags(registration)).toEqual(['/rooms/r1/messages/12', '/rooms/r2/messages/3']);
    // A browser that ignored the filter would hand over every room's: only this room's go.
    const unfiltered = { getNotifications: () => Promise.resolve(registration.shown as unknown as Notification[]) };
    expect(await closeRoomNotifications(unfiltered, 'r2', 1)).toBe(0);
    expect(openTags(registration)).toEqual(['/rooms/r1/messages/12', '/rooms/r2/messages/3']);
  });

  it('looks once per room and marker, closes the page’s own alerts too, and shrugs without a service worker', async () => {
    const registration = registrationWith([{ tag: 'room:r1', path: '/rooms/r1/messages/5' }]);
    const closeDesktop = jest.fn<(roomId: string) => void>();
    const closer = new ReadNotificationCloser({ registration: () => Promise.resolve(registration), closeDesktop });
    await closer.read('r1', 5);
    await closer.read('r1', 5);
    await closer.read('r1', 4);
    expect(registration.asked).toEqual(['room:r1']);
    expect(closeDesktop.mock.calls).toEqual([['r1']]);
    expect(openTags(registration)).toEqual([]);
    await closer.read('r1', 6);
    expect(registration.asked).toHaveLength(2);

    const without = new ReadNotificationCloser({ registration: () => Promise.resolve(undefined) });
    await expect(without.read('r1', 1)).resolves.toBeUndefined();
    const failing = new ReadNotificationCloser({ registration: () => Promise.reject(new Error('no worker')) });
    await expect(failing.read('r1', 1)).resolves.toBeUndefined();
  });
});
