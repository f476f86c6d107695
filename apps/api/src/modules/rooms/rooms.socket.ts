import { Injectable } from '@nestjs/common';
import { RoomReadDto } from '@chat/contracts';
import { type SocketContext, SocketEvent } from '../../common/socket-event.js';
import { ReadMarkersService } from './read-markers.service.js';

/** `room:read` over the socket: the same read marker rule as `POST /rooms/:id/read`. */
@Injectable()
export class RoomsSocket {
  constructor(private readonly markers: ReadMarkersService) {}

  @SocketEvent('room:read', RoomReadDto)
  async read(ctx: SocketContext, dto: RoomReadDto): Promise<object> {
    await this.markers.markRead(dto.roomId, ctx.user.userId, dto.seq, { member: ctx.subscribed(dto.roomId) });
    return {};
  }
}
