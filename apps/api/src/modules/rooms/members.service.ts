import { Injectable } from '@nestjs/common';
import type { Member, RoomRole } from '@chat/contracts';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { RevocationsService } from '../../common/revocations.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { toMembers } from './member.mapper.js';
import { RANK, RoomAccessService } from './room-access.service.js';
import { RoomBansRepository } from './room-bans.repository.js';
import { RoomsRepository } from './rooms.repository.js';

const bannedError = () => AppException.forbidden('You are banned from this room');

/** Who is in a room and with which role: joining, leaving, kicking, roles (each counted per user: MEMBERSHIP_CHANGES_PER_MINUTE). */
@Injectable()
export class MembersService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly people: PeopleService,
    private readonly events: DomainEvents,
    private readonly limits: RateLimitService,
    private readonly revocations: RevocationsService,
    private readonly bans: RoomBansRepository,
    private readonly audit: AuditService,
  ) {}

  /** Joins a public room, or a private one the caller is invited to (which accepts the invite); never while banned. */
  async join(roomId: string, userId: string): Promise<void> {
    await this.limits.consume('membership', userId);
    const { room, member } = await this.access.access(roomId, userId);
    if (room.kind === 'direct') throw AppException.forbidden('Direct conversations cannot be joined');
    if (member) return;
    const invite = await this.rooms.findPendingInvite(roomId, userId);
    if (room.visibility === 'private' && !invite) throw AppException.notFound('Room');
    await this.rooms.transaction(async (em) => {
      // answered meanwhile: rejected closes a private room again (accepted means they joined already)
      if (invite && !(await this.rooms.closeInvite(invite.id, 'accepted', em)) && room.visibility === 'private') {
        if ((await this.rooms.inviteStatus(em, invite.id))?.status !== 'accepted') throw AppException.notFound('Room');
      }
      await this.admit(em, roomId, userId);
    });
    await this.announceJoin(roomId, userId);
  }

  /**
   * Adds a member in the caller's transaction unless they are banned (403): the room's row is locked first, so a ban
   * committing meanwhile is seen, and a ban that comes after finds the new member to remove. False when they were a
   * member already. Every way into a room (join, invite, invite link) goes through here.
   */
  async admit(em: EntityManager, roomId: string, userId: string): Promise<boolean> {
    if (!(await this.rooms.lockRoom(em, roomId, 'share'))) throw AppException.notFound('Room');
    if (await this.bans.isBanned(roomId, userId, em)) throw bannedError();
    return this.rooms.addMember(em, roomId, userId);
  }

  /** Whether the user is banned from the room now. */
  isBanned(roomId: string, userId: string): Promise<boolean> {
    return this.bans.isBanned(roomId, userId);
  }

  /** 403 when the caller is banned from the room now. */
  async requireNotBanned(roomId: string, userId: string): Promise<void> {
    if (await this.bans.isBanned(roomId, userId)) throw bannedError();
  }

  /** Tells the room that a user joined (after the transaction that added them committed). */
  async announceJoin(roomId: string, userId: string): Promise<void> {
    const [member] = await this.present(userId, roomId, [userId]);
    if (member) this.events.emit('room.member-joined', { roomId, member });
  }

  /** Leaves a room; the last owner must hand over first while others remain. The last member leaving deletes it. */
  async leave(roomId: string, userId: string): Promise<void> {
    await this.limits.consume('membership', userId);
    const { room } = await this.access.requireMember(roomId, userId);
    if (room.kind === 'direct') throw AppException.forbidden('Direct conversations cannot be left');
    const deleted = await this.rooms.withLockedMembers(roomId, async (rows, em) => {
      const me = rows.find((r) => r.user_id === userId);
      if (!me) return false;
      const others = rows.filter((r) => r.user_id !== userId);
      if (others.length === 0) {
        await this.rooms.markDeleted(roomId, em); // its messages go in the background (RoomPurgeService)
        return true;
      }
      if (me.role === 'owner' && !others.some((o) => o.role === 'owner')) {
        throw AppException.conflict('You are the last owner: make someone else owner before leaving');
      }
      await this.rooms.deleteMember(em, roomId, userId);
      return false;
    });
    // the user's sockets on every process drop the room at their next event, even if the announcement below is lost
    await this.revocations.bump([userId]);
    this.events.emit('room.member-left', { roomId, userId, kicked: false, roomDeleted: deleted });
  }

  async list(roomId: string, userId: string): Promise<Member[]> {
    await this.access.requireMember(roomId, userId);
    return this.present(userId, roomId);
  }

  /** Owners set roles; the last owner cannot step down. */
  async setRole(roomId: string, userId: string, targetId: string, role: RoomRole): Promise<Member> {
    await this.limits.consume('membership', userId);
    await this.access.requireRole(roomId, userId, 'owner');
    await this.rooms.withLockedMembers(roomId, async (rows, em) => {
      if (rows.find((r) => r.user_id === userId)?.role !== 'owner') throw AppException.forbidden('Only a room owner can do this');
      const target = rows.find((r) => r.user_id === targetId);
      if (!target) throw AppException.notFound('Member');
      if (target.role === 'owner' && role !== 'owner' && rows.filter((r) => r.role === 'owner').length === 1) {
        throw AppException.conflict('A room needs an owner: make someone else owner first');
      }
      await this.rooms.setRole(em, roomId, targetId, role);
      const details = { roomId, from: target.role, to: role };
      await this.audit.record({ actorId: userId, action: 'room.role_changed', targetType: 'user', targetId, details }, em);
    });
    const [member] = await this.present(userId, roomId, [targetId]);
    this.events.emit('room.member-role-changed', { roomId, member: member! });
    return member!;
  }

  /** Admins and owners remove members whose role is not above their own. */
  async kick(roomId: string, userId: string, targetId: string): Promise<void> {
    await this.limits.consume('membership', userId);
    await this.access.requireRole(roomId, userId, 'admin');
    if (targetId === userId) throw AppException.validation('userId', 'is you: leave the room instead');
    // roles are read again under the lock: a concurrent demotion must not let a kick empty the room of owners
    await this.rooms.withLockedMembers(roomId, async (rows, em) => {
      const me = rows.find((r) => r.user_id === userId);
      if (!me || RANK[me.role] < RANK.admin) throw AppException.forbidden('Only a room admin can do this');
      const target = rows.find((r) => r.user_id === targetId);
      if (!target) throw AppException.notFound('Member');
      if (RANK[target.role] > RANK[me.role]) throw AppException.forbidden('You cannot remove someone with a higher role');
      await this.rooms.deleteMember(em, roomId, targetId);
      await this.audit.record({ actorId: userId, action: 'room.kick', targetType: 'user', targetId, details: { roomId } }, em);
    });
    await this.revocations.bump([targetId]);
    this.events.emit('room.member-left', { roomId, userId: targetId, kicked: true, roomDeleted: false });
  }

  /** Members of a room (only `only` when given) as the viewer sees them. */
  async present(viewerId: string, roomId: string, only?: string[]): Promise<Member[]> {
    const rows = await this.rooms.listMembers(roomId, only);
    return toMembers(
      rows,
      await this.people.byId(
        viewerId,
        rows.map((r) => r.userId),
      ),
    );
  }
}
