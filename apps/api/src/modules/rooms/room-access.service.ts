import { Injectable } from '@nestjs/common';
import type { RoomRole } from '@chat/contracts';
import { LRUCache } from 'lru-cache';
import { AppException } from '../../common/app-exception.js';
import { BlocksService } from '../friendships/blocks.service.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { UsersService } from '../users/users.service.js';
import type { RoomMemberEntity } from './entities/room-member.entity.js';
import type { RoomEntity } from './entities/room.entity.js';
import { RoomsRepository, type RoomWithMembership } from './rooms.repository.js';

export const RANK: Record<RoomRole, number> = { member: 0, admin: 1, owner: 2 };

/** A room the caller may see, with the caller's membership (null for a public room they have not joined). */
export type RoomAccess = RoomWithMembership;
export type MemberAccess = RoomAccess & { member: RoomMemberEntity };

/** The other member of a direct room. */
export function peerOf(room: Pick<RoomEntity, 'directKey'>, userId: string): string | null {
  const ids = room.directKey?.split(':') ?? [];
  return ids.find((id) => id !== userId) ?? null;
}

/**
 * Authorisation for rooms, in one place: who may see a room, who is a member, who holds a role, who may post. Every
 * module asks it (messages, files, realtime); its SQL form, for statements that check membership themselves, is
 * `room-membership.sql.ts`.
 */
@Injectable()
export class RoomAccessService {
  /** Rooms known to be direct (a room's kind never changes), so their sends skip the group-room fast path. */
  private readonly directRooms = new LRUCache<string, true>({ max: 100_000 });

  constructor(
    private readonly rooms: RoomsRepository,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly blocks: BlocksService,
  ) {}

  /**
   * The room as the caller may see it: members see their rooms; anyone sees a public group room; an invitee sees
   * the room they are invited to. Anything else is 404, so a private room's existence does not leak.
   */
  async access(roomId: string, userId: string): Promise<RoomAccess> {
    const found = await this.rooms.findAccess(roomId, userId);
    if (!found) throw AppException.notFound('Room');
    const { room, member } = found;
    if (member) return found;
    if (room.kind === 'group' && room.visibility === 'public') return found;
    if (room.kind === 'group' && (await this.rooms.hasPendingInvite(roomId, userId))) return found;
    throw AppException.notFound('Room');
  }

  /** `access` as a value: null where `access` answers 404 (for checks that are not about this room, like files). */
  async visibleTo(roomId: string, userId: string): Promise<RoomAccess | null> {
    try {
      return await this.access(roomId, userId);
    } catch (err) {
      if (err instanceof AppException && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /** The caller's membership: 404 when they cannot see the room, 403 when they see it but are not in it. */
  async requireMember(roomId: string, userId: string): Promise<MemberAccess> {
    const access = await this.access(roomId, userId);
    if (!access.member) throw AppException.forbidden('Join this room first');
    return access as MemberAccess;
  }

  /** Membership with at least `role`, in a group room. */
  async requireRole(roomId: string, userId: string, role: RoomRole): Promise<MemberAccess> {
    const access = await this.requireMember(roomId, userId);
    if (access.room.kind === 'direct') throw AppException.forbidden('Direct conversations have no roles or settings');
    if (RANK[access.member.role] < RANK[role]) throw AppException.forbidden(`Only a room ${role} can do this`);
    return access;
  }

  /**
   * May the caller post in this room? Members of group rooms may. In a direct room the pair must still be allowed:
   * friends, or the recipient accepts messages from everyone, or the recipient opened the conversation with a
   * sender who accepts everyone, and neither blocked the other. Otherwise the history stays readable and new messages
   * are 403.
   */
  async requirePoster(roomId: string, userId: string): Promise<MemberAccess> {
    const access = await this.requireMember(roomId, userId);
    if (access.room.kind === 'direct') {
      this.directRooms.set(roomId, true);
      const otherId = peerOf(access.room, userId);
      if (!otherId || !(await this.directAllowed(userId, otherId, access.room.createdBy))) {
        throw AppException.forbidden('You can no longer send messages in this conversation');
      }
    }
    return access;
  }

  /** Whether the room is known to be a direct room (its sends take `requirePoster` first). */
  isKnownDirect(roomId: string): boolean {
    return this.directRooms.has(roomId);
  }

  /**
   * Whether `senderId` may write to `recipientId` in their direct room opened by `openedBy` (the rule of
   * `requirePoster`). A block, either way, closes the conversation to new messages.
   */
  async directAllowed(senderId: string, recipientId: string, openedBy: string | null): Promise<boolean> {
    if (await this.blocks.blockedBetween(senderId, recipientId)) return false;
    if (await this.friendships.areFriends(senderId, recipientId)) return true;
    const [sender, recipient] = await Promise.all([this.users.get(senderId), this.users.get(recipientId)]);
    if (recipient.dmPolicy === 'everyone') return true;
    return sender.dmPolicy === 'everyone' && openedBy === recipientId;
  }

  /** Whether either of the two users blocked the other. */
  blockedBetween(x: string, y: string): Promise<boolean> {
    return this.blocks.blockedBetween(x, y);
  }

  /** Ids of the members of a room (for fan-out and notifications). */
  memberIds(roomId: string): Promise<string[]> {
    return this.rooms.memberIds(roomId);
  }

  /** Members named by these usernames (mentions), but `exceptId`, at most `limit`, in one query. */
  memberIdsByUsernames(roomId: string, names: string[], exceptId: string, limit: number): Promise<string[]> {
    return this.rooms.memberIdsByUsernames(roomId, names, exceptId, limit);
  }

  /** Ids of every room the user is a member of (socket subscriptions). */
  roomIdsOf(userId: string): Promise<string[]> {
    return this.rooms.roomIdsOf(userId);
  }
}
