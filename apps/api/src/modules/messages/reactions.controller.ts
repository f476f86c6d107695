import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReactionParam, type User } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { ReactionsService } from './reactions.service.js';

/** Emoji reactions; `:emoji` is URL-encoded (Express decodes it; a malformed encoding answers 400). */
@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages/:id/reactions/:emoji')
export class ReactionsController {
  constructor(private readonly reactions: ReactionsService) {}

  @Put()
  @HttpCode(204)
  add(@CurrentUser() me: AuthUser, @Param() p: ReactionParam): Promise<void> {
    return this.reactions.set(me.userId, p.id, p.emoji, true);
  }

  @Delete()
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: ReactionParam): Promise<void> {
    return this.reactions.set(me.userId, p.id, p.emoji, false);
  }

  @Get()
  who(@CurrentUser() me: AuthUser, @Param() p: ReactionParam): Promise<User[]> {
    return this.reactions.who(me.userId, p.id, p.emoji);
  }
}
