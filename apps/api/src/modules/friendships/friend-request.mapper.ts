import type { FriendRequest, User } from '@chat/contracts';
import type { FriendRequestEntity } from './entities/friend-request.entity.js';

/** The `FriendRequest` shape, its two users already presented for the viewer. */
export function toFriendRequest(r: FriendRequestEntity, users: Map<string, User>): FriendRequest {
  return { id: r.id, from: users.get(r.fromId)!, to: users.get(r.toId)!, status: r.status, createdAt: r.createdAt.toISOString() };
}
