import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateInviteLinkDto,
  IdParam,
  type InviteLink,
  type ServerInfo,
  type ServerSettings,
  UpdateServerSettingsDto,
} from '@chat/contracts';
import { type AuthUser, CurrentUser, Public } from '../../common/current-user.js';
import { ServerAdminOnly } from '../users/server-admin.guard.js';
import { InviteLinksService } from './invite-links.service.js';
import { ServerSettingsService } from './server-settings.service.js';

/** What any client may know before signing in: the server's name and whether it offers sign-up. */
@ApiTags('server')
@Controller('server')
export class ServerController {
  constructor(private readonly settings: ServerSettingsService) {}

  @Public()
  @Get()
  info(): Promise<ServerInfo> {
    return this.settings.info();
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@ServerAdminOnly()
@Controller('admin/settings')
export class AdminSettingsController {
  constructor(private readonly settings: ServerSettingsService) {}

  @Get()
  get(): Promise<ServerSettings> {
    return this.settings.get();
  }

  @Patch()
  update(@CurrentUser() me: AuthUser, @Body() dto: UpdateServerSettingsDto): Promise<ServerSettings> {
    return this.settings.update(me.userId, dto);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@ServerAdminOnly()
@Controller('admin/invite-links')
export class AdminInviteLinksController {
  constructor(private readonly links: InviteLinksService) {}

  @Post()
  create(@CurrentUser() me: AuthUser, @Body() dto: CreateInviteLinkDto): Promise<InviteLink> {
    return this.links.create(me.userId, dto);
  }

  @Get()
  list(@CurrentUser() me: AuthUser): Promise<InviteLink[]> {
    return this.links.list(me.userId);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<void> {
    return this.links.revoke(me.userId, p.id);
  }
}
