import { Module } from '@nestjs/common';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { RoomViewsService } from './room-views.service.js';
import { DmsController, InvitesController, RoomInvitesController, RoomsController } from './rooms.controller.js';

/** Rooms as a user sees them (the `Room` and `Invite` shapes) and the HTTP routes of rooms, invites, invite links and DMs. */
@Module({
  imports: [RoomsModule, MessagesModule, FriendshipsModule],
  controllers: [RoomsController, InvitesController, RoomInvitesController, DmsController],
  providers: [RoomViewsService],
  exports: [RoomViewsService],
})
export class RoomViewsModule {}
