import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { parse } from 'cookie';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/current-user.js';
import { AuthService } from './auth.service.js';
import { SESSION_COOKIE } from '../../common/session-cookie.js';

/**
 * For routes a browser loads without script (`<img src>`, download links), marked @Public() so the bearer-only
 * global guard lets them through: the session token comes from `Authorization: Bearer` when that header is sent,
 * else from the `chat_token` cookie. Either way it is verified by AuthService.authenticateToken, the same check as
 * every other request (signature, expiry, a live session).
 */
@Injectable()
export class BearerOrCookieGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    let token: string | undefined;
    if (header !== undefined) {
      const m = /^Bearer ([^\s]+)$/i.exec(header.trim());
      if (!m) throw AppException.unauthenticated();
      token = m[1];
    } else if (req.headers.cookie) {
      token = parse(req.headers.cookie)[SESSION_COOKIE];
    }
    if (!token) throw AppException.unauthenticated();
    req.user = await this.auth.authenticateToken(token);
    return true;
  }
}
