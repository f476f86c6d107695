import {
  Body,
  Controller,
  createParamDecorator,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type AuthResponse,
  ChangePasswordDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RegisterDto,
  type Session,
  SessionIdParam,
} from '@chat/contracts';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { type AuthUser, CurrentUser, Public } from '../../common/current-user.js';
import { AuthService, type ClientInfo } from './auth.service.js';
import { clearSessionCookie, setSessionCookie } from '../../common/session-cookie.js';

const Client = createParamDecorator((_d: unknown, ctx: ExecutionContext): ClientInfo => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Register and login also set the token as the `chat_token` cookie that file downloads accept (session-cookie.ts). */
  @Public()
  @Post('register')
  async register(@Body() dto: RegisterDto, @Client() client: ClientInfo, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    const session = await this.auth.register(dto, client);
    setSessionCookie(res, this.config, session.token);
    return session;
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Client() client: ClientInfo, @Res({ passthrough: true }) res: Response): Promise<AuthResponse> {
    const session = await this.auth.login(dto, client);
    setSessionCookie(res, this.config, session.token);
    return session;
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(user);
    clearSessionCookie(res, this.config);
  }

  @ApiBearerAuth()
  @Get('sessions')
  sessions(@CurrentUser() user: AuthUser): Promise<Session[]> {
    return this.auth.listSessions(user);
  }

  @ApiBearerAuth()
  @Delete('sessions/:id')
  @HttpCode(204)
  revokeSession(@CurrentUser() user: AuthUser, @Param() params: SessionIdParam): Promise<void> {
    return this.auth.revokeSession(user, params.id);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  async requestReset(@Body() dto: PasswordResetRequestDto, @Client() client: ClientInfo): Promise<{ status: 'accepted' }> {
    await this.auth.requestPasswordReset(dto.email, client);
    return { status: 'accepted' };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  confirmReset(@Body() dto: PasswordResetConfirmDto, @Client() client: ClientInfo): Promise<void> {
    return this.auth.confirmPasswordReset(dto, client);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me/password')
export class PasswordController {
  constructor(private readonly auth: AuthService) {}

  @Put()
  @HttpCode(204)
  change(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto);
  }
}
