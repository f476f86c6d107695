import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LIMITS, SearchUsersQuery, type User, UserIdParam } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { PeopleService } from './people.service.js';

/** Other users as the caller sees them (`/users/me` is the users module's, registered before this one). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  search(@CurrentUser() user: AuthUser, @Query() query: SearchUsersQuery): Promise<User[]> {
    return this.people.search(user.userId, query.q ?? '', query.limit ?? LIMITS.pageDefault);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param() params: UserIdParam): Promise<User> {
    return this.people.profile(user.userId, params.id);
  }
}
