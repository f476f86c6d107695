import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { UsersModule } from '../users/users.module.js';
import { ServerInviteLinkEntity } from './entities/server-invite-link.entity.js';
import { ServerSettingsEntity } from './entities/server-settings.entity.js';
import { InviteLinksService } from './invite-links.service.js';
import { AdminInviteLinksController, AdminSettingsController, ServerController } from './server.controller.js';
import { ServerRepository } from './server.repository.js';
import { ServerSettingsService } from './server-settings.service.js';

/**
 * The server as a whole: its settings (name, registration, room creation), `GET /server`, and server invite links.
 * Auth asks it whether a registration is admitted; rooms whether a user may create a room.
 */
@Module({
  imports: [UsersModule, FriendshipsModule, AuditModule, TypeOrmModule.forFeature([ServerSettingsEntity, ServerInviteLinkEntity])],
  controllers: [ServerController, AdminSettingsController, AdminInviteLinksController],
  providers: [ServerSettingsService, InviteLinksService, ServerRepository],
  exports: [ServerSettingsService],
})
export class ServerModule {}
