import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type FriendRequest, FriendRequestsQuery, FriendUserParam, IdParam, type User, UserRefDto } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { FriendshipsService } from './friendships.service.js';

@ApiTags('friends')
@ApiBearerAuth()
@Controller('friends')
export class FriendshipsController {
  constructor(private readonly friends: FriendshipsService) {}

  @Get()
  list(@CurrentUser() me: AuthUser): Promise<User[]> {
    return this.friends.listFriends(me.userId);
  }

  @Delete(':userId')
  @HttpCode(204)
  unfriend(@CurrentUser() me: AuthUser, @Param() p: FriendUserParam): Promise<void> {
    return this.friends.unfriend(me.userId, p.userId);
  }

  @Post('requests')
  send(@CurrentUser() me: AuthUser, @Body() dto: UserRefDto): Promise<FriendRequest> {
    return this.friends.sendRequest(me.userId, dto.userId);
  }

  @Get('requests')
  pending(@CurrentUser() me: AuthUser, @Query() q: FriendRequestsQuery): Promise<FriendRequest[]> {
    return this.friends.listPending(me.userId, q.direction ?? 'incoming');
  }

  @Post('requests/:id/accept')
  @HttpCode(200)
  accept(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<FriendRequest> {
    return this.friends.respond(me.userId, p.id, 'accept');
  }

  @Post('requests/:id/reject')
  @HttpCode(200)
  reject(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<FriendRequest> {
    return this.friends.respond(me.userId, p.id, 'reject');
  }

  @Post('requests/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<FriendRequest> {
    return this.friends.respond(me.userId, p.id, 'cancel');
  }
}
