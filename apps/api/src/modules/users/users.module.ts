import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { UserEntity } from './entities/user.entity.js';
import { PresenceStore } from './presence.store.js';
import { ServerAdminGuard } from './server-admin.guard.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [FilesModule, TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PresenceStore, ServerAdminGuard],
  exports: [UsersService, PresenceStore, ServerAdminGuard],
})
export class UsersModule {}
