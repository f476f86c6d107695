import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CreateRoomDto, Invite, Member, Message, Room, RoomRole, UpdateRoomDto } from '@chat/contracts';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { fileUrl, type PictureChecker, UsersService } from '../users/users.service.js';
import { RoomInviteEntity } from './entities/room-invite.entity.js';
import { RoomMemberEntity } from './entities/room-member.entity.js';
import { RoomEntity } from './entities/room.entity.js';

const RANK: Record<RoomRole, number> = { member: 0, admin: 1, owner: 2 };

/** The room a message is posted in. */
export type PostTarget = RoomEntity;

/** A room the caller may see, with the caller's membership (null for a public room they have not joined). */
export interface RoomAccess {
  room: RoomEntity;
  member: RoomMemberEntity | null;
}

export interface RoomActivitySource {
  lastMessages(viewerId: string, keys: Array<{ roomId: string; seq: number }>): Promise<Map<string, Message>>;
  /** Messages of others after the user's read marker, per room. */
  unreadCounts(userId: string, roomIds: string[]): Promise<Map<string, number>>;
}

export interface InviteEvents {
  invited(invite: Invite): void;
}

@Injectable()
export class RoomsService {
  private inviteListeners: InviteEvents[] = [];
  private activity: RoomActivitySource | null = null;
  private pictures: PictureChecker | null = null;
  /** Rooms known to be direct (a room's kind never changes), so their sends skip the group-room fast path. */
  private readonly directRooms = new LRUCache<string, true>({ max: 100_000 });

  constructor(
    @InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>,
    @InjectRepository(RoomMemberEntity) private readonly members: Repository<RoomMemberEntity>,
    @InjectRepository(RoomInviteEntity) private readonly invites: Repository<RoomInviteEntity>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly realtime: RealtimeService,
  ) {}

  /** The messages module provides last messages and unread counts (it owns the messages table). */
  useActivity(source: RoomActivitySource): void {
    this.activity = source;
  }

  listenInvites(listener: InviteEvents): void {
    this.inviteListeners.push(listener);
  }

  /** The files module checks that a room's avatar and cover are images the caller uploaded. */
  usePictures(checker: PictureChecker): void {
    this.pictures = checker;
  }

  // ---- authorisation: the one place that decides who may see and do what in a room ----

  /**
   * The room as the caller may see it: members see their rooms; anyone sees a public group room; an invitee sees
   * the room they are invited to. Anything else is 404, so a private room's existence does not leak.
   */
  async access(roomId: string, userId: string): Promise<RoomAccess> {
    // The room and the caller's membership in one query: this runs on every message sent.
    const found = (await this.rooms
      .createQueryBuilder('r')
      .leftJoinAndMapOne('r.membership', RoomMemberEntity, 'm', 'm.room_id = r.id AND m.user_id = :userId', { userId })
      .where('r.id = :roomId', { roomId })
      .getOne()) as (RoomEntity & { membership?: RoomMemberEntity | null }) | null;
    if (!found) throw AppException.notFound('Room');
    const { membership, ...fields } = found;
    const room = Object.assign(new RoomEntity(), fields);
    const member = membership ?? null;
    if (member) return { room, member };
    if (room.kind === 'group' && room.visibility === 'public') return { room, member: null };
    if (room.kind === 'group' && (await this.invites.countBy({ roomId, toId: userId, status: 'pending' })) > 0)
      return { room, member: null };
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
  async requireMember(roomId: string, userId: string): Promise<RoomAccess & { member: RoomMemberEntity }> {
    const access = await this.access(roomId, userId);
    if (!access.member) throw AppException.forbidden('Join this room first');
    return access as RoomAccess & { member: RoomMemberEntity };
  }

  /** Membership with at least `role`, in a group room. */
  async requireRole(roomId: string, userId: string, role: RoomRole): Promise<RoomAccess & { member: RoomMemberEntity }> {
    const access = await this.requireMember(roomId, userId);
    if (access.room.kind === 'direct') throw AppException.forbidden('Direct conversations have no roles or settings');
    if (RANK[access.member.role] < RANK[role]) throw AppException.forbidden(`Only a room ${role} can do this`);
    return access;
  }

  /**
   * May the caller post in this room? Members of group rooms may. In a direct room the pair must still be allowed:
   * friends, or the recipient accepts messages from everyone, or the recipient opened the conversation with a
   * sender who accepts everyone. Otherwise the history stays readable and new messages are 403.
   */
  async requirePoster(roomId: string, userId: string): Promise<RoomAccess & { member: RoomMemberEntity }> {
    const access = await this.requireMember(roomId, userId);
    if (access.room.kind === 'direct') {
      this.directRooms.set(roomId, true);
      const otherId = this.otherOf(access.room, userId);
      if (!otherId || !(await this.directAllowed(userId, otherId, access.room.createdBy))) {
        throw AppException.forbidden('You can no longer send messages in this conversation');
      }
    }
    return access;
  }

  /**
   * `requirePoster` as an SQL condition on `i.room_id` and `i.sender_id`, for the case that needs no other check: a
   * member of a group room may post. The group-commit statement applies it to each message it writes, so a send costs
   * no separate membership query; a message it refuses goes through `requirePoster`, which gives the reason (and
   * decides for direct rooms). A scalar subquery, not EXISTS: PostgreSQL may run an EXISTS under OR as one hashed
   * scan of every membership, where this is two index lookups per message.
   */
  readonly groupPosterSql = `(SELECT r.kind FROM room_members rm JOIN rooms r ON r.id = rm.room_id
    WHERE rm.room_id = i.room_id AND rm.user_id = i.sender_id) = 'group'`;

  /**
   * `requireMember` as an SQL condition: true when the user (`user`, an SQL expression) is a member of the room
   * (`room`), else null. A membership row is exactly what `requireMember` accepts (it references its room, so the room
   * exists). A reader of history applies it to the page query itself, so a page costs no separate membership query; a
   * page that comes back empty goes through `requireMember`, which gives the precise 403 or 404. A scalar subquery on
   * parameters: PostgreSQL runs it once, before the page (one primary-key lookup), never as a join over memberships.
   */
  memberSql(room: string, user: string): string {
    return `(SELECT true FROM room_members rm WHERE rm.room_id = ${room} AND rm.user_id = ${user})`;
  }

  /** Whether the room is known to be a direct room (its sends take `requirePoster` first). */
  isKnownDirect(roomId: string): boolean {
    return this.directRooms.has(roomId);
  }

  private otherOf(room: RoomEntity, userId: string): string | null {
    const ids = room.directKey?.split(':') ?? [];
    return ids.find((id) => id !== userId) ?? null;
  }

  private async directAllowed(senderId: string, recipientId: string, openedBy: string | null): Promise<boolean> {
    if (await this.friendships.areFriends(senderId, recipientId)) return true;
    const [sender, recipient] = await Promise.all([this.users.get(senderId), this.users.get(recipientId)]);
    if (recipient.dmPolicy === 'everyone') return true;
    return sender.dmPolicy === 'everyone' && openedBy === recipientId;
  }

  /** Kind and name of a room, without any per-viewer work (notifications). */
  async summary(roomId: string): Promise<{ kind: RoomEntity['kind']; name: string } | null> {
    return this.rooms.findOne({ where: { id: roomId }, select: { id: true, kind: true, name: true } });
  }

  /** Ids of the members of a room (for fan-out and notifications). */
  async memberIds(roomId: string): Promise<string[]> {
    const rows = await this.members.find({ where: { roomId }, select: { userId: true } });
    return rows.map((r) => r.userId);
  }

  /** Ids of every room the user is a member of (socket subscriptions). */
  async roomIdsOf(userId: string): Promise<string[]> {
    const rows = await this.members.find({ where: { userId }, select: { roomId: true } });
    return rows.map((r) => r.roomId);
  }

  /** Users who share at least one room with the user (presence audience). */
  async coMemberIds(userId: string): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT o.user_id FROM room_members m JOIN room_members o ON o.room_id = m.room_id WHERE m.user_id = $1 AND o.user_id <> $1`,
      [userId],
    );
    return rows.map((r) => r.user_id);
  }

  // ---- rooms ----

  async create(userId: string, dto: CreateRoomDto): Promise<Room> {
    await this.checkPictures(userId, dto);
    const room = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        em.create(RoomEntity, {
          kind: 'group',
          name: dto.name,
          description: dto.description ?? '',
          visibility: dto.visibility ?? 'private',
          avatarFileId: dto.avatarFileId ?? null,
          coverFileId: dto.coverFileId ?? null,
          createdBy: userId,
          directKey: null,
        }),
      );
      await em.insert(RoomMemberEntity, { roomId: saved.id, userId, role: 'owner' });
      return saved;
    });
    this.realtime.subscribe([userId], room.id);
    return this.getRoom(room.id, userId);
  }

  async getRoom(roomId: string, userId: string): Promise<Room> {
    const { room } = await this.access(roomId, userId);
    const [presented] = await this.present(userId, [room]);
    return presented!;
  }

  async update(roomId: string, userId: string, dto: UpdateRoomDto): Promise<Room> {
    await this.requireRole(roomId, userId, 'admin');
    await this.checkPictures(userId, dto);
    const patch: Partial<RoomEntity> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.description !== undefined) patch.description = dto.description;
    if (dto.visibility !== undefined) patch.visibility = dto.visibility;
    if (dto.avatarFileId !== undefined) patch.avatarFileId = dto.avatarFileId;
    if (dto.coverFileId !== undefined) patch.coverFileId = dto.coverFileId;
    if (Object.keys(patch).length > 0) await this.rooms.update({ id: roomId }, patch);
    const room = await this.getRoom(roomId, userId);
    this.realtime.toRoom(roomId, 'room:updated', { ...room, myRole: null, myReadSeq: 0, unreadCount: 0 });
    return room;
  }

  async remove(roomId: string, userId: string): Promise<void> {
    await this.requireRole(roomId, userId, 'owner');
    const memberIds = await this.memberIds(roomId);
    await this.rooms.delete({ id: roomId });
    this.realtime.toUser(memberIds, 'room:removed', { roomId });
    this.realtime.closeRoom(roomId);
  }

  /** Pictures are images the caller uploaded (checked by the files module); `null` clears. */
  private async checkPictures(userId: string, dto: { avatarFileId?: string | null; coverFileId?: string | null }): Promise<void> {
    for (const field of ['avatarFileId', 'coverFileId'] as const) {
      const fileId = dto[field];
      if (!fileId) continue;
      if (!this.pictures) throw AppException.validation(field, 'does not name an uploaded image');
      await this.pictures.requireOwnImage(userId, fileId, field);
    }
  }

  /** Group rooms whose avatar or cover the file is. */
  async roomIdsWithPicture(fileId: string): Promise<string[]> {
    const rows = await this.rooms.find({ where: [{ avatarFileId: fileId }, { coverFileId: fileId }], select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Joined rooms and DMs by last activity, or public rooms to discover, in a constant number of queries. */
  async list(userId: string, scope: 'joined' | 'discover', q: string | undefined, limit: number): Promise<Room[]> {
    if (scope === 'joined') {
      const rows = await this.rooms
        .createQueryBuilder('r')
        .innerJoin(RoomMemberEntity, 'm', 'm.room_id = r.id AND m.user_id = :userId', { userId })
        .orderBy('r.last_activity_at', 'DESC')
        .addOrderBy('r.id')
        .getMany();
      return this.present(userId, rows);
    }
    const qb = this.rooms
      .createQueryBuilder('r')
      .where(`r.kind = 'group' AND r.visibility = 'public'`)
      .orderBy('r.last_activity_at', 'DESC')
      .limit(limit);
    const term = q?.toLowerCase();
    if (term) {
      const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
      qb.andWhere('lower(r.name) LIKE :contains', { contains: `%${escaped}%` })
        .orderBy('CASE WHEN lower(r.name) LIKE :prefix THEN 0 ELSE 1 END')
        .setParameter('prefix', `${escaped}%`)
        .addOrderBy('r.last_activity_at', 'DESC');
    }
    return this.present(userId, await qb.getMany());
  }

  /** Joins a public room, or a private one the caller is invited to (which accepts the invite). */
  async join(roomId: string, userId: string): Promise<Room> {
    const { room, member } = await this.access(roomId, userId);
    if (room.kind === 'direct') throw AppException.forbidden('Direct conversations cannot be joined');
    if (member) return this.getRoom(roomId, userId);
    const invite = await this.invites.findOneBy({ roomId, toId: userId, status: 'pending' });
    if (room.visibility === 'private' && !invite) throw AppException.notFound('Room');
    await this.dataSource.transaction(async (em) => {
      if (invite) {
        const res = await em.update(
          RoomInviteEntity,
          { id: invite.id, status: 'pending' },
          { status: 'accepted', respondedAt: new Date() },
        );
        // answered meanwhile: rejected closes a private room again (accepted means they joined already)
        if (!res.affected && room.visibility === 'private') {
          const now = await em.findOneBy(RoomInviteEntity, { id: invite.id });
          if (now?.status !== 'accepted') throw AppException.notFound('Room');
        }
      }
      await this.addMember(em, roomId, userId);
    });
    await this.announceJoin(roomId, userId);
    return this.getRoom(roomId, userId);
  }

  private async addMember(em: EntityManager, roomId: string, userId: string): Promise<void> {
    await em.createQueryBuilder().insert().into(RoomMemberEntity).values({ roomId, userId, role: 'member' }).orIgnore().execute();
  }

  private async announceJoin(roomId: string, userId: string): Promise<void> {
    this.realtime.subscribe([userId], roomId);
    const [member] = await this.presentMembers(userId, roomId, [userId]);
    if (member) this.realtime.toRoom(roomId, 'room:member-joined', { roomId, member });
  }

  /** Leaves a room; the last owner must hand over first while others remain. The last member leaving deletes it. */
  async leave(roomId: string, userId: string): Promise<void> {
    const { room } = await this.requireMember(roomId, userId);
    if (room.kind === 'direct') throw AppException.forbidden('Direct conversations cannot be left');
    const deleted = await this.dataSource.transaction(async (em) => {
      const rows = await this.lockMembers(em, roomId);
      const me = rows.find((r) => r.user_id === userId);
      if (!me) return false;
      const others = rows.filter((r) => r.user_id !== userId);
      if (others.length === 0) {
        await em.delete(RoomEntity, { id: roomId });
        return true;
      }
      if (me.role === 'owner' && !others.some((o) => o.role === 'owner')) {
        throw AppException.conflict('You are the last owner: make someone else owner before leaving');
      }
      await em.delete(RoomMemberEntity, { roomId, userId });
      return false;
    });
    this.realtime.unsubscribe([userId], roomId);
    if (deleted) {
      this.realtime.toUser(userId, 'room:removed', { roomId });
      return;
    }
    this.realtime.toRoom(roomId, 'room:member-left', { roomId, userId });
  }

  async listMembers(roomId: string, userId: string): Promise<Member[]> {
    await this.requireMember(roomId, userId);
    return this.presentMembers(userId, roomId);
  }

  /** Owners set roles; the last owner cannot step down. */
  async setRole(roomId: string, userId: string, targetId: string, role: RoomRole): Promise<Member> {
    await this.requireRole(roomId, userId, 'owner');
    await this.dataSource.transaction(async (em) => {
      const rows = await this.lockMembers(em, roomId);
      if (rows.find((r) => r.user_id === userId)?.role !== 'owner') throw AppException.forbidden('Only a room owner can do this');
      const target = rows.find((r) => r.user_id === targetId);
      if (!target) throw AppException.notFound('Member');
      if (target.role === 'owner' && role !== 'owner' && rows.filter((r) => r.role === 'owner').length === 1) {
        throw AppException.conflict('A room needs an owner: make someone else owner first');
      }
      await em.update(RoomMemberEntity, { roomId, userId: targetId }, { role });
    });
    const [member] = await this.presentMembers(userId, roomId, [targetId]);
    this.realtime.toRoom(roomId, 'room:member-joined', { roomId, member: member! });
    return member!;
  }

  /**
   * Locks every membership row of a room, always in the same order, so that concurrent leaves and role changes
   * queue up instead of deadlocking, and each sees the others' outcome (FOR UPDATE skips rows deleted meanwhile).
   */
  private lockMembers(em: EntityManager, roomId: string): Promise<Array<{ user_id: string; role: RoomRole }>> {
    return em.query(`SELECT user_id, role FROM room_members WHERE room_id = $1 ORDER BY user_id FOR UPDATE`, [roomId]);
  }

  /** Admins and owners remove members whose role is not above their own. */
  async kick(roomId: string, userId: string, targetId: string): Promise<void> {
    await this.requireRole(roomId, userId, 'admin');
    if (targetId === userId) throw AppException.validation('userId', 'is you: leave the room instead');
    // roles are read again under the lock: a concurrent demotion must not let a kick empty the room of owners
    await this.dataSource.transaction(async (em) => {
      const rows = await this.lockMembers(em, roomId);
      const me = rows.find((r) => r.user_id === userId);
      if (!me || RANK[me.role] < RANK.admin) throw AppException.forbidden('Only a room admin can do this');
      const target = rows.find((r) => r.user_id === targetId);
      if (!target) throw AppException.notFound('Member');
      if (RANK[target.role] > RANK[me.role]) throw AppException.forbidden('You cannot remove someone with a higher role');
      await em.delete(RoomMemberEntity, { roomId, userId: targetId });
    });
    this.realtime.unsubscribe([targetId], roomId);
    this.realtime.toUser(targetId, 'room:removed', { roomId });
    this.realtime.toRoom(roomId, 'room:member-left', { roomId, userId: targetId });
  }

  // ---- invites ----

  /** Members invite in public rooms, admins and owners in private ones; only friends of the inviter. */
  async invite(roomId: string, userId: string, inviteeId: string): Promise<Invite> {
    const { room, member } = await this.requireMember(roomId, userId);
    if (room.kind === 'direct') throw AppException.forbidden('Direct conversations take no invites');
    if (room.visibility === 'private' && RANK[member.role] < RANK.admin)
      throw AppException.forbidden('Only admins can invite to a private room');
    if (inviteeId === userId) throw AppException.validation('userId', 'cannot be yourself');
    await this.users.get(inviteeId);
    if (!(await this.friendships.areFriends(userId, inviteeId))) throw AppException.forbidden('You can only invite your friends');
    if (await this.members.countBy({ roomId, userId: inviteeId })) throw AppException.conflict('Already a member of this room');
    let saved: RoomInviteEntity;
    try {
      saved = await this.invites.save(this.invites.create({ roomId, fromId: userId, toId: inviteeId, status: 'pending' }));
    } catch (err) {
      if (isUniqueViolation(err, 'room_invites_pending_key')) throw AppException.conflict('This user is already invited');
      throw err;
    }
    const [forInvitee] = await this.presentInvites(inviteeId, [saved]);
    for (const l of this.inviteListeners) l.invited(forInvitee!);
    return (await this.presentInvites(userId, [saved]))[0]!;
  }

  async listInvites(userId: string): Promise<Invite[]> {
    const rows = await this.invites.find({ where: { toId: userId, status: 'pending' }, order: { createdAt: 'DESC' } });
    return this.presentInvites(userId, rows);
  }

  private async pendingInvite(inviteId: string, userId: string): Promise<RoomInviteEntity> {
    const invite = await this.invites.findOneBy({ id: inviteId });
    if (!invite || (invite.toId !== userId && invite.fromId !== userId)) throw AppException.notFound('Invite');
    if (invite.toId !== userId) throw AppException.forbidden('Only the invitee can answer an invite');
    if (invite.status !== 'pending') throw AppException.conflict(`This invite is already ${invite.status}`);
    return invite;
  }

  async acceptInvite(inviteId: string, userId: string): Promise<Room> {
    const invite = await this.pendingInvite(inviteId, userId);
    await this.dataSource.transaction(async (em) => {
      const res = await em.update(RoomInviteEntity, { id: invite.id, status: 'pending' }, { status: 'accepted', respondedAt: new Date() });
      if (!res.affected) throw AppException.conflict('This invite is no longer pending');
      await this.addMember(em, invite.roomId, userId);
    });
    await this.announceJoin(invite.roomId, userId);
    return this.getRoom(invite.roomId, userId);
  }

  async rejectInvite(inviteId: string, userId: string): Promise<Invite> {
    const invite = await this.pendingInvite(inviteId, userId);
    const res = await this.invites.update({ id: invite.id, status: 'pending' }, { status: 'rejected', respondedAt: new Date() });
    if (!res.affected) throw AppException.conflict('This invite is no longer pending');
    return (await this.presentInvites(userId, [{ ...invite, status: 'rejected' }]))[0]!;
  }

  // ---- direct rooms ----

  /** The pair's one direct room, created on first use (unique `direct_key`); 201 when created. */
  async openDirect(userId: string, otherId: string): Promise<{ room: Room; created: boolean }> {
    if (otherId === userId) throw AppException.validation('userId', 'cannot be yourself');
    const other = await this.users.get(otherId);
    const key = [userId, otherId].sort().join(':');
    const existing = await this.rooms.findOneBy({ directKey: key });
    // an existing conversation is returned to whoever may still post in it (the rule of requirePoster)
    const allowed = existing
      ? await this.directAllowed(userId, otherId, existing.createdBy)
      : (await this.friendships.areFriends(userId, otherId)) || other.dmPolicy === 'everyone';
    if (!allowed) throw AppException.forbidden('You can message this person once you are friends');
    if (existing) return { room: await this.getRoom(existing.id, userId), created: false };
    let roomId: string;
    let created = true;
    try {
      roomId = await this.dataSource.transaction(async (em) => {
        const room = await em.save(
          em.create(RoomEntity, { kind: 'direct', name: '', visibility: 'private', createdBy: userId, directKey: key }),
        );
        await em.insert(RoomMemberEntity, [
          { roomId: room.id, userId, role: 'member' },
          { roomId: room.id, userId: otherId, role: 'member' },
        ]);
        return room.id;
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'rooms_direct_key_key')) throw err;
      roomId = (await this.rooms.findOneByOrFail({ directKey: key })).id;
      created = false;
    }
    if (created) {
      this.realtime.subscribe([userId, otherId], roomId);
      // The other member learns of the conversation at once, as they see it.
      this.realtime.toUser(otherId, 'room:updated', await this.getRoom(roomId, otherId));
    }
    return { room: await this.getRoom(roomId, userId), created };
  }

  // ---- read markers ----

  /** Moves the caller's read marker forward (never back, never past the last message). Returns the new marker. */
  async markRead(roomId: string, userId: string, seq: number): Promise<number> {
    await this.requireMember(roomId, userId);
    const rows: Array<{ last_read_seq: string }> = await this.dataSource.query(
      `UPDATE room_members m SET last_read_seq = GREATEST(m.last_read_seq, LEAST($3::bigint, r.last_seq))
         FROM rooms r WHERE r.id = m.room_id AND m.room_id = $1 AND m.user_id = $2 RETURNING m.last_read_seq`,
      [roomId, userId, seq],
    );
    const marker = Number((Array.isArray(rows[0]) ? rows[0][0] : rows[0])?.last_read_seq ?? 0);
    this.realtime.toRoom(roomId, 'room:read', { roomId, userId, seq: marker });
    return marker;
  }

  // ---- presentation ----

  /** The `Room` shape of each row for the viewer, in a constant number of queries. */
  async present(viewerId: string, rows: RoomEntity[]): Promise<Room[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [memberships, counts, unread, others, lastMessages] = await Promise.all([
      this.members.createQueryBuilder('m').where('m.user_id = :viewerId AND m.room_id = ANY(:ids)', { viewerId, ids }).getMany(),
      this.dataSource.query(`SELECT room_id, count(*)::int AS n FROM room_members WHERE room_id = ANY($1) GROUP BY room_id`, [
        ids,
      ]) as Promise<Array<{ room_id: string; n: number }>>,
      this.activity ? this.activity.unreadCounts(viewerId, ids) : Promise.resolve(new Map<string, number>()),
      this.directPeers(viewerId, rows),
      this.activity
        ? this.activity.lastMessages(
            viewerId,
            rows.filter((r) => r.lastSeq > 0).map((r) => ({ roomId: r.id, seq: r.lastSeq })),
          )
        : Promise.resolve(new Map<string, Message>()),
    ]);
    const mine = new Map(memberships.map((m) => [m.roomId, m]));
    const countOf = new Map(counts.map((c) => [c.room_id, c.n]));
    return rows.map((r) => {
      const m = mine.get(r.id);
      const peer = others.get(r.id);
      return {
        id: r.id,
        kind: r.kind,
        name: r.kind === 'direct' ? (peer?.displayName ?? 'Deleted user') : r.name,
        description: r.description,
        visibility: r.visibility,
        avatarUrl: r.kind === 'direct' ? (peer?.avatarUrl ?? null) : fileUrl(r.avatarFileId),
        coverUrl: r.kind === 'direct' ? (peer?.coverUrl ?? null) : fileUrl(r.coverFileId),
        createdBy: r.createdBy ?? '',
        memberCount: countOf.get(r.id) ?? 0,
        lastSeq: r.lastSeq,
        lastMessage: lastMessages.get(r.id) ?? null,
        myRole: m?.role ?? null,
        myReadSeq: m?.lastReadSeq ?? 0,
        unreadCount: m ? (unread.get(r.id) ?? 0) : 0,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }

  /** For each direct room, the other member as the viewer sees them. */
  private async directPeers(viewerId: string, rows: RoomEntity[]) {
    const peerOf = new Map<string, string>();
    for (const r of rows) {
      const other = r.kind === 'direct' ? this.otherOf(r, viewerId) : null;
      if (other) peerOf.set(r.id, other);
    }
    const users = await this.users.present(viewerId, await this.users.findByIds([...new Set(peerOf.values())]));
    const byId = new Map(users.map((u) => [u.id, u]));
    return new Map([...peerOf].flatMap(([roomId, uid]) => (byId.has(uid) ? [[roomId, byId.get(uid)!] as const] : [])));
  }

  private async presentMembers(viewerId: string, roomId: string, only?: string[]): Promise<Member[]> {
    const qb = this.members.createQueryBuilder('m').where('m.room_id = :roomId', { roomId });
    if (only) qb.andWhere('m.user_id = ANY(:only)', { only });
    const rows = await qb.orderBy('m.joined_at', 'ASC').getMany();
    const users = new Map(
      (await this.users.present(viewerId, await this.users.findByIds(rows.map((r) => r.userId)))).map((u) => [u.id, u]),
    );
    return rows
      .filter((r) => users.has(r.userId))
      .map((r) => ({ user: users.get(r.userId)!, role: r.role, joinedAt: r.joinedAt.toISOString(), lastReadSeq: r.lastReadSeq }))
      .sort((a, b) => RANK[b.role] - RANK[a.role] || a.joinedAt.localeCompare(b.joinedAt));
  }

  private async presentInvites(viewerId: string, rows: RoomInviteEntity[]): Promise<Invite[]> {
    if (rows.length === 0) return [];
    const roomRows = await this.rooms
      .createQueryBuilder('r')
      .where('r.id = ANY(:ids)', { ids: [...new Set(rows.map((i) => i.roomId))] })
      .getMany();
    const rooms = new Map((await this.present(viewerId, roomRows)).map((r) => [r.id, r]));
    const userIds = [...new Set(rows.flatMap((i) => [i.fromId, i.toId]))];
    const users = new Map((await this.users.present(viewerId, await this.users.findByIds(userIds))).map((u) => [u.id, u]));
    return rows
      .filter((i) => rooms.has(i.roomId))
      .map((i) => ({
        id: i.id,
        room: rooms.get(i.roomId)!,
        from: users.get(i.fromId)!,
        to: users.get(i.toId)!,
        status: i.status,
        createdAt: i.createdAt.toISOString(),
      }));
  }
}
