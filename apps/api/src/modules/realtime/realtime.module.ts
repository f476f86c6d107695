import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module.js';
import { FriendshipsModule } from '../friendships/friendships.module.js';
import { RoomViewsModule } from '../room-views/room-views.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { ChatGateway } from './chat.gateway.js';
import { FanOut } from './fan-out.listener.js';
import { PresenceService } from './presence.service.js';
import { RealtimeService } from './realtime.service.js';
import { SocketHandlerRegistry } from './socket-handlers.js';
import { TypingService } from './typing.service.js';

/**
 * Everything Socket.IO: the gateway (handshake, dispatch, shutdown), the registry of `@SocketEvent` handlers, presence,
 * typing, the typed emitter, and the fan-out of domain events to sockets. It sits on top of the domain modules: they
 * never import it.
 */
@Module({
  imports: [DiscoveryModule, AuthModule, UsersModule, FriendshipsModule, RoomsModule, RoomViewsModule],
  providers: [ChatGateway, SocketHandlerRegistry, RealtimeService, PresenceService, TypingService, FanOut],
})
export class RealtimeModule {}
