import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, ValidateIf } from 'class-validator';
import type { Message, Room, User } from './models.js';
import { PageQuery } from './users.dto.js';
import { CodePointLength, NoNul, Trim } from './validators.js';

const uuid = { message: 'must be a UUID' };

export type ReportReason = 'spam' | 'abuse' | 'illegal' | 'other';
export type ReportStatus = 'open' | 'resolved';
export type ReportAction = 'dismiss' | 'delete_message' | 'ban_from_room' | 'deactivate_user';
export const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'illegal', 'other'];
export const REPORT_ACTIONS: readonly ReportAction[] = ['dismiss', 'delete_message', 'ban_from_room', 'deactivate_user'];

/** Longest comment on a report and reason of a ban, in code points. */
export const SAFETY_LIMITS = { reportCommentMax: 1000, banReasonMax: 500 } as const;

/**
 * A report about a message (`message` and its `room` set, `user` null) or about a user (`user` set, `message` and
 * `room` null). `resolution` is the action taken once resolved.
 */
export interface Report {
  id: string;
  reporter: User;
  message: Message | null;
  user: User | null;
  room: Room | null;
  reason: ReportReason;
  comment: string;
  status: ReportStatus;
  resolution: ReportAction | null;
  createdAt: string;
}

/** An active ban of a user from a room (`GET /rooms/:id/bans`); `bannedBy` null once that account is gone. */
export interface RoomBan {
  user: User;
  reason: string;
  expiresAt: string | null;
  bannedBy: User | null;
  createdAt: string;
}

/** What a room invite link shows before joining (`GET /room-invites/:code`). */
export interface RoomInvitePreview {
  room: { id: string; name: string; description: string; avatarUrl: string | null; memberCount: number };
}

/** `POST /reports`: exactly one of `messageId` and `userId`. */
export class CreateReportDto {
  @IsOptional()
  @IsUUID('all', uuid)
  messageId?: string;

  @IsOptional()
  @IsUUID('all', uuid)
  userId?: string;

  @IsIn(REPORT_REASONS)
  reason!: ReportReason;

  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, SAFETY_LIMITS.reportCommentMax)
  comment?: string;
}

/** `GET /reports?status=&limit=&before=`: newest first; `before` is the id of the last report of the previous page. */
export class ReportsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: ReportStatus;

  @IsOptional()
  @IsUUID('all', { message: 'must be a report id' })
  before?: string;
}

export class ResolveReportDto {
  @IsIn(REPORT_ACTIONS)
  action!: ReportAction;
}

/** `PUT /rooms/:id/bans/:userId`: `expiresAt` a future ISO time, or absent/null for a ban without end. */
export class BanDto {
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, SAFETY_LIMITS.banReasonMax)
  reason?: string;

  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 time' })
  expiresAt?: string | null;
}

export class RoomInviteLinkParam {
  @IsUUID('all', uuid)
  id!: string;

  @IsUUID('all', uuid)
  linkId!: string;
}

/** An invite code as it appears in a URL: base64url characters only (anything else cannot be a code: 404). */
export class InviteCodeParam {
  @IsString()
  @CodePointLength(1, 64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'is not an invite code' })
  code!: string;
}
