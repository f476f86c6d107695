import { Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FileMeta } from '@chat/contracts';
import type { Request } from 'express';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { FilesService } from './files.service.js';

/** Uploads. Downloads (`GET /files/:id/content`, `/thumbnail`) and `DELETE /files/:id` are the file-access module's. */
@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /** multipart/form-data with one field `file`; bearer auth only (never the cookie). */
  @ApiBearerAuth()
  @ApiConsumes('multipart/form-data')
  @Post()
  upload(@CurrentUser() me: AuthUser, @Req() req: Request): Promise<FileMeta> {
    return this.files.upload(me.userId, req);
  }
}
