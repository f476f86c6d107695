import type { FriendshipState, Me, User } from '@chat/contracts';
import { fileUrl } from '../files/file-url.js';
import type { UserEntity } from './entities/user.entity.js';

/** How a user relates to the one who looks at them. */
export interface UserRelation {
  friendship: FriendshipState;
  online: boolean;
}

/** The public `User` shape. */
export function toUser(e: UserEntity, relation: UserRelation): User {
  return {
    id: e.id,
    username: e.username,
    displayName: e.displayName,
    bio: e.bio,
    birthdate: e.birthdate,
    avatarUrl: fileUrl(e.avatarFileId),
    coverUrl: fileUrl(e.coverFileId),
    online: relation.online,
    lastSeenAt: e.lastSeenAt ? e.lastSeenAt.toISOString() : null,
    friendship: relation.friendship,
    createdAt: e.createdAt.toISOString(),
  };
}

/** The caller's own profile: the public shape plus what only they see. */
export function toMe(e: UserEntity, online: boolean): Me {
  return { ...toUser(e, { friendship: 'self', online }), email: e.email, dmPolicy: e.dmPolicy, serverRole: e.serverRole };
}
