import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LIMITS } from './limits.js';
import { PageQuery } from './users.dto.js';
import type { User } from './models.js';
import { CodePointLength, IntegerString, NoControlChars, NoNul, Trim } from './validators.js';

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

export type RegistrationMode = 'open' | 'invite' | 'closed';
export type RoomCreationPolicy = 'everyone' | 'admins';

/** `GET /server` (anyone): what a client needs before sign-in. */
export interface ServerInfo {
  name: string;
  registration: RegistrationMode;
}

/** `GET /admin/settings`, `PATCH /admin/settings` (admin). */
export interface ServerSettings {
  name: string;
  registration: RegistrationMode;
  roomCreation: RoomCreationPolicy;
}

export const SERVER_NAME_MAX = 80;

export class UpdateServerSettingsDto {
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(1, SERVER_NAME_MAX)
  @NoControlChars()
  name?: string;

  @IsOptional()
  @IsIn(['open', 'invite', 'closed'])
  registration?: RegistrationMode;

  @IsOptional()
  @IsIn(['everyone', 'admins'])
  roomCreation?: RoomCreationPolicy;
}

/**
 * `GET /admin/overview` (admin): the server at a glance. `messages.today` counts messages sent since midnight UTC
 * (`since`); `messages.total` is PostgreSQL's estimate (exact counting would read the whole table).
 */
export interface AdminOverview {
  users: { total: number; active: number; admins: number; deactivated: number };
  rooms: { groups: number; direct: number };
  messages: { today: number; total: number };
  storage: { usedBytes: number; limitBytes: number | null };
  since: string;
}

/** A user as server admins see them (`GET /admin/users`). */
export interface AdminUser extends User {
  email: string;
  serverRole: ServerRole;
  deactivatedAt: string | null;
}

/** `PATCH /admin/users/:id` (admin). */
export class UpdateAdminUserDto {
  @IsOptional()
  @IsIn(['admin', 'user'])
  serverRole?: ServerRole;

  @IsOptional()
  @IsBoolean()
  deactivated?: boolean;
}

/** `DELETE /users/me`: the caller's password, checked before anything is removed. */
export class DeleteAccountDto {
  @IsString()
  @NoNul()
  @CodePointLength(1, LIMITS.passwordMax)
  password!: string;
}
