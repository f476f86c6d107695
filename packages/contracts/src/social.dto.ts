import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { LIMITS } from './limits.js';
import { PageQuery } from './users.dto.js';
import { CodePointLength, IntegerString, NoNul, Trim, NoControlChars } from './validators.js';

const uuid = { message: 'must be a UUID' };
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

export class UserRefDto {
  @IsUUID('all', uuid)
  userId!: string;
}

export class FriendRequestsQuery {
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction?: 'incoming' | 'outgoing';
}

export class FriendUserParam {
  @IsUUID('all', uuid)
  userId!: string;
}

export class RoomsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['joined', 'discover'])
  scope?: 'joined' | 'discover';

  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, LIMITS.roomNameMax)
  q?: string;
}

/** The settings of a group room besides its name, shared by creating (`CreateRoomDto`) and changing (`UpdateRoomDto`) one. */
export class RoomFields {
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, LIMITS.roomDescriptionMax)
  @NoControlChars()
  description?: string;

  @IsOptional()
  @IsIn(['public', 'private'])
  visibility?: 'public' | 'private';

  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID('all', uuid)
  avatarFileId?: string | null;

  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID('all', uuid)
  coverFileId?: string | null;
}

export class CreateRoomDto extends RoomFields {
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.roomNameMin, LIMITS.roomNameMax)
  @NoControlChars()
  name!: string;
}

export class UpdateRoomDto extends RoomFields {
  /** Who may use `@room` and `@here`: every member, or admins and owners only. */
  @IsOptional()
  @IsIn(['everyone', 'admins'])
  roomMentions?: 'everyone' | 'admins';

  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.roomNameMin, LIMITS.roomNameMax)
  @NoControlChars()
  name?: string;
}

export class RoomIdParam {
  @IsUUID('all', uuid)
  id!: string;
}

export class RoomInviteParam {
  @IsUUID('all', uuid)
  id!: string;

  @IsUUID('all', uuid)
  inviteId!: string;
}

export class RoomMemberParam {
  @IsUUID('all', uuid)
  id!: string;

  @IsUUID('all', uuid)
  userId!: string;
}

export class UpdateMemberDto {
  @IsIn(['owner', 'admin', 'member'])
  role!: 'owner' | 'admin' | 'member';
}

export class MessagesQuery extends PageQuery {
  @IsOptional()
  @IntegerString()
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(MAX_SEQ)
  before?: number;

  @IsOptional()
  @IntegerString()
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(MAX_SEQ)
  after?: number;

  /** The page centred on this seq (not with `before` or `after`). */
  @IsOptional()
  @IntegerString()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(MAX_SEQ)
  around?: number;
}

/** Body of a new message. Blank (white space or zero-width only) counts as empty, allowed only with attachments. */
export class SendMessageDto {
  @IsString()
  @CodePointLength(1, 64)
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'may contain only letters, digits, "_", ".", ":" and "-"' })
  clientId!: string;

  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, LIMITS.messageBodyMax)
  body!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.attachmentsMax)
  @IsUUID('all', { each: true, message: 'must hold UUIDs' })
  attachmentIds?: string[];

  @IsOptional()
  @IsUUID('all', uuid)
  replyToId?: string;
}

export class EditMessageDto {
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, LIMITS.messageBodyMax)
  body!: string;
}

export class ReadDto {
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

/** Socket `message:send` payload: a new message plus its room. */
export class MessageSendDto extends SendMessageDto {
  @IsUUID('all', uuid)
  roomId!: string;
}

export class TypingDto {
  @IsUUID('all', uuid)
  roomId!: string;

  @IsBoolean()
  typing!: boolean;
}

export class RoomReadDto extends ReadDto {
  @IsUUID('all', uuid)
  roomId!: string;
}

export class NotificationsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}
