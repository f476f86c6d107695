import { Injectable } from '@nestjs/common';
import { ClientActiveDto } from '@chat/contracts';
import { type SocketContext, SocketEvent } from '../../common/socket-event.js';
import { ActivityStore } from './activity.store.js';

/** `client:active`: the client says it has focus (or lost it); pushes skip users active within the last 60 s. */
@Injectable()
export class UsersSocket {
  constructor(private readonly activity: ActivityStore) {}

  @SocketEvent('client:active', ClientActiveDto)
  async active(ctx: SocketContext, dto: ClientActiveDto): Promise<object> {
    await this.activity.report(ctx.user.userId, ctx.socketId, dto.active);
    return {};
  }
}
