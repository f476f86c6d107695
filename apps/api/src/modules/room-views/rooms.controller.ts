import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  BanDto,
  CreateInviteLinkDto,
  CreateRoomDto,
  IdParam,
  type Invite,
  InviteCodeParam,
  type InviteLink,
  LIMITS,
  type Member,
  ReadDto,
  RoomNotificationsDto,
  type RoomNotify,
  UnreadDto,
  type Room,
  type RoomBan,
  RoomIdParam,
  RoomInviteLinkParam,
  RoomInviteParam,
  type RoomInvitePreview,
  RoomMemberParam,
  RoomsQuery,
  UpdateMemberDto,
  UpdateRoomDto,
  UserRefDto,
} from '@chat/contracts';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../../common/current-user.js';
import { BansService } from '../rooms/bans.service.js';
import { DirectRoomsService } from '../rooms/direct-rooms.service.js';
import { InviteLinksService } from '../rooms/invite-links.service.js';
import { InvitesService } from '../rooms/invites.service.js';
import { MembersService } from '../rooms/members.service.js';
import { NotifySettingsService } from '../rooms/notify-settings.service.js';
import { ReadMarkersService } from '../rooms/read-markers.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { RoomViewsService } from './room-views.service.js';

/** Each route calls one rooms service, then answers the room as the caller sees it. */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly invites: InvitesService,
    private readonly markers: ReadMarkersService,
    private readonly bans: BansService,
    private readonly links: InviteLinksService,
    private readonly notify: NotifySettingsService,
    private readonly views: RoomViewsService,
  ) {}

  @Get()
  async list(@CurrentUser() me: AuthUser, @Query() q: RoomsQuery): Promise<Room[]> {
    return this.views.present(me.userId, await this.rooms.list(me.userId, q.scope ?? 'joined', q.q, q.limit ?? LIMITS.pageDefault));
  }

  @Post()
  async create(@CurrentUser() me: AuthUser, @Body() dto: CreateRoomDto): Promise<Room> {
    return this.views.get((await this.rooms.create(me.userId, dto)).id, me.userId);
  }

  @Get(':id')
  get(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Room> {
    return this.views.get(p.id, me.userId);
  }

  @Patch(':id')
  async update(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: UpdateRoomDto): Promise<Room> {
    await this.rooms.update(p.id, me.userId, dto);
    return this.views.get(p.id, me.userId);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<void> {
    return this.rooms.remove(p.id, me.userId);
  }

  @Post(':id/join')
  @HttpCode(200)
  async join(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Room> {
    await this.members.join(p.id, me.userId);
    return this.views.get(p.id, me.userId);
  }

  @Post(':id/leave')
  @HttpCode(204)
  leave(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<void> {
    return this.members.leave(p.id, me.userId);
  }

  @Get(':id/members')
  listMembers(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Member[]> {
    return this.members.list(p.id, me.userId);
  }

  @Patch(':id/members/:userId')
  setRole(@CurrentUser() me: AuthUser, @Param() p: RoomMemberParam, @Body() dto: UpdateMemberDto): Promise<Member> {
    return this.members.setRole(p.id, me.userId, p.userId, dto.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  kick(@CurrentUser() me: AuthUser, @Param() p: RoomMemberParam): Promise<void> {
    return this.members.kick(p.id, me.userId, p.userId);
  }

  @Post(':id/invites')
  async invite(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: UserRefDto): Promise<Invite> {
    const invite = await this.invites.invite(p.id, me.userId, dto.userId);
    return (await this.views.presentInvites(me.userId, [invite]))[0]!;
  }

  @Delete(':id/invites/:inviteId')
  @HttpCode(204)
  revokeInvite(@CurrentUser() me: AuthUser, @Param() p: RoomInviteParam): Promise<void> {
    return this.invites.revoke(p.id, p.inviteId, me.userId);
  }

  @Put(':id/bans/:userId')
  @HttpCode(204)
  async ban(@CurrentUser() me: AuthUser, @Param() p: RoomMemberParam, @Body() dto: BanDto): Promise<void> {
    await this.bans.ban(p.id, me.userId, p.userId, dto);
  }

  @Get(':id/bans')
  listBans(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<RoomBan[]> {
    return this.bans.list(p.id, me.userId);
  }

  @Delete(':id/bans/:userId')
  @HttpCode(204)
  unban(@CurrentUser() me: AuthUser, @Param() p: RoomMemberParam): Promise<void> {
    return this.bans.unban(p.id, me.userId, p.userId);
  }

  @Post(':id/invite-links')
  createLink(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: CreateInviteLinkDto): Promise<InviteLink> {
    return this.links.create(p.id, me.userId, dto);
  }

  @Get(':id/invite-links')
  listLinks(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<InviteLink[]> {
    return this.links.list(p.id, me.userId);
  }

  @Delete(':id/invite-links/:linkId')
  @HttpCode(204)
  revokeLink(@CurrentUser() me: AuthUser, @Param() p: RoomInviteLinkParam): Promise<void> {
    return this.links.revoke(p.id, p.linkId, me.userId);
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: ReadDto): Promise<void> {
    await this.markers.markRead(p.id, me.userId, dto.seq);
  }

  /** The caller's notification level and mute for this room. */
  @Put(':id/notifications')
  setNotifications(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: RoomNotificationsDto): Promise<RoomNotify> {
    return this.notify.set(p.id, me.userId, dto);
  }

  /** Mark as unread from `seq`: the read marker moves back to just before it. */
  @Post(':id/unread')
  @HttpCode(204)
  unread(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: UnreadDto): Promise<void> {
    return this.markers.markUnread(p.id, me.userId, dto.seq);
  }
}

@ApiTags('invites')
@ApiBearerAuth()
@Controller('invites')
export class InvitesController {
  constructor(
    private readonly invites: InvitesService,
    private readonly views: RoomViewsService,
  ) {}

  @Get()
  async list(@CurrentUser() me: AuthUser): Promise<Invite[]> {
    return this.views.presentInvites(me.userId, await this.invites.listPending(me.userId));
  }

  @Post(':id/accept')
  @HttpCode(200)
  async accept(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<Room> {
    return this.views.get(await this.invites.accept(p.id, me.userId), me.userId);
  }

  @Post(':id/reject')
  @HttpCode(200)
  async reject(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<Invite> {
    const invite = await this.invites.reject(p.id, me.userId);
    return (await this.views.presentInvites(me.userId, [invite]))[0]!;
  }
}

/** Room invite links as their holders use them: the room's card, and joining. */
@ApiTags('rooms')
@ApiBearerAuth()
@Controller('room-invites')
export class RoomInvitesController {
  constructor(
    private readonly links: InviteLinksService,
    private readonly views: RoomViewsService,
  ) {}

  @Get(':code')
  preview(@Param() p: InviteCodeParam): Promise<RoomInvitePreview> {
    return this.links.preview(p.code);
  }

  @Post(':code/join')
  @HttpCode(200)
  async join(@CurrentUser() me: AuthUser, @Param() p: InviteCodeParam): Promise<Room> {
    return this.views.get(await this.links.join(p.code, me.userId), me.userId);
  }
}

@ApiTags('dms')
@ApiBearerAuth()
@Controller('dms')
export class DmsController {
  constructor(
    private readonly direct: DirectRoomsService,
    private readonly views: RoomViewsService,
  ) {}

  /** 201 when the direct room was created now, 200 when it already existed. */
  @Post()
  async open(@CurrentUser() me: AuthUser, @Body() dto: UserRefDto, @Res({ passthrough: true }) res: Response): Promise<Room> {
    const { roomId, created } = await this.direct.open(me.userId, dto.userId);
    res.status(created ? 201 : 200);
    return this.views.get(roomId, me.userId);
  }
}
