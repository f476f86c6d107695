import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PageQuery } from './users.dto.js';
import type { User } from './models.js';
import { CodePointLength, IntegerString, NoNul, Trim } from './validators.js';

/** A user's role on the whole server (`/users/me`, admin views). The first account of an empty server is `admin`. */
export type ServerRole = 'admin' | 'user';

/** One line of the audit log (`GET /admin/audit`): who did what to what. `details` depends on the action. */
export interface AuditEntry {
  id: string;
  actor: User;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: string;
}

/** An audit entry's id (a UUID) or an ISO-8601 time. */
const AUDIT_CURSOR =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)$/i;

/**
 * `GET /admin/audit?limit=&before=`: newest first. `before` is the id of the last entry of the previous page (or an
 * ISO-8601 time: the entries older than it).
 */
export class AuditQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @Matches(AUDIT_CURSOR, { message: 'must be an audit entry id or an ISO-8601 time' })
  before?: string;
}

/** A server invite link (`/admin/invite-links`) or a room invite link (`/rooms/:id/invite-links`). */
export interface InviteLink {
  id: string;
  code: string;
  url: string;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  createdBy: User;
  revokedAt: string | null;
  createdAt: string;
}

export const INVITE_LINK_LIMITS = { maxUses: 100_000, expiresInHours: 24 * 365 } as const;

/** `POST /admin/invite-links` and `POST /rooms/:id/invite-links`: both optional; absent means unlimited. */
export class CreateInviteLinkDto {
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(INVITE_LINK_LIMITS.maxUses)
  maxUses?: number;

  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(INVITE_LINK_LIMITS.expiresInHours)
  expiresInHours?: number;
}

/** `GET /admin/users?q=&limit=&offset=`. */
export class AdminUsersQuery extends PageQuery {
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, 254)
  q?: string;

  @IsOptional()
  @IntegerString()
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}
