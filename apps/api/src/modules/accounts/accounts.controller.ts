import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AdminUser, AdminUsersQuery, DeleteAccountDto, LIMITS, UpdateAdminUserDto, UserIdParam } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { ServerAdminOnly } from '../users/server-admin.guard.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AdminUsersService } from './admin-users.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@ServerAdminOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  list(@CurrentUser() me: AuthUser, @Query() q: AdminUsersQuery): Promise<AdminUser[]> {
    return this.admin.list(me.userId, q.q ?? '', q.limit ?? LIMITS.pageDefault, q.offset ?? 0);
  }

  @Patch(':id')
  update(@CurrentUser() me: AuthUser, @Param() p: UserIdParam, @Body() dto: UpdateAdminUserDto): Promise<AdminUser> {
    return this.admin.update(me.userId, p.id, dto);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me')
export class AccountController {
  constructor(private readonly deletion: AccountDeletionService) {}

  /** `DELETE /users/me { password }`: the body of a DELETE, as the contract writes it. */
  @Delete()
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Body() dto: DeleteAccountDto): Promise<void> {
    return this.deletion.remove(me.userId, dto.password);
  }
}
