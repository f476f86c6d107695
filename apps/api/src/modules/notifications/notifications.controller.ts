import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdParam, LIMITS, type Notification, NotificationsQuery } from '@chat/contracts';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  list(@CurrentUser() me: AuthUser, @Query() q: NotificationsQuery): Promise<Notification[]> {
    return this.notifications.list(me.userId, q.unread === 'true', q.limit ?? LIMITS.pageDefault);
  }

  @Post('read-all')
  @HttpCode(204)
  readAll(@CurrentUser() me: AuthUser): Promise<void> {
    return this.notifications.markAllRead(me.userId);
  }

  @Post(':id/read')
  @HttpCode(200)
  read(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<Notification> {
    return this.notifications.markRead(me.userId, p.id);
  }
}
