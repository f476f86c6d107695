import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  EditMessageDto,
  IdParam,
  LIMITS,
  type Message,
  type MessagePage,
  MessagesQuery,
  RoomIdParam,
  SendMessageDto,
} from '@chat/contracts';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { HistoryService } from './history.service.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly histories: HistoryService,
  ) {}

  @Get('rooms/:id/messages')
  history(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Query() q: MessagesQuery): Promise<MessagePage> {
    return this.histories.page(me.userId, p.id, { before: q.before, after: q.after, limit: q.limit ?? LIMITS.pageDefault });
  }

  /** 201 for a new message; 200 with the first message when the clientId was already used. */
  @Post('rooms/:id/messages')
  async send(
    @CurrentUser() me: AuthUser,
    @Param() p: RoomIdParam,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Message> {
    const { message, created } = await this.messages.send(me.userId, p.id, dto);
    res.status(created ? 201 : 200);
    return message;
  }

  @Patch('messages/:id')
  edit(@CurrentUser() me: AuthUser, @Param() p: IdParam, @Body() dto: EditMessageDto): Promise<Message> {
    return this.messages.edit(me.userId, p.id, dto.body);
  }

  @Delete('messages/:id')
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.messages.remove(me.userId, p.id);
  }
}
