import type { InviteLink, User } from '@chat/contracts';
import type { ServerInviteLinkEntity } from './entities/server-invite-link.entity.js';

/** The registration page of the web app takes the code from `/invite/<code>`. */
export const serverInviteUrl = (publicUrl: string, code: string) => `${publicUrl}/invite/${encodeURIComponent(code)}`;

export function toInviteLink(e: ServerInviteLinkEntity, createdBy: User, publicUrl: string): InviteLink {
  return {
    id: e.id,
    code: e.code,
    url: serverInviteUrl(publicUrl, e.code),
    maxUses: e.maxUses,
    uses: e.uses,
    expiresAt: e.expiresAt ? e.expiresAt.toISOString() : null,
    createdBy,
    revokedAt: e.revokedAt ? e.revokedAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
  };
}
