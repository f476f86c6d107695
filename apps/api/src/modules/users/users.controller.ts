import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LIMITS, type Me, SearchUsersQuery, UpdateMeDto, type User, UserIdParam } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../auth/auth-user.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<Me> {
    return this.users.getMe(user.userId);
  }

  @Patch('me')
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<Me> {
    return this.users.updateMe(user.userId, dto);
  }

  @Get()
  search(@CurrentUser() user: AuthUser, @Query() query: SearchUsersQuery): Promise<User[]> {
    return this.users.search(user.userId, query.q ?? '', query.limit ?? LIMITS.pageDefault);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param() params: UserIdParam): Promise<User> {
    return this.users.getProfile(user.userId, params.id);
  }
}
