import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RoomReadDto } from '@chat/contracts';
import { SocketHandlerRegistry } from '../realtime/socket-handlers.js';
import { RoomsService } from './rooms.service.js';

/** `room:read` over the socket: the same read marker rule as `POST /rooms/:id/read`. */
@Injectable()
export class RoomsGateway implements OnModuleInit {
  constructor(
    private readonly handlers: SocketHandlerRegistry,
    private readonly rooms: RoomsService,
  ) {}

  onModuleInit(): void {
    this.handlers.register('room:read', RoomReadDto, async (ctx, dto) => {
      await this.rooms.markRead(dto.roomId, ctx.user.userId, dto.seq);
      return {};
    });
  }
}
