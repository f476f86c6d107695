import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { ChatGateway } from './chat.gateway.js';
import { PresenceService } from './presence.service.js';
import { PresenceStore } from './presence.store.js';
import { TypingService } from './typing.service.js';

@Module({
  imports: [AuthModule, UsersModule, FriendshipsModule, RoomsModule],
  providers: [ChatGateway, PresenceService, PresenceStore, TypingService],
  exports: [PresenceService],
})
export class GatewayModule {}
