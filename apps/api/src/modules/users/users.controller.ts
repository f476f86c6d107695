import { Body, Controller, Get, Inject, Patch, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Me, UpdateMeDto } from '@chat/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { setSessionCookie } from '../../common/session-cookie.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
/**
 * The caller's own account. Other people (`GET /users`, `GET /users/:id`) are answered by the friendships module's
 * PeopleController, which knows how they relate to the caller; this module is registered first, so `/users/me` is
 * matched before `/users/:id`.
 */
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
}
