import { pipeline } from 'node:stream/promises';
import { Controller, Delete, Get, HttpCode, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { IdParam } from '@chat/contracts';
import type { Request, Response } from 'express';
import { type AuthUser, CurrentUser, Public } from '../../common/current-user.js';
import { BearerOrCookieGuard } from '../auth/bearer-or-cookie.guard.js';
import type { FileVariant } from '../files/files.service.js';
import { FileAccessService } from './file-access.service.js';

@ApiTags('files')
@Controller('files')
export class FileDownloadsController {
  constructor(private readonly access: FileAccessService) {}

  @ApiBearerAuth()
  @ApiCookieAuth('chat_token')
  @Public()
  @UseGuards(BearerOrCookieGuard)
  @Get(':id/content')
  content(@CurrentUser() me: AuthUser, @Param() p: IdParam, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(me, p.id, 'content', req, res);
  }

  @ApiBearerAuth()
  @ApiCookieAuth('chat_token')
  @Public()
  @UseGuards(BearerOrCookieGuard)
  @Get(':id/thumbnail')
  thumbnail(@CurrentUser() me: AuthUser, @Param() p: IdParam, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(me, p.id, 'thumbnail', req, res);
  }

  /** Its uploader deletes a file: 204, and its bytes no longer count against their quota. Bearer auth only. */
  @ApiBearerAuth()
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.access.remove(me.userId, p.id);
  }

  private async send(me: AuthUser, id: string, variant: FileVariant, req: Request, res: Response): Promise<void> {
    const file = await this.access.download(me.userId, id, variant);
    res.set(file.headers);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const body = await file.open();
    res.status(200);
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    // a client that goes away destroys the response, and pipeline closes the stored file
    await pipeline(body, res).catch(() => undefined);
  }
}
