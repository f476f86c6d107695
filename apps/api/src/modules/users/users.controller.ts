import { Body, Controller, Get, Inject, Param, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LIMITS, type Me, SearchUsersQuery, UpdateMeDto, type User, UserIdParam } from '@chat/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { type AuthUser, CurrentUser } from '../auth/auth-user.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Also (re)sets the file-download cookie from the bearer token, for sessions opened before it existed. */
  @Get('me')
  me(@CurrentUser() user: AuthUser, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Me> {
    const token = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (token) setSessionCookie(res, this.config, token);
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
