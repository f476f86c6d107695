import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { authorizeAnswer } from '../../common/pending-request.js';
import { RateLimitService } from '../../common/rate-limit.service.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { UsersService } from '../users/users.service.js';
import type { RoomInviteEntity } from './entities/room-invite.entity.js';
import { MembersService } from './members.service.js';
import { RANK, RoomAccessService } from './room-access.service.js';
import { INVITE_TTL_DAYS, RoomsRepository } from './rooms.repository.js';

const WORDS = {
  name: 'Invite',
  recipientOnly: 'Only the invitee can answer an invite',
  senderOnly: 'Only the invitee can answer an invite',
};

/** Invites to group rooms: a pending request from a member to a friend (the request pattern of friendships). */
@Injectable()
export class InvitesService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly events: DomainEvents,
    private readonly limits: RateLimitService,
  ) {}

  /** Members invite in public rooms, admins and owners in private ones; only friends of the inviter. */
  async invite(roomId: string, userId: string, inviteeId: string): Promise<RoomInviteEntity> {
    const { room, member } = await this.access.requireMember(roomId, userId);
    if (room.kind === 'direct') throw AppException.forbidden('Direct conversations take no invites');
    if (room.visibility === 'private' && RANK[member.role] < RANK.admin)
      throw AppException.forbidden('Only admins can invite to a private room');
    if (inviteeId === userId) throw AppException.validation('userId', 'cannot be yourself');
    await this.users.get(inviteeId);
    // a block either way refuses the invite before anything is stored (friendship ended with the block, too)
    if (await this.access.blockedBetween(userId, inviteeId)) throw AppException.forbidden('You cannot invite this person');
    if (!(await this.friendships.areFriends(userId, inviteeId))) throw AppException.forbidden('You can only invite your friends');
    if (await this.members.isBanned(roomId, inviteeId)) throw AppException.forbidden('This person is banned from this room');
    if (await this.rooms.isMember(roomId, inviteeId)) throw AppException.conflict('Already a member of this room');
    let saved: RoomInviteEntity;
    try {
      saved = await this.rooms.insertInvite(roomId, userId, inviteeId);
    } catch (err) {
      if (isUniqueViolation(err, 'room_invites_pending_key')) throw AppException.conflict('This user is already invited');
      throw err;
    }
    const from = await this.users.get(userId);
    this.events.emit('room.invited', {
      inviteId: saved.id,
      roomId,
      roomName: room.name,
      fromId: userId,
      fromName: from.displayName,
      toId: inviteeId,
    });
    return saved;
  }

  listPending(userId: string): Promise<RoomInviteEntity[]> {
    return this.rooms.listPendingInvitesTo(userId);
  }

  /** Accepts: the invitee becomes a member. Answers the room's id. */
  async accept(inviteId: string, userId: string): Promise<string> {
    await this.limits.consume('membership', userId);
    const invite = await this.pending(inviteId, userId);
    await this.members.requireNotBanned(invite.roomId, userId);
    await this.rooms.transaction(async (em) => {
      if (!(await this.rooms.closeInvite(invite.id, 'accepted', em))) throw AppException.conflict('This invite is no longer pending');
      await this.members.admit(em, invite.roomId, userId);
    });
    await this.members.announceJoin(invite.roomId, userId);
    return invite.roomId;
  }

  async reject(inviteId: string, userId: string): Promise<RoomInviteEntity> {
    const invite = await this.pending(inviteId, userId);
    if (!(await this.rooms.closeInvite(invite.id, 'rejected'))) throw AppException.conflict('This invite is no longer pending');
    return Object.assign(invite, { status: 'rejected' as const });
  }

  /** The inviter or an admin or owner of the room withdraws a pending invite. */
  async revoke(roomId: string, inviteId: string, userId: string): Promise<void> {
    const { member } = await this.access.requireMember(roomId, userId);
    const invite = await this.rooms.findInvite(inviteId);
    if (!invite || invite.roomId !== roomId) throw AppException.notFound('Invite');
    if (invite.fromId !== userId && RANK[member.role] < RANK.admin)
      throw AppException.forbidden('Only the inviter or a room admin can withdraw an invite');
    if (invite.status !== 'pending') throw AppException.conflict(`This invite is already ${invite.status}`);
    if (!(await this.rooms.closeInvite(invite.id, 'cancelled'))) throw AppException.conflict('This invite is no longer pending');
  }

  /**
   * The invite, when the caller is its invitee and it is still pending and unexpired (404 to strangers, 403 to the
   * inviter, else 409).
   */
  private async pending(inviteId: string, userId: string): Promise<RoomInviteEntity> {
    const invite = authorizeAnswer(await this.rooms.findInvite(inviteId), userId, 'accept', WORDS);
    if (invite.status !== 'pending') throw AppException.conflict(`This invite is already ${invite.status}`);
    if (invite.createdAt.getTime() < Date.now() - INVITE_TTL_DAYS * 24 * 3600 * 1000)
      throw AppException.conflict('This invite has expired');
    return invite;
  }
}
