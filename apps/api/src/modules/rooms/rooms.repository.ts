import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { NotifyLevel, RoomKind, RoomRole } from '@chat/contracts';
import { DataSource, type EntityManager, In, MoreThan, type Repository } from 'typeorm';
import { closePending } from '../../common/pending-request.js';
import { HotStatements } from '../../database/prepared-query.js';
import { likeEscape, queryRow, queryRows } from '../../database/sql.js';
import { RoomInviteEntity } from './entities/room-invite.entity.js';
import { RoomMemberEntity } from './entities/room-member.entity.js';
import { RoomEntity } from './entities/room.entity.js';
import { membershipSql } from './room-membership.sql.js';

/** Days a room invite stays valid. */
export const INVITE_TTL_DAYS = 30;
const inviteCutoff = () => new Date(Date.now() - INVITE_TTL_DAYS * 24 * 3600 * 1000);

/** A room with the caller's membership row (null when they are not a member). */
export interface RoomWithMembership {
  room: RoomEntity;
  member: RoomMemberEntity | null;
}

/** A membership row as read under its room's lock. */
export interface LockedMember {
  user_id: string;
  role: RoomRole;
}

export type RoomFields = Pick<RoomEntity, 'name' | 'description' | 'visibility' | 'avatarFileId' | 'coverFileId' | 'roomMentions'>;

interface AccessRow {
  id: string;
  kind: RoomEntity['kind'];
  name: string;
  description: string;
  visibility: RoomEntity['visibility'];
  room_mentions: RoomEntity['roomMentions'];
  avatar_file_id: string | null;
  cover_file_id: string | null;
  created_by: string | null;
  direct_key: string | null;
  last_seq: string;
  last_activity_at: Date;
  created_at: Date;
  updated_at: Date;
  m_role: RoomRole | null;
  m_joined_at: Date | null;
  m_last_read_seq: string | null;
}

/** Every query on `rooms`, `room_members` and `room_invites` (bans and invite links have their own repositories). */
@Injectable()
export class RoomsRepository {
  constructor(
    @InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>,
    @InjectRepository(RoomMemberEntity) private readonly members: Repository<RoomMemberEntity>,
    @InjectRepository(RoomInviteEntity) private readonly invites: Repository<RoomInviteEntity>,
    private readonly dataSource: DataSource,
    private readonly hot: HotStatements,
  ) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- rooms ----

  /** The room and the user's membership in one query (this runs on most requests about a room). */
  async findAccess(roomId: string, userId: string): Promise<RoomWithMembership | null> {
    const row = await queryRow<AccessRow>(
      this.dataSource.manager,
      `SELECT r.id, r.kind, r.name, r.description, r.visibility, r.room_mentions, r.avatar_file_id, r.cover_file_id, r.created_by, r.direct_key,
              r.last_seq, r.last_activity_at, r.created_at, r.updated_at,
              m.role AS m_role, m.joined_at AS m_joined_at, m.last_read_seq AS m_last_read_seq
         FROM rooms r LEFT JOIN LATERAL ${membershipSql('r.id', '$2', 'rm.role, rm.joined_at, rm.last_read_seq')} m ON true
        WHERE r.id = $1 AND r.deleted_at IS NULL`,
      [roomId, userId],
    );
    if (!row) return null;
    const room = Object.assign(new RoomEntity(), {
      id: row.id,
      kind: row.kind,
      name: row.name,
      roomMentions: row.room_mentions,
      description: row.description,
      visibility: row.visibility,
      avatarFileId: row.avatar_file_id,
      coverFileId: row.cover_file_id,
      createdBy: row.created_by,
      directKey: row.direct_key,
      lastSeq: Number(row.last_seq),
      lastActivityAt: row.last_activity_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
    const member = row.m_role
      ? Object.assign(new RoomMemberEntity(), {
          roomId,
          userId,
          role: row.m_role,
          joinedAt: row.m_joined_at!,
          lastReadSeq: Number(row.m_last_read_seq ?? 0),
        })
      : null;
    return { room, member };
  }

  findById(roomId: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ id: roomId });
  }

  findByIds(ids: string[]): Promise<RoomEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rooms.createQueryBuilder('r').where('r.id = ANY(:ids)', { ids }).getMany();
  }

  findByDirectKey(directKey: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ directKey });
  }

  /** A group room with its creator as owner, in one transaction. */
  insertGroup(fields: RoomFields, ownerId: string): Promise<RoomEntity> {
    return this.transaction(async (em) => {
      const saved = await em.save(em.create(RoomEntity, { ...fields, kind: 'group', createdBy: ownerId, directKey: null }));
      await em.insert(RoomMemberEntity, { roomId: saved.id, userId: ownerId, role: 'owner' });
      return saved;
    });
  }

  /** The pair's direct room with both as members; fails on `rooms_direct_key_key` when it exists already. */
  insertDirect(directKey: string, openedBy: string, otherId: string): Promise<string> {
    return this.transaction(async (em) => {
      const room = await em.save(
        em.create(RoomEntity, { kind: 'direct', name: '', visibility: 'private', createdBy: openedBy, directKey }),
      );
      await em.insert(RoomMemberEntity, [
        { roomId: room.id, userId: openedBy, role: 'member' },
        { roomId: room.id, userId: otherId, role: 'member' },
      ]);
      return room.id;
    });
  }

  async update(roomId: string, patch: Partial<RoomFields>): Promise<void> {
    if (Object.keys(patch).length > 0) await this.rooms.update({ id: roomId }, patch);
  }

  /**
   * The first step of deleting a room, in one short transaction: the room is marked deleted (every read skips it from
   * now on) and its members and invites are removed, so no membership check, list, join or invite can see it. Answers
   * the former members, or null when the room was already deleted. In the caller's transaction when given one. Its messages go later (`pendingDeletions`,
   * `MessagesRepository.deleteRoomBatch`, `finishDeletion`).
   */
  markDeleted(roomId: string, inTransaction?: EntityManager): Promise<string[] | null> {
    const work = async (em: EntityManager) => {
      const marked = await queryRows<{ id: string }>(
        em,
        `UPDATE rooms SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [roomId],
      );
      if (marked.length === 0) return null;
      await em.query(`DELETE FROM room_invites WHERE room_id = $1`, [roomId]);
      const members = await queryRows<{ user_id: string }>(em, `DELETE FROM room_members WHERE room_id = $1 RETURNING user_id`, [roomId]);
      return members.map((m) => m.user_id);
    };
    return inTransaction ? work(inTransaction) : this.transaction(work);
  }

  /** Live rooms by kind. */
  async countByKind(): Promise<{ groups: number; direct: number }> {
    const row = await queryRow<{ groups: string; direct: string }>(
      this.dataSource.manager,
      `SELECT count(*) FILTER (WHERE kind = 'group')::text AS groups, count(*) FILTER (WHERE kind = 'direct')::text AS direct
         FROM rooms WHERE deleted_at IS NULL`,
      [],
    );
    return { groups: Number(row?.groups ?? 0), direct: Number(row?.direct ?? 0) };
  }

  /** Rooms marked deleted whose rows are still being removed, oldest deletion first. */
  async pendingDeletions(): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM rooms WHERE deleted_at IS NOT NULL ORDER BY deleted_at, id`,
    );
    return rows.map((r) => r.id);
  }

  /** Of these rooms, those marked deleted (still being removed). */
  async deletedAmong(roomIds: string[]): Promise<Set<string>> {
    if (roomIds.length === 0) return new Set();
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT id FROM rooms WHERE id = ANY($1::uuid[]) AND deleted_at IS NOT NULL`,
      [roomIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The last step: the row of a room marked deleted (whatever still references it goes with it, by cascade). */
  async finishDeletion(roomId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rooms WHERE id = $1 AND deleted_at IS NOT NULL`, [roomId]);
  }

  /** Group rooms whose avatar or cover the file is. */
  async idsWithPicture(fileId: string): Promise<string[]> {
    const rows = await this.rooms.find({ where: [{ avatarFileId: fileId }, { coverFileId: fileId }], select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** The user's rooms and DMs, by last activity. */
  listJoined(userId: string): Promise<RoomEntity[]> {
    return this.rooms
      .createQueryBuilder('r')
      .innerJoin(RoomMemberEntity, 'm', 'm.room_id = r.id AND m.user_id = :userId', { userId })
      .orderBy('r.last_activity_at', 'DESC')
      .addOrderBy('r.id')
      .getMany();
  }

  /** Public group rooms by last activity; with a term, those whose name contains it, prefix matches first. */
  listPublic(q: string | undefined, limit: number): Promise<RoomEntity[]> {
    const qb = this.rooms
      .createQueryBuilder('r')
      .where(`r.kind = 'group' AND r.visibility = 'public'`)
      .orderBy('r.last_activity_at', 'DESC')
      .limit(limit);
    const term = q?.toLowerCase();
    if (term) {
      const escaped = likeEscape(term);
      qb.andWhere('lower(r.name) LIKE :contains', { contains: `%${escaped}%` })
        .orderBy('CASE WHEN lower(r.name) LIKE :prefix THEN 0 ELSE 1 END')
        .setParameter('prefix', `${escaped}%`)
        .addOrderBy('r.last_activity_at', 'DESC');
    }
    return qb.getMany();
  }

  // ---- members ----

  async memberIds(roomId: string): Promise<string[]> {
    const rows = await this.members.find({ where: { roomId }, select: { userId: true } });
    return rows.map((r) => r.userId);
  }

  /** The rooms the user is a member of (asked at every socket connection and presence change: a hot statement). */
  async roomIdsOf(userId: string): Promise<string[]> {
    const rows = await this.hot.query<{ room_id: string }>('rooms-of', `SELECT room_id FROM room_members WHERE user_id = $1`, [userId]);
    return rows.map((r) => r.room_id);
  }

  /** Members of the room whose username (case-insensitively) is one of `names`, but `exceptId`; at most `limit`, in one query. */
  async memberIdsByUsernames(roomId: string, names: string[], exceptId: string, limit: number): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT u.id FROM users u
        WHERE lower(u.username) = ANY($2::text[]) AND u.id <> $3 AND ${membershipSql('$1', 'u.id')}
        LIMIT $4`,
      [roomId, names.map((n) => n.toLowerCase()), exceptId, limit],
    );
    return rows.map((r) => r.id);
  }

  async isMember(roomId: string, userId: string): Promise<boolean> {
    return (await this.members.countBy({ roomId, userId })) > 0;
  }

  /** Membership rows of a room (of `only` users when given), oldest first. */
  listMembers(roomId: string, only?: string[]): Promise<RoomMemberEntity[]> {
    const qb = this.members.createQueryBuilder('m').where('m.room_id = :roomId', { roomId });
    if (only) qb.andWhere('m.user_id = ANY(:only)', { only });
    return qb.orderBy('m.joined_at', 'ASC').getMany();
  }

  /** Group rooms where the user holds one of these roles. */
  async roomIdsWithRole(userId: string, roles: RoomRole[]): Promise<string[]> {
    const rows = await this.members.find({ where: { userId, role: In(roles) }, select: { roomId: true } });
    return rows.map((r) => r.roomId);
  }

  /** The viewer's membership rows among these rooms. */
  async setNotify(roomId: string, userId: string, level: NotifyLevel | null, mutedUntil: Date | null): Promise<void> {
    await this.members.update({ roomId, userId }, { notifyLevel: level, mutedUntil });
  }

  /** The stored notification settings of these members of a room, with the room's kind (for the defaults). */
  async notifyOf(
    roomId: string,
    userIds: string[],
  ): Promise<Array<{ userId: string; kind: RoomKind; notifyLevel: NotifyLevel | null; mutedUntil: Date | null }>> {
    const rows = await queryRows<{ user_id: string; kind: RoomKind; notify_level: NotifyLevel | null; muted_until: Date | null }>(
      this.dataSource.manager,
      `SELECT rm.user_id, r.kind, rm.notify_level, rm.muted_until
         FROM room_members rm JOIN rooms r ON r.id = rm.room_id
        WHERE rm.room_id = $1 AND rm.user_id = ANY($2::uuid[])`,
      [roomId, userIds],
    );
    return rows.map((r) => ({ userId: r.user_id, kind: r.kind, notifyLevel: r.notify_level, mutedUntil: r.muted_until }));
  }

  membershipsOf(userId: string, roomIds: string[]): Promise<RoomMemberEntity[]> {
    return this.members.createQueryBuilder('m').where('m.user_id = :userId AND m.room_id = ANY(:roomIds)', { userId, roomIds }).getMany();
  }

  /** Number of members of each room. */
  async memberCounts(roomIds: string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ room_id: string; n: number }>(
      this.dataSource.manager,
      `SELECT room_id, count(*)::int AS n FROM room_members WHERE room_id = ANY($1) GROUP BY room_id`,
      [roomIds],
    );
    return new Map(rows.map((r) => [r.room_id, r.n]));
  }

  /** Adds a member; false when they were one already. */
  async addMember(em: EntityManager, roomId: string, userId: string): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(RoomMemberEntity)
      .values({ roomId, userId, role: 'member' })
      .orIgnore()
      .returning(['user_id'])
      .execute();
    return res.raw.length > 0;
  }

  /**
   * Locks the room's row in the caller's transaction: `share` for adding a member, `exclusive` for a ban. A join
   * therefore waits for a ban of the room in progress and then sees it (its next statement reads after the ban
   * committed); a ban waits for a join in progress and then sees the new member.
   */
  async lockRoom(em: EntityManager, roomId: string, mode: 'share' | 'exclusive'): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      em,
      `SELECT id FROM rooms WHERE id = $1 FOR ${mode === 'share' ? 'KEY SHARE' : 'UPDATE'}`,
      [roomId],
    );
    return rows.length > 0;
  }

  /**
   * Runs `work` with every membership row of the room locked, always in the same order, so that concurrent leaves and
   * role changes queue up instead of deadlocking, and each sees the others' outcome (FOR UPDATE skips rows deleted
   * meanwhile).
   */
  withLockedMembers<T>(roomId: string, work: (rows: LockedMember[], em: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction(async (em) => work(await this.lockMembers(em, roomId), em));
  }

  /** Every membership row of the room, locked in the caller's transaction (see `withLockedMembers`). */
  lockMembers(em: EntityManager, roomId: string): Promise<LockedMember[]> {
    return queryRows<LockedMember>(em, `SELECT user_id, role FROM room_members WHERE room_id = $1 ORDER BY user_id FOR UPDATE`, [roomId]);
  }

  async deleteMember(em: EntityManager, roomId: string, userId: string): Promise<void> {
    await em.delete(RoomMemberEntity, { roomId, userId });
  }

  async setRole(em: EntityManager, roomId: string, userId: string, role: RoomRole): Promise<void> {
    await em.update(RoomMemberEntity, { roomId, userId }, { role });
  }

  /**
   * Moves the read marker forward (never back, never past the room's last seq). Answers the new marker when it moved,
   * null when it did not (already there or further, or no such membership).
   */
  async markRead(roomId: string, userId: string, seq: number): Promise<number | null> {
    const row = await queryRow<{ last_read_seq: string }>(
      this.dataSource.manager,
      `UPDATE room_members m SET last_read_seq = LEAST($3::bigint, r.last_seq)
         FROM rooms r WHERE r.id = m.room_id AND m.room_id = $1 AND m.user_id = $2 AND m.last_read_seq < LEAST($3::bigint, r.last_seq)
       RETURNING m.last_read_seq`,
      [roomId, userId, seq],
    );
    return row ? Number(row.last_read_seq) : null;
  }

  /**
   * Moves the read marker back to `seq` (mark as unread), never forward. Answers the new marker when it moved, null
   * when it did not (already at or before `seq`, or no such membership).
   */
  async markUnread(roomId: string, userId: string, seq: number): Promise<number | null> {
    const row = await queryRow<{ last_read_seq: string }>(
      this.dataSource.manager,
      `UPDATE room_members SET last_read_seq = $3 WHERE room_id = $1 AND user_id = $2 AND last_read_seq > $3
       RETURNING last_read_seq`,
      [roomId, userId, seq],
    );
    return row ? Number(row.last_read_seq) : null;
  }

  /** The user's read marker in the room (0 when not a member). */
  async readMarker(roomId: string, userId: string): Promise<number> {
    const row = await this.members.findOne({ where: { roomId, userId }, select: { lastReadSeq: true } });
    return row?.lastReadSeq ?? 0;
  }

  // ---- invites ----

  findInvite(id: string): Promise<RoomInviteEntity | null> {
    return this.invites.findOneBy({ id });
  }

  /** The invitee's live invite to the room: pending and younger than INVITE_TTL_DAYS. */
  findPendingInvite(roomId: string, toId: string): Promise<RoomInviteEntity | null> {
    return this.invites.findOneBy({ roomId, toId, status: 'pending', createdAt: MoreThan(inviteCutoff()) });
  }

  async hasPendingInvite(roomId: string, toId: string): Promise<boolean> {
    return (await this.invites.countBy({ roomId, toId, status: 'pending', createdAt: MoreThan(inviteCutoff()) })) > 0;
  }

  /**
   * A pending invite; a second live one for the room and invitee fails on `room_invites_pending_key`. An expired one
   * still pending is closed first (cancelled), so it does not stand in the way.
   */
  insertInvite(roomId: string, fromId: string, toId: string): Promise<RoomInviteEntity> {
    return this.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .update(RoomInviteEntity)
        .set({ status: 'cancelled', respondedAt: () => 'now()' })
        .where('room_id = :roomId AND to_id = :toId AND status = :pending AND created_at <= :cutoff', {
          roomId,
          toId,
          pending: 'pending',
          cutoff: inviteCutoff(),
        })
        .execute();
      return em.save(em.create(RoomInviteEntity, { roomId, fromId, toId, status: 'pending' }));
    });
  }

  listPendingInvitesTo(userId: string): Promise<RoomInviteEntity[]> {
    return this.invites.find({
      where: { toId: userId, status: 'pending', createdAt: MoreThan(inviteCutoff()) },
      order: { createdAt: 'DESC' },
    });
  }

  /** Answers an invite (see `closePending`), in the caller's transaction when given one. */
  closeInvite(id: string, status: 'accepted' | 'rejected' | 'cancelled', em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return closePending(em, RoomInviteEntity, id, status);
  }

  inviteStatus(em: EntityManager, id: string): Promise<RoomInviteEntity | null> {
    return em.findOneBy(RoomInviteEntity, { id });
  }
}
