import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { UserEntity } from './entities/user.entity.js';
import { ActivityStore } from './activity.store.js';
import { PresenceStore } from './presence.store.js';
import { ServerAdminGuard } from './server-admin.guard.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';
import { UsersSocket } from './users.socket.js';

@Module({
  imports: [FilesModule, TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PresenceStore, ActivityStore, UsersSocket, ServerAdminGuard],
  exports: [UsersService, PresenceStore, ActivityStore, ServerAdminGuard],
})
export class UsersModule {}
