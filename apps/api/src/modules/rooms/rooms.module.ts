import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { FilesModule } from '../files/files.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { ServerModule } from '../server/server.module.js';
import { UsersModule } from '../users/users.module.js';
import { BansService } from './bans.service.js';
import { DirectRoomsService } from './direct-rooms.service.js';
import { RoomBanEntity } from './entities/room-ban.entity.js';
import { RoomInviteLinkEntity } from './entities/room-invite-link.entity.js';
import { RoomInviteEntity } from './entities/room-invite.entity.js';
import { RoomMemberEntity } from './entities/room-member.entity.js';
import { RoomEntity } from './entities/room.entity.js';
import { InviteLinksRepository } from './invite-links.repository.js';
import { InviteLinksService } from './invite-links.service.js';
import { InvitesService } from './invites.service.js';
import { MembersService } from './members.service.js';
import { NotifySettingsService } from './notify-settings.service.js';
import { ReadMarkersService } from './read-markers.service.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomBansRepository } from './room-bans.repository.js';
import { RoomsRepository } from './rooms.repository.js';
import { RoomsService } from './rooms.service.js';
import { RoomsSocket } from './rooms.socket.js';

/**
 * Rooms and their rules: access, members and roles, bans, invites and invite links, direct rooms, read markers. Its services answer entities
 * and emit domain events; the `Room` shape (with last messages and unread counts from the messages module) and the
 * HTTP routes are the room-views module's.
 */
@Module({
  imports: [
    UsersModule,
    FriendshipsModule,
    AuditModule,
    FilesModule,
    ServerModule,
    TypeOrmModule.forFeature([RoomEntity, RoomMemberEntity, RoomInviteEntity, RoomBanEntity, RoomInviteLinkEntity]),
  ],
  providers: [
    RoomsRepository,
    RoomBansRepository,
    InviteLinksRepository,
    RoomAccessService,
    RoomsService,
    MembersService,
    InvitesService,
    DirectRoomsService,
    ReadMarkersService,
    NotifySettingsService,
    BansService,
    InviteLinksService,
    RoomsSocket,
  ],
  exports: [
    RoomAccessService,
    RoomsService,
    MembersService,
    InvitesService,
    DirectRoomsService,
    ReadMarkersService,
    NotifySettingsService,
    BansService,
    InviteLinksService,
  ],
})
export class RoomsModule {}
