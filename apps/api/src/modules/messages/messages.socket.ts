import { Injectable } from '@nestjs/common';
import { MessageSendDto } from '@chat/contracts';
import { type SocketContext, SocketEvent } from '../../common/socket-event.js';
import { MessagesService } from './messages.service.js';

/** `message:send` over the socket: the same service, rules and idempotency as REST. */
@Injectable()
export class MessagesSocket {
  constructor(private readonly messages: MessagesService) {}

  @SocketEvent('message:send', MessageSendDto)
  async send(ctx: SocketContext, dto: MessageSendDto): Promise<object> {
    const { roomId, ...body } = dto;
    const { message } = await this.messages.send(ctx.user.userId, roomId, body);
    return { message };
  }
}
