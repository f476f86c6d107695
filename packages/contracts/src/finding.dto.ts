import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from './limits.js';
import { PageQuery } from './users.dto.js';
import { CodePointLength, NoNul, Trim } from './validators.js';

const uuid = { message: 'must be a UUID' };
const isoDate = { message: 'must be an ISO-8601 date' };

/**
 * `GET /search/messages`. `q`: words (each must match: a whole word in any form, a word prefix, or a part of a longer
 * token of 3+ characters) and `"quoted phrases"` (matched in order). `from` is a user id; `before`/`after` ISO dates;
 * `cursor` the `nextCursor` of the previous page.
 */
export class SearchMessagesQuery extends PageQuery {
  @Trim()
  @IsString()
  @NoNul()
  @CodePointLength(1, LIMITS.searchQueryMax)
  q!: string;

  @IsOptional()
  @IsUUID('all', uuid)
  roomId?: string;

  @IsOptional()
  @IsUUID('all', uuid)
  from?: string;

  @IsOptional()
  @IsIn(['file'])
  has?: 'file';

  @IsOptional()
  @IsISO8601({ strict: true }, isoDate)
  before?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, isoDate)
  after?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be a cursor from a previous page' })
  cursor?: string;
}

/** `GET /saved`: `before` is the `savedAt` of the last item of the previous page. */
export class SavedQuery extends PageQuery {
  @IsOptional()
  @IsISO8601({ strict: true }, isoDate)
  before?: string;
}

/** `POST /rooms/:id/unread`: the message that becomes the first unread one. */
export class UnreadDto {
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;
}
