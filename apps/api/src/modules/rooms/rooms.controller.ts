import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateRoomDto,
  IdParam,
  type Invite,
  LIMITS,
  type Member,
  ReadDto,
  type Room,
  RoomIdParam,
  RoomMemberParam,
  RoomsQuery,
  UpdateMemberDto,
  UpdateRoomDto,
  UserRefDto,
} from '@chat/contracts';
import type { Response } from 'express';
import { type AuthUser, CurrentUser } from '../auth/auth-user.js';
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  list(@CurrentUser() me: AuthUser, @Query() q: RoomsQuery): Promise<Room[]> {
    return this.rooms.list(me.userId, q.scope ?? 'joined', q.q, q.limit ?? LIMITS.pageDefault);
  }

  @Post()
  create(@CurrentUser() me: AuthUser, @Body() dto: CreateRoomDto): Promise<Room> {
    return this.rooms.create(me.userId, dto);
  }

  @Get(':id')
  get(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Room> {
    return this.rooms.getRoom(p.id, me.userId);
  }

  @Patch(':id')
  update(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: UpdateRoomDto): Promise<Room> {
    return this.rooms.update(p.id, me.userId, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<void> {
    return this.rooms.remove(p.id, me.userId);
  }

  @Post(':id/join')
  @HttpCode(200)
  join(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Room> {
    return this.rooms.join(p.id, me.userId);
  }

  @Post(':id/leave')
  @HttpCode(204)
  leave(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<void> {
    return this.rooms.leave(p.id, me.userId);
  }

  @Get(':id/members')
  members(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam): Promise<Member[]> {
    return this.rooms.listMembers(p.id, me.userId);
  }

  @Patch(':id/members/:userId')
  setRole(@CurrentUser() me: AuthUser, @Param() p: RoomMemberParam, @Body() dto: UpdateMemberDto): Promise<Member> {
    return this.rooms.setRole(p.id, me.userId, p.userId, dto.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  kick(@CurrentUser() me: AuthUser, @Param() p: RoomMemberParam): Promise<void> {
    return this.rooms.kick(p.id, me.userId, p.userId);
  }

  @Post(':id/invites')
  invite(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: UserRefDto): Promise<Invite> {
    return this.rooms.invite(p.id, me.userId, dto.userId);
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() me: AuthUser, @Param() p: RoomIdParam, @Body() dto: ReadDto): Promise<void> {
    await this.rooms.markRead(p.id, me.userId, dto.seq);
  }
}

@ApiTags('invites')
@ApiBearerAuth()
@Controller('invites')
export class InvitesController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  list(@CurrentUser() me: AuthUser): Promise<Invite[]> {
    return this.rooms.listInvites(me.userId);
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<Room> {
    return this.rooms.acceptInvite(p.id, me.userId);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentUser() me: AuthUser, @Param() p: IdParam): Promise<Invite> {
    return this.rooms.rejectInvite(p.id, me.userId);
  }
}

@ApiTags('dms')
@ApiBearerAuth()
@Controller('dms')
export class DmsController {
  constructor(private readonly rooms: RoomsService) {}

  /** 201 when the direct room was created now, 200 when it already existed. */
  @Post()
  async open(@CurrentUser() me: AuthUser, @Body() dto: UserRefDto, @Res({ passthrough: true }) res: Response): Promise<Room> {
    const { room, created } = await this.rooms.openDirect(me.userId, dto.userId);
    res.status(created ? 201 : 200);
    return room;
  }
}
