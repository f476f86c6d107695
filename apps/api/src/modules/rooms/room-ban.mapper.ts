import type { RoomBan, User } from '@chat/contracts';
import type { RoomBanEntity } from './entities/room-ban.entity.js';

/** The `RoomBan` shapes of bans whose users still exist. */
export function toRoomBans(rows: RoomBanEntity[], users: Map<string, User>): RoomBan[] {
  return rows
    .filter((b) => users.has(b.userId))
    .map((b) => ({
      user: users.get(b.userId)!,
      reason: b.reason,
      expiresAt: b.expiresAt ? b.expiresAt.toISOString() : null,
      bannedBy: (b.bannedBy && users.get(b.bannedBy)) || null,
      createdAt: b.createdAt.toISOString(),
    }));
}
