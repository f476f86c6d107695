import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { UsersModule } from '../users/users.module.js';
import { RoomInviteEntity } from './entities/room-invite.entity.js';
import { RoomMemberEntity } from './entities/room-member.entity.js';
import { RoomEntity } from './entities/room.entity.js';
import { DmsController, InvitesController, RoomsController } from './rooms.controller.js';
import { RoomsGateway } from './rooms.gateway.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [UsersModule, FriendshipsModule, TypeOrmModule.forFeature([RoomEntity, RoomMemberEntity, RoomInviteEntity])],
  controllers: [RoomsController, InvitesController, DmsController],
  providers: [RoomsService, RoomsGateway],
  exports: [RoomsService],
})
export class RoomsModule {}
