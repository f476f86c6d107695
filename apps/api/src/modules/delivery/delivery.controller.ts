import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdParam, PushSubscriptionDto, type PushSubscriptionInfo, UnsubscribeQuery } from '@chat/contracts';
import type { Response } from 'express';
import { type AuthUser, CurrentUser, Public } from '../../common/current-user.js';
import { DigestMailer } from './digest.mailer.js';
import { PushService } from './push.service.js';

@ApiTags('push')
@ApiBearerAuth()
@Controller('push')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Get('vapid-public-key')
  publicKey(): { key: string } {
    return this.push.publicKey();
  }

  @Post('subscriptions')
  subscribe(@CurrentUser() me: AuthUser, @Body() dto: PushSubscriptionDto): Promise<{ id: string }> {
    return this.push.subscribe(me.userId, dto);
  }

  @Get('subscriptions')
  list(@CurrentUser() me: AuthUser): Promise<PushSubscriptionInfo[]> {
    return this.push.list(me.userId);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.push.remove(me.userId, p.id);
  }
}

const DONE_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Unsubscribed</title></head><body><p>You will get no more e-mails about missed messages. You can turn them back on in the app’s notification settings.</p></body></html>';

/** The signed unsubscribe link of digest mails: GET from the link, POST from a mail client's one-click (RFC 8058). */
@ApiTags('email')
@Controller('email')
export class EmailController {
  constructor(private readonly digests: DigestMailer) {}

  @Public()
  @Get('unsubscribe')
  async unsubscribe(@Query() q: UnsubscribeQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    await this.digests.unsubscribe(q.token);
    res.type('html');
    return DONE_PAGE;
  }

  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  async oneClick(@Query() q: UnsubscribeQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    await this.digests.unsubscribe(q.token);
    res.type('html');
    return DONE_PAGE;
  }
}
