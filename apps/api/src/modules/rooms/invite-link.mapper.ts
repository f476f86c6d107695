import type { InviteLink, User } from '@chat/contracts';
import type { RoomInviteLinkEntity } from './entities/room-invite-link.entity.js';

/** The `InviteLink` shape of a room's link; `url` is the web app's join page for the code. */
export function toInviteLink(l: RoomInviteLinkEntity, createdBy: User, publicUrl: string): InviteLink {
  return {
    id: l.id,
    code: l.code,
    url: `${publicUrl}/room-invites/${l.code}`,
    maxUses: l.maxUses,
    uses: l.uses,
    expiresAt: l.expiresAt ? l.expiresAt.toISOString() : null,
    createdBy,
    revokedAt: l.revokedAt ? l.revokedAt.toISOString() : null,
    createdAt: l.createdAt.toISOString(),
  };
}
