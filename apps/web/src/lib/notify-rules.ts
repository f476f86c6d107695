import type { Message, NotifyLevel, Room, RoomNotify } from '@chat/contracts';

/**
 * The caller's notification rules as the server applies them (Contract v2 → Notifications), for what this client
 * decides itself: the desktop alert of an open tab, the dimmed and last-sorted muted rooms, the room header's bell.
 */

/** "Until I turn it back on": a mute with no end is stored as a time no one will reach. */
export const MUTED_FOREVER = '9999-12-31T00:00:00.000Z';

/** From this year on a mute reads as "until turned back on". */
const FOREVER_YEAR = 9000;

function activeUntil(until: string | null | undefined, now: number): boolean {
  if (!until) return false;
  const t = Date.parse(until);
  return Number.isFinite(t) && t > now;
}

/** Whether the room's mute holds at `now` (an ended mute reads as not muted, as the server says). */
export function isMuted(notify: RoomNotify, now: number): boolean {
  return activeUntil(notify.mutedUntil, now);
}

/** Whether do-not-disturb holds at `now`. */
export function inDnd(dndUntil: string | null | undefined, now: number): boolean {
  return activeUntil(dndUntil, now);
}

/** A mute with no end ("until I turn it back on"). */
export function isMutedForever(notify: RoomNotify): boolean {
  return notify.mutedUntil !== null && new Date(notify.mutedUntil).getUTCFullYear() >= FOREVER_YEAR;
}

/**
 * A room that stays quiet: muted now, or set to "Nothing". The sidebar dims these and lists them after the others.
 */
export function isQuiet(room: Pick<Room, 'notify'>, now: number): boolean {
  return room.notify.level === 'none' || isMuted(room.notify, now);
}

/** The message names the reader: `@username`, `@room` or `@here` (what `mentionCount` counts). */
export function mentionsMe(message: Pick<Message, 'mentions'>, meId: string): boolean {
  const m = message.mentions;
  return m.room || m.here || m.userIds.includes(meId);
}

export interface AlertContext {
  meId: string;
  /** The room's kind and the caller's rules for it. */
  room: Pick<Room, 'kind' | 'notify'>;
  /** The caller's do-not-disturb end (`Me.dndUntil`). */
  dndUntil: string | null;
  now: number;
}

/**
 * Whether a new message alerts on this device: not one's own, not while do-not-disturb or the room's mute holds, and
 * as the room's level says: `all` every message, `mentions` only those that name the reader, `none` nothing.
 */
export function shouldAlert(message: Pick<Message, 'sender' | 'mentions'>, { meId, room, dndUntil, now }: AlertContext): boolean {
  if (message.sender.id === meId) return false;
  if (inDnd(dndUntil, now) || isMuted(room.notify, now)) return false;
  return levelAllows(room.notify.level, message, meId);
}

function levelAllows(level: NotifyLevel, message: Pick<Message, 'mentions'>, meId: string): boolean {
  if (level === 'none') return false;
  if (level === 'mentions') return mentionsMe(message, meId);
  return true;
}

/** Sidebar order: the server's (latest activity first), quiet rooms after the others, each group keeping its order. */
export function quietLast<R extends Pick<Room, 'notify'>>(rooms: readonly R[], now: number): R[] {
  const loud: R[] = [];
  const quiet: R[] = [];
  for (const r of rooms) (isQuiet(r, now) ? quiet : loud).push(r);
  return quiet.length === 0 ? (rooms as R[]) : [...loud, ...quiet];
}

export type MutePreset = '1h' | '8h' | '1d' | 'forever';

/** The end of a mute chosen in the bell menu. */
export function muteUntil(preset: MutePreset, now: number): string {
  const hour = 3_600_000;
  switch (preset) {
    case '1h':
      return new Date(now + hour).toISOString();
    case '8h':
      return new Date(now + 8 * hour).toISOString();
    case '1d':
      return new Date(now + 24 * hour).toISOString();
    case 'forever':
      return MUTED_FOREVER;
  }
}

/** "Until tomorrow": 08:00 local time on the next day. */
export function tomorrowMorning(now: number): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d.toISOString();
}

/** When a mute or do-not-disturb ends, for people: "18:00" today, else "Tue, Dec 8, 08:00". */
export function untilText(iso: string, now: number, locale?: string): string {
  const end = new Date(iso);
  const sameDay = end.toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(
    locale,
    sameDay ? { timeStyle: 'short' } : { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  ).format(end);
}
