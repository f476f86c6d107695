import { Body, Controller, createParamDecorator, Delete, type ExecutionContext, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
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
import type { Request } from 'express';
import { type AuthUser, CurrentUser, Public } from './auth-user.js';
import { AuthService, type ClientInfo } from './auth.service.js';

const Client = createParamDecorator((_d: unknown, ctx: ExecutionContext): ClientInfo => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  register(@Body() dto: RegisterDto, @Client() client: ClientInfo): Promise<AuthResponse> {
    return this.auth.register(dto, client);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Client() client: ClientInfo): Promise<AuthResponse> {
    return this.auth.login(dto, client);
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
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
  confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    return this.auth.confirmPasswordReset(dto);
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
