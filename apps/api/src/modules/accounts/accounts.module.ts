import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { FilesModule } from '../files/files.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountController, AdminUsersController } from './accounts.controller.js';
import { AccountDeletionService } from './account-deletion.service.js';
import { AdminUsersService } from './admin-users.service.js';

/**
 * The life of an account beyond its profile: server admins promoting, demoting, deactivating and reactivating users,
 * and users deleting their own account. It sits above auth, whose sessions it ends.
 */
@Module({
  imports: [UsersModule, FriendshipsModule, AuthModule, AuditModule, FilesModule, RoomsModule],
  controllers: [AdminUsersController, AccountController],
  providers: [AdminUsersService, AccountDeletionService],
  exports: [AdminUsersService],
})
export class AccountsModule {}
