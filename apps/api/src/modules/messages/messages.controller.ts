import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  type AroundPage,
  EditMessageDto,
  IdParam,
  LIMITS,
  type Message,
  type MessageEdit,
  type MessagePage,
  MessagesQuery,
  RoomIdParam,
  SavedQuery,
  type SavedMessage,
  SearchMessagesQuery,
  type SearchPage,
  SendMessageDto,
} from '@chat/contracts';
import type { Response } from 'express';
import { AppException } from '../../common/app-exception.js';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { HistoryService } from './history.service.js';
import { MessagesService } from './messages.service.js';
import { PinsService } from './pins.service.js';
import { SavedService } from './saved.service.js';
import { SearchService } from './search.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly histories: HistoryService,
    private readonly pins: PinsService,
    private readonly saved: SavedService,
    private readonly searches: SearchService,
  ) {}

  /** `around` answers the page centred on a message (`AroundPage`); otherwise a `MessagePage`. */
  @Get('rooms/:id/messages')
  history(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Query() q: MessagesQuery): Promise<MessagePage | AroundPage> {
    const limit = q.limit ?? LIMITS.pageDefault;
    if (q.around === undefined) return this.histories.page(me.userId, p.id, { before: q.before, after: q.after, limit });
    if (q.before !== undefined || q.after !== undefined) {
      throw AppException.validation('around', 'cannot be combined with before or after');
    }
    return this.histories.around(me.userId, p.id, q.around, limit);
  }

  @Get('search/messages')
  search(@CurrentUser() me: AuthUser, @Query() q: SearchMessagesQuery): Promise<SearchPage> {
    return this.searches.search(me.userId, q, q.limit ?? LIMITS.pageDefault);
  }

  @Get('rooms/:id/pins')
  listPins(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Message[]> {
    return this.pins.list(me.userId, p.id);
  }

  @Put('messages/:id/pin')
  @HttpCode(204)
  pin(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.pins.setPinned(me.userId, p.id, true);
  }

  @Delete('messages/:id/pin')
  @HttpCode(204)
  unpin(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.pins.setPinned(me.userId, p.id, false);
  }

  @Put('messages/:id/save')
  @HttpCode(204)
  save(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.saved.save(me.userId, p.id);
  }

  @Delete('messages/:id/save')
  @HttpCode(204)
  unsave(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.saved.unsave(me.userId, p.id);
  }

  @Get('saved')
  listSaved(@CurrentUser() me: AuthUser, @Query() q: SavedQuery): Promise<SavedMessage[]> {
    return this.saved.list(me.userId, q.before, q.limit ?? LIMITS.pageDefault);
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

  @Get('messages/:id/edits')
  edits(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<MessageEdit[]> {
    return this.messages.edits(me.userId, p.id);
  }

  @Delete('messages/:id')
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.messages.remove(me.userId, p.id);
  }
}
