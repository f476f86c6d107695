import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type User, UserIdParam } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { BlocksService } from './blocks.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  @Get('me/blocks')
  list(@CurrentUser() me: AuthUser): Promise<User[]> {
    return this.blocks.list(me.userId);
  }

  @Put(':id/block')
  @HttpCode(204)
  block(@CurrentUser() me: AuthUser, @Param() p: UserIdParam): Promise<void> {
    return this.blocks.block(me.userId, p.id);
  }

  @Delete(':id/block')
  @HttpCode(204)
  unblock(@CurrentUser() me: AuthUser, @Param() p: UserIdParam): Promise<void> {
    return this.blocks.unblock(me.userId, p.id);
  }
}
