import type { NotifyLevel, RoomKind, RoomNotify } from '@chat/contracts';
import type { RoomMemberEntity } from './entities/room-member.entity.js';

/** The level of a room kind when the member chose none: every direct message, only mentions in groups. */
export const defaultLevel = (kind: RoomKind): NotifyLevel => (kind === 'direct' ? 'all' : 'mentions');

/** A member's effective settings at `now` (a mute that ended reads as none). */
export function toRoomNotify(
  kind: RoomKind,
  m: Pick<RoomMemberEntity, 'notifyLevel' | 'mutedUntil'> | undefined,
  now = Date.now(),
): RoomNotify {
  const muted = m?.mutedUntil && m.mutedUntil.getTime() > now ? m.mutedUntil.toISOString() : null;
  return { level: m?.notifyLevel ?? defaultLevel(kind), mutedUntil: muted };
}
