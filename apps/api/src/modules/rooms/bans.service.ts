import { Injectable } from '@nestjs/common';
import type { BanDto, RoomBan } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { UsersService } from '../users/users.service.js';
import { RANK, RoomAccessService } from './room-access.service.js';
import { toRoomBans } from './room-ban.mapper.js';
import { RoomBansRepository } from './room-bans.repository.js';
import { RoomsRepository } from './rooms.repository.js';

/**
 * Room bans: admins and owners ban users whose role is below their own, members or not (someone who already left
 * can be banned too). A ban removes its user from the room, and until it ends (`expiresAt`, or lifted) they cannot
 * join, accept an invite, be invited or use an invite link (`MembersService.admit`, `InvitesService`).
 */
@Injectable()
export class BansService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly bans: RoomBansRepository,
    private readonly access: RoomAccessService,
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly events: DomainEvents,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  /** Bans `targetId` (again: the ban is replaced). Answers whether they were removed from the room. */
  async ban(roomId: string, actorId: string, targetId: string, dto: BanDto): Promise<{ removed: boolean }> {
    await this.limits.consume('membership', actorId);
    await this.access.requireRole(roomId, actorId, 'admin');
    await this.users.get(targetId);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw AppException.validation('expiresAt', 'must be in the future');
    // the room's row first (joins in progress finish, later ones see the ban), then its members (roles as of now)
    const removed = await this.rooms.transaction(async (em) => {
      if (!(await this.rooms.lockRoom(em, roomId, 'exclusive'))) throw AppException.notFound('Room');
      const rows = await this.rooms.lockMembers(em, roomId);
      const me = rows.find((r) => r.user_id === actorId);
      if (!me || RANK[me.role] < RANK.admin) throw AppException.forbidden('Only a room admin can do this');
      const target = rows.find((r) => r.user_id === targetId);
      if (target && RANK[target.role] >= RANK[me.role])
        throw AppException.forbidden('You cannot ban someone whose role is not below yours');
      const reason = dto.reason ?? '';
      await this.bans.upsert(em, { roomId, userId: targetId, reason, expiresAt, bannedBy: actorId });
      if (target) await this.rooms.deleteMember(em, roomId, targetId);
      const details = { roomId, reason, expiresAt: expiresAt?.toISOString() ?? null, removed: target !== undefined };
      await this.audit.record({ actorId, action: 'room.ban', targetType: 'user', targetId, details }, em);
      return target !== undefined;
    });
    if (removed) this.events.emit('room.member-left', { roomId, userId: targetId, kicked: true, roomDeleted: false });
    return { removed };
  }

  /** Lifts an active ban (404 when there is none). */
  async unban(roomId: string, actorId: string, targetId: string): Promise<void> {
    await this.access.requireRole(roomId, actorId, 'admin');
    await this.rooms.transaction(async (em) => {
      if (!(await this.bans.delete(roomId, targetId, em))) throw AppException.notFound('Ban');
      await this.audit.record({ actorId, action: 'room.unban', targetType: 'user', targetId, details: { roomId } }, em);
    });
  }

  /** The room's active bans, the latest first (admins and owners). */
  async list(roomId: string, actorId: string): Promise<RoomBan[]> {
    await this.access.requireRole(roomId, actorId, 'admin');
    const rows = await this.bans.listActive(roomId);
    const users = await this.people.byId(
      actorId,
      rows.flatMap((b) => (b.bannedBy ? [b.userId, b.bannedBy] : [b.userId])),
    );
    return toRoomBans(rows, users);
  }
}
