import type { PushPayload } from '@chat/contracts';

/**
 * What the service worker shows for a push (Contract v2 → Notifications: the decrypted payload is JSON
 * `{ type, notificationId, roomId, messageId, title, body, url }`), kept free of worker globals so it is unit-tested.
 */

/** The app icon: a push's badge, and its icon when the sender has no picture (or it cannot be loaded). */
export const PUSH_ICON = '/icons/icon-192.png';

/** What a shown notification keeps for its click. */
export interface NoticeData {
  /** The app's path to open: the message's permalink. */
  path: string;
  roomId: string;
  notificationId: string;
}

export interface PushNotice {
  title: string;
  options: {
    body: string;
    /** One notification per room: a newer message replaces the older one… */
    tag: string;
    /** …and still alerts. */
    renotify: boolean;
    icon: string;
    badge: string;
    timestamp: number;
    data: NoticeData;
  };
}

const UUIDISH = /^[0-9a-zA-Z-]{1,64}$/;

/** The payload, when it is one (anything else is not from this app's server). */
export function parsePushPayload(text: string | null | undefined): PushPayload | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  const strings = ['notificationId', 'roomId', 'messageId', 'title', 'body', 'url'] as const;
  if (!strings.every((k) => typeof p[k] === 'string')) return null;
  if (p.type !== 'direct_message' && p.type !== 'mention') return null;
  if (!UUIDISH.test(p.roomId as string)) return null;
  if (p.icon !== undefined && typeof p.icon !== 'string') return null;
  return p as unknown as PushPayload;
}

/**
 * The app path a push opens: the message's permalink `/rooms/:roomId/messages/:seq` (the `seq` read from the payload's
 * `url`, `<PUBLIC_URL>/rooms/<roomId>?seq=<seq>`), or the room when the url says no seq. Never another site.
 */
export function pushTargetPath(payload: Pick<PushPayload, 'roomId' | 'url'>): string {
  const room = `/rooms/${encodeURIComponent(payload.roomId)}`;
  let seq: string | null;
  try {
    seq = new URL(payload.url, 'http://app.invalid').searchParams.get('seq');
  } catch {
    seq = null;
  }
  return seq && /^\d{1,15}$/.test(seq) ? `${room}/messages/${seq}` : room;
}

/** The tag of a room's notification: one per room, and what a page closes once the room is read. */
export function pushNoticeTag(roomId: string): string {
  return `room:${roomId}`;
}

const FILE_CONTENT = /^\/api\/files\/[0-9a-zA-Z-]{1,64}\/content$/;

/**
 * The sender's picture a push names (`icon`, beyond the contract's fields), as a path of this app's own file route: it
 * is loaded from this origin, with the file cookie, whatever host the URL names. Null for none or anything else.
 */
export function pushIconPath(icon: string | undefined): string | null {
  if (!icon) return null;
  let path: string;
  try {
    path = new URL(icon, 'http://app.invalid').pathname;
  } catch {
    return null;
  }
  return FILE_CONTENT.test(path) ? path : null;
}

export function pushNotice(payload: PushPayload, now: number): PushNotice {
  return {
    title: payload.title,
    options: {
      body: payload.body,
      tag: pushNoticeTag(payload.roomId),
      renotify: true,
      icon: pushIconPath(payload.icon) ?? PUSH_ICON,
      badge: PUSH_ICON,
      timestamp: now,
      data: { path: pushTargetPath(payload), roomId: payload.roomId, notificationId: payload.notificationId },
    },
  };
}

/** The message a window of the app gets to open a path (it routes there without reloading). */
export interface OpenPathMessage {
  type: 'chat:open';
  path: string;
}

export function isOpenPathMessage(value: unknown): value is OpenPathMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<OpenPathMessage>;
  return m.type === 'chat:open' && typeof m.path === 'string' && m.path.startsWith('/rooms/');
}
