import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FriendshipState } from '@chat/contracts';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { closePending } from '../../common/pending-request.js';
import type { RequestStatus } from '@chat/contracts';
import { queryRows } from '../../database/sql.js';
import { FriendRequestEntity } from './entities/friend-request.entity.js';
import { FriendshipEntity, orderedPair } from './entities/friendship.entity.js';
import { UserBlockEntity } from './entities/user-block.entity.js';

/** What a block ended between the pair. */
export interface BlockOutcome {
  friendshipEnded: boolean;
  /** Pending requests between the pair, now cancelled. */
  closed: FriendRequestEntity[];
}

/**
 * Serialises everything that makes or ends a relation between two users (a request, an acceptance, a block) in the
 * caller's transaction: a request racing a block cannot slip in after it.
 */
async function lockPair(em: EntityManager, x: string, y: string): Promise<void> {
  const [a, b] = x < y ? [x, y] : [y, x];
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`pair:${a}:${b}`]);
}

/** Every query on `friendships`, `friend_requests` and `user_blocks`. */
@Injectable()
export class FriendshipsRepository {
  constructor(
    @InjectRepository(FriendRequestEntity) private readonly requests: Repository<FriendRequestEntity>,
    @InjectRepository(FriendshipEntity) private readonly friendships: Repository<FriendshipEntity>,
    @InjectRepository(UserBlockEntity) private readonly blocks: Repository<UserBlockEntity>,
    private readonly dataSource: DataSource,
  ) {}

  async areFriends(x: string, y: string): Promise<boolean> {
    return (await this.friendships.countBy(orderedPair(x, y))) > 0;
  }

  async friendIds(userId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `SELECT user_b AS id FROM friendships WHERE user_a = $1 UNION ALL SELECT user_a FROM friendships WHERE user_b = $1`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * How each of `others` relates to the viewer, and which of them blocked the viewer (`blockers`), in two queries
   * whatever the batch size.
   */
  async states(viewerId: string, others: string[]): Promise<{ states: Map<string, FriendshipState>; blockers: Set<string> }> {
    const states = new Map<string, FriendshipState>();
    const blockers = new Set<string>();
    if (others.length === 0) return { states, blockers };
    const [pending, friends] = await Promise.all([
      queryRows<{ from_id: string; to_id: string; block: boolean }>(
        this.dataSource.manager,
        `SELECT from_id, to_id, false AS block FROM friend_requests WHERE status = 'pending'
           AND ((from_id = $1 AND to_id = ANY($2)) OR (to_id = $1 AND from_id = ANY($2)))
         UNION ALL
         SELECT blocker_id, blocked_id, true FROM user_blocks WHERE blocked_id = $1 AND blocker_id = ANY($2)`,
        [viewerId, others],
      ),
      queryRows<{ id: string }>(
        this.dataSource.manager,
        `SELECT user_b AS id FROM friendships WHERE user_a = $1 AND user_b = ANY($2)
         UNION ALL SELECT user_a FROM friendships WHERE user_b = $1 AND user_a = ANY($2)`,
        [viewerId, others],
      ),
    ]);
    for (const r of pending) {
      if (r.block) blockers.add(r.from_id);
      else states.set(r.from_id === viewerId ? r.to_id : r.from_id, r.from_id === viewerId ? 'outgoing' : 'incoming');
    }
    for (const r of friends) states.set(r.id, 'friends');
    return { states, blockers };
  }

  findRequest(id: string): Promise<FriendRequestEntity | null> {
    return this.requests.findOneBy({ id });
  }

  findPendingFrom(fromId: string, toId: string): Promise<FriendRequestEntity | null> {
    return this.requests.findOneBy({ fromId, toId, status: 'pending' });
  }

  /**
   * A new pending request; a second pending one for the pair fails on `friend_requests_pending_pair_key`. Null (and
   * nothing stored) when a block stands between the pair, checked under the pair's lock.
   */
  insertRequest(fromId: string, toId: string): Promise<FriendRequestEntity | null> {
    return this.dataSource.transaction(async (em) => {
      await lockPair(em, fromId, toId);
      if (await this.blockedBetween(fromId, toId, em)) return null;
      return em.save(em.create(FriendRequestEntity, { fromId, toId, status: 'pending' }));
    });
  }

  listPending(userId: string, direction: 'incoming' | 'outgoing'): Promise<FriendRequestEntity[]> {
    return this.requests.find({
      where: direction === 'incoming' ? { toId: userId, status: 'pending' } : { fromId: userId, status: 'pending' },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * Answers a pending request, and on acceptance makes the pair friends, in one transaction. Null when the request was
   * answered meanwhile.
   */
  answer(request: FriendRequestEntity, status: RequestStatus): Promise<FriendRequestEntity | null> {
    return this.dataSource.transaction(async (em) => {
      if (status === 'accepted') await lockPair(em, request.fromId, request.toId);
      if (!(await closePending(em, FriendRequestEntity, request.id, status))) return null;
      if (status === 'accepted') {
        await em
          .createQueryBuilder()
          .insert()
          .into(FriendshipEntity)
          .values(orderedPair(request.fromId, request.toId))
          .orIgnore()
          .execute();
      }
      return em.findOneByOrFail(FriendRequestEntity, { id: request.id });
    });
  }

  /** Ends a friendship; false when there was none. */
  async deleteFriendship(x: string, y: string): Promise<boolean> {
    const res = await this.friendships.delete(orderedPair(x, y));
    return (res.affected ?? 0) > 0;
  }

  /**
   * A deleted account leaves the social graph: its pending requests (either way) are cancelled and its friendships
   * end, in one transaction. Answers the former friends and the requests closed.
   */
  forgetUser(userId: string): Promise<{ friendIds: string[]; closed: FriendRequestEntity[] }> {
    return this.dataSource.transaction(async (em) => {
      const closed = await queryRows<{ id: string }>(
        em,
        `UPDATE friend_requests SET status = 'cancelled', responded_at = now()
          WHERE status = 'pending' AND (from_id = $1 OR to_id = $1)
        RETURNING id`,
        [userId],
      );
      const ended = await queryRows<{ user_a: string; user_b: string }>(
        em,
        `DELETE FROM friendships WHERE user_a = $1 OR user_b = $1 RETURNING user_a, user_b`,
        [userId],
      );
      return {
        friendIds: ended.map((f) => (f.user_a === userId ? f.user_b : f.user_a)),
        closed: closed.length ? await em.findBy(FriendRequestEntity, { id: In(closed.map((c) => c.id)) }) : [],
      };
    });
  }

  // ---- blocks ----

  /**
   * `blocker` blocks `blocked` (again: nothing changes): pending requests between them are cancelled and their
   * friendship ends, in one transaction under the pair's lock.
   */
  block(blockerId: string, blockedId: string): Promise<BlockOutcome> {
    return this.dataSource.transaction(async (em) => {
      await lockPair(em, blockerId, blockedId);
      await em.createQueryBuilder().insert().into(UserBlockEntity).values({ blockerId, blockedId }).orIgnore().execute();
      const closed = await queryRows<{ id: string }>(
        em,
        `UPDATE friend_requests SET status = 'cancelled', responded_at = now()
          WHERE status = 'pending' AND ((from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1))
        RETURNING id`,
        [blockerId, blockedId],
      );
      const ended = await em.delete(FriendshipEntity, orderedPair(blockerId, blockedId));
      return {
        friendshipEnded: (ended.affected ?? 0) > 0,
        closed: closed.length
          ? await em.findBy(
              FriendRequestEntity,
              closed.map((c) => ({ id: c.id })),
            )
          : [],
      };
    });
  }

  /** Lifts a block; false when there was none. */
  async unblock(blockerId: string, blockedId: string): Promise<boolean> {
    const res = await this.blocks.delete({ blockerId, blockedId });
    return (res.affected ?? 0) > 0;
  }

  /** Users the blocker blocked, the latest first. */
  async blockedIds(blockerId: string): Promise<string[]> {
    const rows = await this.blocks.find({ where: { blockerId }, order: { createdAt: 'DESC' }, select: { blockedId: true } });
    return rows.map((r) => r.blockedId);
  }

  /** Whether `blocker` blocked `blocked`. */
  async isBlocked(blockerId: string, blockedId: string): Promise<boolean> {
    return (await this.blocks.countBy({ blockerId, blockedId })) > 0;
  }

  /** Whether either of the two blocked the other. */
  async blockedBetween(x: string, y: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await queryRows<{ one: number }>(
      em,
      `SELECT 1 AS one FROM user_blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1) LIMIT 1`,
      [x, y],
    );
    return rows.length > 0;
  }
}
