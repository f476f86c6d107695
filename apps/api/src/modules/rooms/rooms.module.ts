import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { ServerModule } from '../server/server.module.js';
import { UsersModule } from '../users/users.module.js';
import { DirectRoomsService } from './direct-rooms.service.js';
import { RoomInviteEntity } from './entities/room-invite.entity.js';
import { RoomMemberEntity } from './entities/room-member.entity.js';
import { RoomEntity } from './entities/room.entity.js';
import { InvitesService } from './invites.service.js';
import { MembersService } from './members.service.js';
import { ReadMarkersService } from './read-markers.service.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';
import { RoomsService } from './rooms.service.js';
import { RoomsSocket } from './rooms.socket.js';

/**
 * Rooms and their rules: access, members and roles, invites, direct rooms, read markers. Its services answer entities
 * and emit domain events; the `Room` shape (with last messages and unread counts from the messages module) and the
 * HTTP routes are the room-views module's.
 */
@Module({
  imports: [
    UsersModule,
    FriendshipsModule,
    FilesModule,
    ServerModule,
    TypeOrmModule.forFeature([RoomEntity, RoomMemberEntity, RoomInviteEntity]),
  ],
  providers: [
    RoomsRepository,
    RoomAccessService,
    RoomsService,
    MembersService,
    InvitesService,
    DirectRoomsService,
    ReadMarkersService,
    RoomsSocket,
  ],
  exports: [RoomAccessService, RoomsService, MembersService, InvitesService, DirectRoomsService, ReadMarkersService],
})
export class RoomsModule {}
