import type { AdminUser, FriendshipState, Me, User } from '@chat/contracts';
import { fileUrl } from '../files/file-url.js';
import type { UserEntity } from './entities/user.entity.js';

/** How a user relates to the one who looks at them. */
export interface UserRelation {
  friendship: FriendshipState;
  online: boolean;
}

/** The birthdate as this viewer may see it: the user themself always, others as `birthdateVisibility` allows. */
function birthdateFor(e: UserEntity, friendship: FriendshipState): string | null {
  if (friendship === 'self' || e.birthdateVisibility === 'everyone') return e.birthdate;
  return e.birthdateVisibility === 'friends' && friendship === 'friends' ? e.birthdate : null;
}

/** The public `User` shape (`birthdate` as the viewer may see it). */
export function toUser(e: UserEntity, relation: UserRelation): User {
  return {
    id: e.id,
    username: e.username,
    displayName: e.displayName,
    bio: e.bio,
    birthdate: birthdateFor(e, relation.friendship),
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
  const dnd = e.dndUntil && e.dndUntil.getTime() > Date.now() ? e.dndUntil.toISOString() : null;
  return {
    ...toUser(e, { friendship: 'self', online }),
    email: e.email,
    dmPolicy: e.dmPolicy,
    serverRole: e.serverRole,
    dndUntil: dnd,
    emailNotifications: e.emailNotifications,
    birthdateVisibility: e.birthdateVisibility,
    pushPreview: e.pushPreview,
  };
}

/** A user as server admins see them: the `User` they would see, plus the account's email, role and state. */
export function toAdminUser(e: UserEntity, user: User): AdminUser {
  return { ...user, email: e.email, serverRole: e.serverRole, deactivatedAt: e.deactivatedAt ? e.deactivatedAt.toISOString() : null };
}
