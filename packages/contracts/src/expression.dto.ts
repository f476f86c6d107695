import { IsBoolean, IsString, IsUUID, MaxLength } from 'class-validator';

const uuid = { message: 'must be a UUID' };

/**
 * Longest emoji accepted, in UTF-16 code units: the longest RGI sequences (families with skin tones, tag flags) are
 * under 40. Whether the string is one emoji is decided by the server against its emoji data set.
 */
export const EMOJI_MAX_LENGTH = 64;

/** `PUT|DELETE|GET /messages/:id/reactions/:emoji` (`:emoji` URL-encoded: one Unicode emoji). */
export class ReactionParam {
  @IsUUID('all', uuid)
  id!: string;

  @IsString()
  @MaxLength(EMOJI_MAX_LENGTH, { message: 'must be one emoji' })
  emoji!: string;
}

/** Socket `reaction:set`: adds (`on: true`) or removes the caller's reaction. */
export class ReactionSetDto {
  @IsUUID('all', uuid)
  messageId!: string;

  @IsString()
  @MaxLength(EMOJI_MAX_LENGTH, { message: 'must be one emoji' })
  emoji!: string;

  @IsBoolean()
  on!: boolean;
}
