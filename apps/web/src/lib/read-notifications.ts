import { closeDesktopNotifications } from './desktop-notifications';
import { pushNoticeTag } from '../sw/push-notice';

/**
 * Notifications already shown on this device about a room go away once the person's read marker passes them: read in
 * this tab, in another one, or on another device (the server's `room:read` for them). The service worker tags its
 * notifications per room (`room:<roomId>`) and keeps the message's permalink in their data, so a notification about
 * a message after the marker stays.
 */

/** What the page reaches of the service worker's registration. */
export type NotificationRegistration = Pick<ServiceWorkerRegistration, 'getNotifications'>;

/** The seq a shown notification is about (its data's path, `/rooms/:roomId/messages/:seq`), or null when it says none. */
export function noticeSeq(data: unknown): number | null {
  const path = (data as { path?: unknown } | null)?.path;
  if (typeof path !== 'string') return null;
  const match = /^\/rooms\/[^/]+\/messages\/(\d{1,15})$/.exec(path);
  return match ? Number(match[1]) : null;
}

/** Closes the room's notifications about messages up to `seq` (and those that name no message); returns how many. */
export async function closeRoomNotifications(registration: NotificationRegistration, roomId: string, seq: number): Promise<number> {
  const tag = pushNoticeTag(roomId);
  const shown = await registration.getNotifications({ tag });
  let closed = 0;
  for (const notification of shown) {
    if (notification.tag !== tag) continue;
    const about = noticeSeq(notification.data);
    if (about !== null && about > seq) continue;
    notification.close();
    closed++;
  }
  return closed;
}

export interface ReadNotificationCloserOptions {
  /** The service worker's registration, when the page has one. */
  registration: () => Promise<NotificationRegistration | null | undefined>;
  /** The page's own desktop notifications of a room (the tab's alerts). */
  closeDesktop?: (roomId: string) => void;
}

/**
 * Called whenever the person's read marker moves forward in a room; looks for notifications once per room and marker
 * (markers move often while reading).
 */
export class ReadNotificationCloser {
  private readonly handled = new Map<string, number>();
  private readonly registration: ReadNotificationCloserOptions['registration'];
  private readonly closeDesktop: (roomId: string) => void;

  constructor({ registration, closeDesktop }: ReadNotificationCloserOptions) {
    this.registration = registration;
    this.closeDesktop = closeDesktop ?? (() => undefined);
  }

  read(roomId: string, seq: number): Promise<void> {
    if (seq <= (this.handled.get(roomId) ?? 0)) return Promise.resolve();
    this.handled.set(roomId, seq);
    this.closeDesktop(roomId);
    return this.registration()
      .then((registration) => (registration ? closeRoomNotifications(registration, roomId, seq) : 0))
      .then(
        () => undefined,
        () => undefined,
      );
  }
}

/** The service worker's registration, without waiting for one that is not there (development, unsupported). */
function currentRegistration(): Promise<NotificationRegistration | undefined> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return Promise.resolve(undefined);
  return navigator.serviceWorker.getRegistration();
}

/** The page's closer. */
export function createReadNotificationCloser(): ReadNotificationCloser {
  return new ReadNotificationCloser({ registration: currentRegistration, closeDesktop: closeDesktopNotifications });
}
