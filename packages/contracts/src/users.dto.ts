import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { LIMITS } from './limits.js';
import { CodePointLength, IntegerString, NoNul, Trim, NoControlChars } from './validators.js';

export class UpdateMeDto {
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(LIMITS.displayNameMin, LIMITS.displayNameMax)
  @NoControlChars()
  displayName?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, LIMITS.bioMax)
  bio?: string;

  /** `YYYY-MM-DD`, or `null` to clear. */
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be a date as YYYY-MM-DD' })
  birthdate?: string | null;

  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID('all', { message: 'must be a UUID' })
  avatarFileId?: string | null;

  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsUUID('all', { message: 'must be a UUID' })
  coverFileId?: string | null;

  @IsOptional()
  @IsIn(['friends', 'everyone'])
  dmPolicy?: 'friends' | 'everyone';

  /** Do not disturb until this time, or `null` to end it. */
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 time' })
  dndUntil?: string | null;

  @IsOptional()
  @IsIn(['never', 'missed'])
  emailNotifications?: 'never' | 'missed';

  @IsOptional()
  @IsIn(['everyone', 'friends', 'nobody'])
  birthdateVisibility?: 'everyone' | 'friends' | 'nobody';

  @IsOptional()
  @IsBoolean()
  pushPreview?: boolean;
}

/** Page size, shared by every list that pages. */
export class PageQuery {
  @IsOptional()
  @IntegerString()
  @IsInt({ message: 'must be an integer' })
  @Min(LIMITS.pageMin)
  @Max(LIMITS.pageMax)
  limit?: number;
}

export class SearchUsersQuery extends PageQuery {
  @IsOptional()
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(0, 64)
  q?: string;
}

export class UserIdParam {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}

export class SessionIdParam {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}
