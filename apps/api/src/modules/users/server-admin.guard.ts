import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/current-user.js';
import { UsersService } from './users.service.js';

/**
 * The one check of "is a server admin", for every admin route: it runs after the global session guard and reads the
 * role from the database on each request, so a demotion or deactivation takes effect at once. Not an admin: 403.
 */
@Injectable()
export class ServerAdminGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { user } = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
    if (!user) throw AppException.unauthenticated();
    if (!(await this.users.isAdmin(user.userId))) throw AppException.forbidden('Only server admins may do this');
    return true;
  }
}

/** Marks a controller or route as server admins only (the module must import UsersModule). */
export const ServerAdminOnly = () =>
  applyDecorators(UseGuards(ServerAdminGuard), ApiForbiddenResponse({ description: 'The caller is not a server admin' }));
