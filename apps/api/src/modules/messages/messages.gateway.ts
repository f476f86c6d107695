import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MessageSendDto } from '@chat/contracts';
import { SocketHandlerRegistry } from '../realtime/socket-handlers.js';
import { MessagesService } from './messages.service.js';

/** `message:send` over the socket: the same service, rules and idempotency as REST. */
@Injectable()
export class MessagesGateway implements OnModuleInit {
  constructor(
    private readonly handlers: SocketHandlerRegistry,
    private readonly messages: MessagesService,
  ) {}

  onModuleInit(): void {
    this.handlers.register('message:send', MessageSendDto, async (ctx, dto) => {
      const { roomId, ...body } = dto;
      const { message } = await this.messages.send(ctx.user.userId, roomId, body);
      return { message };
    });
  }
}
