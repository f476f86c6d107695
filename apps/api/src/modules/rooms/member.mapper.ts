import type { Member, User } from '@chat/contracts';
import type { RoomMemberEntity } from './entities/room-member.entity.js';
import { RANK } from './room-access.service.js';

/** The `Member` shapes of membership rows whose users still exist, owners first, then by joining time. */
export function toMembers(rows: RoomMemberEntity[], users: Map<string, User>): Member[] {
  return rows
    .filter((r) => users.has(r.userId))
    .map((r) => ({ user: users.get(r.userId)!, role: r.role, joinedAt: r.joinedAt.toISOString(), lastReadSeq: r.lastReadSeq }))
    .sort((a, b) => RANK[b.role] - RANK[a.role] || a.joinedAt.localeCompare(b.joinedAt));
}
