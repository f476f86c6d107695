import { Injectable } from '@nestjs/common';
import { ReactionSetDto } from '@chat/contracts';
import { type SocketContext, SocketEvent } from '../../common/socket-event.js';
import { ReactionsService } from './reactions.service.js';

/** `reaction:set` over the socket: the same service and rules as `PUT|DELETE /messages/:id/reactions/:emoji`. */
@Injectable()
export class ReactionsSocket {
  constructor(private readonly reactions: ReactionsService) {}

  @SocketEvent('reaction:set', ReactionSetDto)
  async set(ctx: SocketContext, dto: ReactionSetDto): Promise<object> {
    await this.reactions.set(ctx.user.userId, dto.messageId, dto.emoji, dto.on);
    return {};
  }
}
